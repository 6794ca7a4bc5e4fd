-- One wrk script for every run of bench/http/run.sh.
--   BENCH_PATH        the path, or for a spread the path prefix to which an id number is appended
--   BENCH_SPREAD      0: always BENCH_PATH; N: BENCH_PATH .. i with i in 0 … N-1
--   BENCH_SEQUENTIAL  1: i goes 0, 1, 2, … (a warm-up that touches every id); otherwise i is random
--   BENCH_ACCEPT_ENCODING  if set, sent as Accept-Encoding (e.g. "gzip, br", as browsers and HTTP clients do)
-- done() prints one line: RESULT <requests/s> <p50 ms> <p99 ms> <errors> <requests>.
local path = os.getenv("BENCH_PATH") or "/"
local spread = tonumber(os.getenv("BENCH_SPREAD") or "0")
local sequential = os.getenv("BENCH_SEQUENTIAL") == "1"
local next_id = 0

-- Without a request function wrk sends one request, built once from wrk.path: the cheapest for the load generator.
wrk.path = path
local accept_encoding = os.getenv("BENCH_ACCEPT_ENCODING")
if accept_encoding and accept_encoding ~= "" then
  wrk.headers["Accept-Encoding"] = accept_encoding
end

if spread > 0 then
  request = function()
    local i
    if sequential then
      i = next_id % spread
      next_id = next_id + 1
    else
      i = math.random(0, spread - 1)
    end
    return wrk.format("GET", path .. i)
  end
end

done = function(summary, latency, requests)
  local e = summary.errors
  local errors = e.connect + e.read + e.write + e.status + e.timeout
  io.write(string.format("RESULT %.1f %.3f %.3f %d %d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    errors, summary.requests))
end
