#!/usr/bin/env bash
# Measures what one request costs in a cluster, for the cost model in docs/deployment.md: CPU time per request of
# each process (frontend, silos, PostgreSQL), cluster messages per request, and database statements per request,
# for cached reads (hot and spread), cold reads (misses) and writes. It runs ./cluster.sh (a private PostgreSQL,
# SILOS silos, one frontend), seeds PROFILES profiles, drives the frontend with wrk, and reads the figures from
# /proc (CPU), the silos' /metrics (Orleans' message counters) and /api/cache/stats (statements).
#
#   bench/cluster/run.sh [--no-build]
#
# Environment: SILOS (3), PROFILES (1000), SECONDS_PER_RUN (20), CONNECTIONS (32).
# wrk comes from Debian (apt-get install -y wrk); the script installs it if missing.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
silos="${SILOS:-3}" profiles="${PROFILES:-1000}" duration="${SECONDS_PER_RUN:-20}" connections="${CONNECTIONS:-32}"
api="http://127.0.0.1:5081"
build=()
[[ "${1:-}" == "--no-build" ]] && build=(--no-build)

say() { printf 'bench/cluster: %s\n' "$*" >&2; }
if ! command -v wrk >/dev/null; then
  say "installing wrk from Debian's packages"
  if (( EUID == 0 )); then apt-get update -qq && apt-get install -y -qq wrk >/dev/null
  else sudo apt-get update -qq && sudo apt-get install -y -qq wrk >/dev/null; fi
fi

work="$(mktemp -d)"
./cluster.sh "${build[@]}" --silos="$silos" --frontends=1 --Logging:LogLevel:OrleansCache.Requests=Warning >"$work/cluster.log" 2>&1 &
cluster_pid=$!
trap 'kill -TERM "$cluster_pid" 2>/dev/null; wait "$cluster_pid" 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 600); do
  grep -q 'cluster is running' "$work/cluster.log" && break
  kill -0 "$cluster_pid" 2>/dev/null || { tail -30 "$work/cluster.log" >&2; exit 1; }
  sleep 0.5
done
grep -q 'cluster is running' "$work/cluster.log" || { say "the cluster did not start"; exit 1; }

frontend_pid="$(pgrep -f 'OrleansCache.WebFrontend.dll --Urls=http://127.0.0.1:5081' | head -n 1)"
silo_pids="$(pgrep -f 'OrleansCache.Silo.dll' | tr '\n' ' ')"
pg_dir="$(sed -n 's/.*(data in \([^,]*\), deleted on exit).*/\1/p' "$work/cluster.log" | head -n 1)"
postmaster="$(head -n 1 "$pg_dir/data/postmaster.pid")"
# The server and its backends (a backend that ended is in the server's own children's times).
pg_pids() { echo "$postmaster $(pgrep -P "$postmaster" | tr '\n' ' ')"; }
tick="$(getconf CLK_TCK)"

# CPU seconds (user + system) of the given pids, children that exited included.
cpu() { local total=0 p; for p in $1; do [[ -r /proc/$p/stat ]] || continue
  total=$(awk -v t="$total" -v hz="$tick" '{ print t + ($14 + $15 + $16 + $17) / hz }' "/proc/$p/stat"); done; echo "$total"; }
# Orleans messages sent by all silos (every connection direction), from their Prometheus endpoints.
messages() { local total=0 i; for ((i = 1; i <= silos; i++)); do
  total=$((total + $(curl -s "http://127.0.0.1:$((8080 + i))/metrics" |
    awk '/^orleans_messaging_sent_messages_size_bytes_count/ { s += $NF } END { printf "%d", s }'))); done; echo "$total"; }
statements() { curl -s "$api/api/cache/stats" | sed -n 's/.*"reads":\([0-9]*\),"writes":\([0-9]*\).*/\1 \2/p'; }

say "seeding $profiles profiles"
for ((k = 0; k < profiles; k++)); do
  printf 'url = "%s/api/profiles"\nrequest = "POST"\nheader = "Content-Type: application/json"\ndata = "{\\"id\\":\\"bench%d\\",\\"name\\":\\"Profile %d\\",\\"model\\":\\"gpt-4o\\",\\"temperature\\":0.7}"\noutput = /dev/null\nwrite-out = "%%{http_code}\\n"\nnext\n' "$api" "$k" "$k"
