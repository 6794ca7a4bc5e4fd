#!/usr/bin/env bash
# HTTP benchmarks through the real processes (docs/benchmarks.md, "HTTP through the real processes").
#
# Builds Release, starts redis-server (loopback, no persistence), the silo on a temporary SQLite file and the
# bench host (bench/OrleansCache.HttpBench: the frontend itself plus baselines under /bench), seeds profiles and
# models, then runs wrk against each endpoint and variant, several times, and prints a markdown table.
# Everything it started is stopped when it ends (also on Ctrl-C).
#
#   bench/http/run.sh            # the full run (~10 minutes)
#   RUNS=1 DURATION=3s bench/http/run.sh   # a quick look
#
# Pinning: silo, frontend and redis on CPU $SERVER_CPU (0), wrk on CPU $WRK_CPU (1).
# Settings (environment): SILO_PORT (11211), GATEWAY_PORT (30100), DASHBOARD_PORT (8181), FRONTEND_PORT (5180),
# REDIS_PORT (6390), PROFILES (10000), RUNS (3), DURATION (10s), WARMUP (2s), SPREAD_WARMUP (5s),
# CONNECTIONS (32), VARIANTS ("cached ceiling sqlite redis"), ENDPOINTS ("hot spread models"), NO_BUILD (unset),
# RESULTS (a file for the raw wrk results; default under the temporary folder, which is removed).
# wrk and redis-server come from Debian (apt-get install -y wrk redis-server); the script installs them if missing.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

silo_port="${SILO_PORT:-11211}"
gateway_port="${GATEWAY_PORT:-30100}"
dashboard_port="${DASHBOARD_PORT:-8181}"
frontend_port="${FRONTEND_PORT:-5180}"
redis_port="${REDIS_PORT:-6390}"
profiles="${PROFILES:-10000}"
runs="${RUNS:-3}"
duration="${DURATION:-10s}"
warmup="${WARMUP:-2s}"
spread_warmup="${SPREAD_WARMUP:-5s}"
connections="${CONNECTIONS:-32}"
variants="${VARIANTS:-cached ceiling sqlite redis}"
endpoints="${ENDPOINTS:-hot spread models}"
server_cpu="${SERVER_CPU:-0}"
wrk_cpu="${WRK_CPU:-1}"
base="http://127.0.0.1:$frontend_port"
here="bench/http"

say() { printf 'run.sh: %s\n' "$*" >&2; }
fail() { printf 'run.sh: error: %s\n' "$*" >&2; exit 1; }

missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v redis-server >/dev/null || missing+=(redis-server)
if (( ${#missing[@]} )); then
  say "installing ${missing[*]} from Debian's packages (apt-get)"
  if (( EUID == 0 )); then apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
  else sudo apt-get update -qq && sudo apt-get install -y -qq "${missing[@]}" >/dev/null; fi
fi

accepts() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for port in "$silo_port" "$gateway_port" "$dashboard_port" "$frontend_port" "$redis_port"; do
  accepts "$port" && fail "port $port is in use; set SILO_PORT, GATEWAY_PORT, DASHBOARD_PORT, FRONTEND_PORT or REDIS_PORT"
done

if [[ -z "${NO_BUILD:-}" ]]; then
  say "building the silo and the bench host (Release)"
  dotnet build src/Silo -c Release -v quiet -nologo >&2
  dotnet build bench/OrleansCache.HttpBench -c Release -v quiet -nologo >&2
fi

work="$(mktemp -d)"
results="${RESULTS:-$work/results.txt}"
: >"$results"
pids=()
cleanup() {
  local pid
  for pid in "${pids[@]+"${pids[@]}"}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]+"${pids[@]}"}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

database="Data Source=$work/bench.db"

say "starting redis-server on 127.0.0.1:$redis_port (no persistence), CPU $server_cpu"
taskset -c "$server_cpu" redis-server --bind 127.0.0.1 --port "$redis_port" --save '' --appendonly no \
  --dir "$work" --logfile "$work/redis.log" &
pids+=("$!"); redis_pid="$!"

say "starting the silo (gateway $gateway_port) on $work/bench.db, CPU $server_cpu"
taskset -c "$server_cpu" dotnet src/Silo/bin/Release/net10.0/OrleansCache.Silo.dll \
  "--Storage:ConnectionString=$database" "--Orleans:SiloPort=$silo_port" "--Orleans:GatewayPort=$gateway_port" \
  "--Dashboard:Urls=http://127.0.0.1:$dashboard_port" >"$work/silo.log" 2>&1 </dev/null &
pids+=("$!"); silo_pid="$!"

wait_for() { # description, command…
  local what="$1" i; shift
  for ((i = 0; i < 240; i++)); do
    if "$@"; then return 0; fi
    sleep 0.5
  done
  fail "$what did not come up; logs: $(tail -5 "$work"/*.log)"
}
wait_for "the silo gateway" accepts "$gateway_port"
wait_for "redis" accepts "$redis_port"

say "starting the bench host (the frontend) on $base, CPU $server_cpu"
taskset -c "$server_cpu" dotnet bench/OrleansCache.HttpBench/bin/Release/net10.0/OrleansCache.HttpBench.dll \
  "--urls=$base" "--Orleans:Gateway=127.0.0.1:$gateway_port" \
  "--Bench:Database=$database" "--Bench:Redis=127.0.0.1:$redis_port" >"$work/frontend.log" 2>&1 </dev/null &
pids+=("$!"); frontend_pid="$!"
ready() { [[ "$(curl -s -o /dev/null -w '%{http_code}' "$base/health/ready")" == 200 ]]; }
wait_for "the frontend" ready

status_of() { curl -s -o /dev/null -w '%{http_code}' "$@"; }

say "seeding $profiles profiles (POST /api/profiles, 16 at a time, one curl process)"
prompt="You are a helpful assistant. Answer briefly, cite sources when you can, and say when you do not know."
for ((i = 0; i < profiles; i++)); do
  (( i == 0 )) || printf 'next\n'
  printf 'url = "%s/api/profiles"\nheader = "Content-Type: application/json"\noutput = "/dev/null"\n' "$base"
  printf 'data = "{\\"id\\":\\"p%d\\",\\"name\\":\\"Profile %d\\",\\"model\\":\\"gpt-4o\\",\\"provider\\":\\"openai\\",' "$i" "$i"
  printf '\\"system_prompt\\":\\"%s\\",\\"temperature\\":0.7,\\"max_tokens\\":1024}"\nwrite-out = "%%{http_code}\\n"\n' "$prompt"
done >"$work/seed.curl"
# 201 created, 409 already there; anything else is counted and fails the run below.
taskset -c "$wrk_cpu" curl -s --no-progress-meter --parallel --parallel-max 16 --config "$work/seed.curl" | sort | uniq -c >"$work/seed.txt"
say "seed answers: $(tr -s ' \n' ' ' <"$work/seed.txt")"
grep -qvE '^ *[0-9]+ (201|409)$' "$work/seed.txt" && fail "some profiles could not be created"
for id in p0 "p$((profiles - 1))"; do
  [[ "$(status_of "$base/api/profiles/$id")" == 200 ]] || fail "profile $id was not created"
done

say "syncing 100 models, 50 of them with capability 'tools' (POST /api/models/sync)"
models=""
for ((i = 0; i < 100; i++)); do
  caps='"chat"'; (( i % 2 == 0 )) && caps='"chat","tools"'
  models+="${models:+,}{\"id\":\"model-$i\",\"name\":\"Model $i\",\"context_window\":128000,\"capabilities\":[$caps],\"enabled\":true}"
done
[[ "$(status_of -X POST "$base/api/models/sync" -H 'Content-Type: application/json' \
  -d "{\"provider\":\"bench\",\"models\":[$models]}")" == 200 ]] || fail "the model sync failed"

say "loading the ceiling's bytes (POST /bench/ceiling/load)"
curl -s -f -X POST "$base/bench/ceiling/load" >/dev/null || fail "the ceiling could not load"

hot_id="p$((profiles / 2))"
path_of() { # variant endpoint → path (for spread: the prefix the id number is appended to)
  local prefix
  case "$1" in cached) prefix="/api" ;; *) prefix="/bench/$1" ;; esac
  case "$2" in
    hot) printf '%s/profiles/%s' "$prefix" "$hot_id" ;;
    spread) printf '%s/profiles/p' "$prefix" ;;
    models) printf '%s/models?capability=tools' "$prefix" ;;
  esac
}

wrk_run() { # variant endpoint duration sequential
  local spread=0
  [[ "$2" == spread ]] && spread="$profiles"
  BENCH_PATH="$(path_of "$1" "$2")" BENCH_SPREAD="$spread" BENCH_SEQUENTIAL="$4" \
    taskset -c "$wrk_cpu" wrk -t1 -c"$connections" -d"$3" --timeout 5s -s "$here/wrk.lua" "$base" | grep '^RESULT'
}

for endpoint in $endpoints; do
  for variant in $variants; do
    [[ "$(status_of "$base$(path_of "$variant" "$endpoint")$([[ $endpoint == spread ]] && echo 0)")" == 200 ]] \
      || fail "$variant $endpoint does not answer 200"
  done
done

# CPU time (user + system, in clock ticks) of the frontend, the silo and redis: what each request cost them,
# whatever else the machine was doing.
cpu_ticks() {
  local pid
  for pid in "$frontend_pid" "$silo_pid" "$redis_pid"; do
    awk '{ printf "%d ", $14 + $15 }' "/proc/$pid/stat"
  done
}

say "measuring: endpoints ($endpoints) x variants ($variants) x $runs runs of $duration, $connections connections"
for ((run = 1; run <= runs; run++)); do
  for endpoint in $endpoints; do
    for variant in $variants; do
      if [[ "$endpoint" == spread ]]; then wrk_run "$variant" "$endpoint" "$spread_warmup" 1 >/dev/null
      else wrk_run "$variant" "$endpoint" "$warmup" 0 >/dev/null; fi
      before="$(cpu_ticks)"
      line="$(wrk_run "$variant" "$endpoint" "$duration" 0)"
      after="$(cpu_ticks)"
      say "run $run $endpoint $variant: ${line#RESULT } | CPU ticks ${before} -> ${after}"
      printf '%s %s %s %s %s\n' "$endpoint" "$variant" "${line#RESULT }" "$before" "$after" >>"$results"
    done
  done
done

# The table: median of the runs (min–max), and each variant's requests/s against the cached route's.
python3 - "$results" "$(getconf CLK_TCK)" <<'PY'
import statistics, sys
tick = int(sys.argv[2])
rows = {}
for line in open(sys.argv[1]):
    f = line.split()
    endpoint, variant, rps, p50, p99, errors, requests = f[:7]
    before, after = [int(x) for x in f[7:10]], [int(x) for x in f[10:13]]
    n = max(int(requests), 1)
    cpu = [(a - b) / tick / n * 1e6 for a, b in zip(after, before)]
    rows.setdefault((endpoint, variant), []).append((float(rps), float(p50), float(p99), int(errors), int(requests), cpu))
names = {"hot": "profile, one hot id", "spread": "profile, spread over all ids", "models": "models?capability=tools"}
print("| endpoint | variant | requests/s: median (min–max) | p50 ms | p99 ms | errors | CPU µs/request: frontend + silo + redis | cached ÷ variant |")
print("|---|---|---:|---:|---:|---:|---:|---:|")
order = []
for (endpoint, variant) in rows:
    if endpoint not in order: order.append(endpoint)
for endpoint in order:
    cached = rows.get((endpoint, "cached"))
    cached_rps = statistics.median(r[0] for r in cached) if cached else None
    for (e, variant), samples in rows.items():
        if e != endpoint: continue
        rps = [s[0] for s in samples]
        med = statistics.median(rps)
        ratio = f"{cached_rps / med:.2f}×" if cached_rps and variant != "cached" else ""
        cpu = [statistics.median(s[5][i] for s in samples) for i in range(3)]
        print(f"| {names[endpoint]} | {variant} | {med:,.0f} ({min(rps):,.0f}–{max(rps):,.0f}) | "
              f"{statistics.median(s[1] for s in samples):.2f} | {statistics.median(s[2] for s in samples):.2f} | "
              f"{sum(s[3] for s in samples)} | {cpu[0]:.0f} + {cpu[1]:.0f} + {cpu[2]:.0f} = {sum(cpu):.0f} | {ratio} |")
PY