done | sed '$d' >"$work/seed.curl"   # no `next` after the last one
# Every create must be acknowledged (201), or the runs below would measure lookups of absent profiles.
# (Each request is its own set of options, ended by `next`: without it curl would merge their bodies into one.)
# A silo that has just joined may answer 503 for a moment: send the whole batch again (409: created before).
for attempt in 1 2 3 4 5; do
  codes="$(curl -s --parallel --parallel-max 16 --config "$work/seed.curl" | sort | uniq -c | tr -s ' ' | tr '\n' ';')"
  created="$(grep -oE '[0-9]+ (201|409)' <<<"$codes" | awk '{ s += $1 } END { print s + 0 }')"
  (( created == profiles )) && break
  say "seeding attempt $attempt: answers $codes"
  sleep 1
done
(( created == profiles )) || { say "only $created of $profiles profiles were created"; exit 1; }

# measure NAME COUNT COMMAND...: runs COMMAND (wrk, which prints its RESULT line, or curl sending COUNT requests);
# prints the table row.
measure() {
  local name="$1" requests="$2"; shift 2
  local f0 s0 p0 m0 st0 f1 s1 p1 m1 st1 out
  f0=$(cpu "$frontend_pid"); s0=$(cpu "$silo_pids"); p0=$(cpu "$(pg_pids)"); m0=$(messages); st0=$(statements)
  out="$("$@")"
  f1=$(cpu "$frontend_pid"); s1=$(cpu "$silo_pids"); p1=$(cpu "$(pg_pids)"); m1=$(messages); st1=$(statements)
  if grep -q '^RESULT' <<<"$out"; then
    requests="$(sed -n 's/^RESULT [^ ]* [^ ]* [^ ]* [^ ]* \([0-9]*\)$/\1/p' <<<"$out")"
  fi
  [[ -n "$requests" && "$requests" -gt 0 ]] || { say "no requests counted: $out"; return 1; }
  awk -v n="$name" -v r="$requests" -v line="$(grep ^RESULT <<<"$out" || echo "RESULT -")" \
      -v f="$(awk -v a="$f0" -v b="$f1" 'BEGIN{print b-a}')" -v s="$(awk -v a="$s0" -v b="$s1" 'BEGIN{print b-a}')" \
      -v p="$(awk -v a="$p0" -v b="$p1" 'BEGIN{print b-a}')" -v m=$((m1 - m0)) \
      -v dr=$(( ${st1% *} - ${st0% *} )) -v dw=$(( ${st1#* } - ${st0#* } )) 'BEGIN {
        split(line, x, " ");
        printf "| %s | %d | %s | %s | %.1f | %.1f | %.1f | %.2f | %.3f | %.3f |\n", n, r, x[2], (x[5] == "" ? "-" : x[5]), f*1e6/r, s*1e6/r, p*1e6/r, m/r, dr/r, dw/r }'
}

lua="bench/http/wrk.lua"
echo
echo "| requests | count | requests/s | errors (non-2xx) | frontend CPU µs/request | silos CPU µs/request | PostgreSQL CPU µs/request | cluster messages/request | database reads/request | database writes/request |"
echo "|---|---|---|---|---|---|---|---|---|---|"
# Every profile once, right after a clear: each GET is a miss.
for ((k = 0; k < profiles; k++)); do printf 'url = "%s/api/profiles/bench%d"\noutput = /dev/null\n' "$api" "$k"; done >"$work/cold.curl"
curl -s -X POST "$api/api/cache/clear/profiles" >/dev/null
measure "GET of a cold profile (a miss)" "$profiles" curl -s --parallel --parallel-max 16 --config "$work/cold.curl"
BENCH_PATH=/api/profiles/bench0 measure "GET one hot profile (cached)" 0 wrk -t1 -c"$connections" -d"${duration}s" -s "$lua" "$api"
BENCH_PATH=/api/profiles/bench BENCH_SPREAD="$profiles" measure "GET spread over $profiles profiles (cached)" 0 wrk -t1 -c"$connections" -d"${duration}s" -s "$lua" "$api"
cat >"$work/patch.lua" <<EOF
local n = 0
request = function()
  n = n + 1
  return wrk.format("PATCH", "/api/profiles/bench" .. (n % $profiles), { ["Content-Type"] = "application/merge-patch+json" }, '{"temperature":0.5}')
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %.1f %.3f %.3f %d %d\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, e.connect + e.read + e.write + e.status + e.timeout, summary.requests))
end
EOF
measure "PATCH (write-through)" 0 wrk -t1 -c8 -d"${duration}s" -s "$work/patch.lua" "$api"
echo
say "silos: $silos; $(nproc) cores, all processes unpinned"
