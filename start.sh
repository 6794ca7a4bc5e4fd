#!/usr/bin/env bash
# Builds OrleansCache and runs it on this machine: the silo (grains + Orleans Dashboard) and the REST frontend,
# each as its own process, started from the repository root so the default database is ./data/orleanscache.db.
#
#   ./start.sh [--no-build] [--Key=value ...]
#
#   --no-build     skip the Release build of src/Silo and src/WebFrontend (they must have been built before)
#   --Key=value    configuration passed to both processes, e.g. --Orleans:GatewayPort=31000 --Urls=http://127.0.0.1:6080
#                  (each process ignores the keys that are not its own; a gateway port given this way is also
#                  handed to the frontend as Orleans:Gateway, unless that is given too)
#
# Each process gets START_TIMEOUT seconds (default 120) to become ready: the silo when its gateway port accepts
# connections, the frontend when GET /health/ready answers 200. If one exits first, its log's tail is shown.
#
# Ctrl-C (or SIGTERM/SIGHUP to this script) stops the frontend, then the silo, each with SIGTERM (SIGKILL after
# STOP_TIMEOUT seconds, default 30), and waits for both: no process is left behind. If either process exits on
# its own, the other is stopped the same way.
#
# Logs: each process's output goes to this terminal, every line prefixed with [silo] or [frontend], and an
# unprefixed copy goes to data/logs/silo.log and data/logs/frontend.log (started afresh each run).
#
# Needs only the .NET SDK (see global.json) and bash; readiness is checked over bash's /dev/tcp.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"

export DOTNET_NOLOGO="${DOTNET_NOLOGO:-1}"
export DOTNET_CLI_TELEMETRY_OPTOUT="${DOTNET_CLI_TELEMETRY_OPTOUT:-1}"

start_timeout="${START_TIMEOUT:-120}"
stop_timeout="${STOP_TIMEOUT:-30}"
silo_dll="src/Silo/bin/Release/net10.0/OrleansCache.Silo.dll"
frontend_dll="src/WebFrontend/bin/Release/net10.0/OrleansCache.WebFrontend.dll"
log_dir="data/logs"

say() { printf 'start.sh: %s\n' "$*"; }
fail() { printf 'start.sh: error: %s\n' "$*" >&2; exit 1; }

build=1
settings=()
for arg in "$@"; do
  case "$arg" in
    --no-build) build=0 ;;
    -h | --help) awk 'NR == 1 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "$0"; exit 0 ;;
    --?*=*) settings+=("$arg") ;;
    *) fail "unknown argument '$arg' (expected --no-build or --Key=value; see --help)" ;;
  esac
done

# The value a process will see for a configuration key, the way .NET resolves it: the last --Key=value
# argument, else the environment variable Key with ':' as '__' (both case-insensitive), else the default.
lower() { printf '%s' "$1" | tr '[:upper:]' '[:lower:]'; }
setting() {
  local key default="$2" arg name value="" found=0
  key="$(lower "$1")"
  for arg in "${settings[@]+"${settings[@]}"}"; do
    name="${arg#--}"
    if [[ "$(lower "${name%%=*}")" == "$key" ]]; then value="${arg#*=}"; found=1; fi
  done
  if (( ! found )); then
    for name in $(compgen -e); do
      if [[ "$(lower "$name")" == "${key//:/__}" ]]; then value="${!name}"; found=1; fi
    done
  fi
  if (( found )); then printf '%s' "$value"; else printf '%s' "$default"; fi
}

has_setting() { [[ "$(setting "$1" $'\x01')" != $'\x01' ]]; }

# host and port of the first URL in a ';'-separated list; wildcard hosts are reached on 127.0.0.1.
url_host() { local u="${1%%;*}"; u="${u#*://}"; u="${u%%/*}"; u="${u%:*}"; u="${u#[}"; u="${u%]}";
  case "$u" in '*' | '+' | 0.0.0.0 | :: | localhost | '') printf '127.0.0.1' ;; *) printf '%s' "$u" ;; esac; }
url_port() { local u="${1%%;*}" scheme="${1%%://*}"; u="${u#*://}"; u="${u%%/*}"
  if [[ "$u" =~ :([0-9]+)$ ]]; then printf '%s' "${BASH_REMATCH[1]}"; elif [[ "$scheme" == https ]]; then printf 443; else printf 80; fi; }
url_base() { local u="${1%%;*}"; printf '%s://%s:%s' "${u%%://*}" "$(url_host "$u")" "$(url_port "$u")"; }

accepts() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

# The status code of GET http://host:port/path, or nothing when no answer comes.
http_status() {
  (
    exec 3<>"/dev/tcp/$1/$2" || exit 0
    printf 'GET %s HTTP/1.1\r\nHost: %s:%s\r\nConnection: close\r\n\r\n' "$3" "$1" "$2" >&3
    read -r -t 5 _ status _ <&3 || true
    printf '%s' "${status:-}"
  ) 2>/dev/null
}

gateway_port="$(setting Orleans:GatewayPort 30000)"
silo_port="$(setting Orleans:SiloPort 11111)"
dashboard_urls="$(setting Dashboard:Urls http://127.0.0.1:8081)"
frontend_urls="$(setting Urls "${ASPNETCORE_URLS:-${DOTNET_URLS:-http://127.0.0.1:5080}}")"
frontend_settings=("${settings[@]+"${settings[@]}"}")
if has_setting Orleans:GatewayPort && ! has_setting Orleans:Gateway; then
  frontend_settings+=("--Orleans:Gateway=127.0.0.1:$gateway_port")
fi

if (( build )); then
  say "building src/Silo and src/WebFrontend (Release)"
  dotnet build src/Silo -c Release -v quiet
  dotnet build src/WebFrontend -c Release -v quiet
fi
for dll in "$silo_dll" "$frontend_dll"; do
  [[ -f "$dll" ]] || fail "$dll is missing; run ./start.sh without --no-build once"
done

# Something else listening on these ports would answer our readiness checks in place of our processes.
for check in "$gateway_port:Orleans:GatewayPort" "$silo_port:Orleans:SiloPort" \
             "$(url_port "$dashboard_urls"):Dashboard:Urls" "$(url_port "$frontend_urls"):Urls"; do
  port="${check%%:*}"
  if accepts 127.0.0.1 "$port"; then
    fail "port $port (${check#*:}) is already in use; is OrleansCache already running? Pass --${check#*:}=... to use another"
  fi
done

mkdir -p "$log_dir"
pipes="$(mktemp -d)"
silo_pid="" frontend_pid="" silo_log_pid="" frontend_log_pid=""

# Copies a process's output to its log file and, prefixed, to the terminal, until the process closes it.
# It ignores Ctrl-C and SIGTERM so that the last lines of a stopping process are still shown.
relay() {
  trap '' INT TERM HUP
  local name="$1" line
  exec 4>"$2"
  while IFS= read -r line || [[ -n "$line" ]]; do
    printf '%s\n' "$line" >&4
    printf '[%s] %s\n' "$name" "$line"
  done
}

# start NAME DLL ARGS...: runs dotnet DLL ARGS in the background with its output relayed; sets NAME_pid.
start() {
  local name="$1" dll="$2"; shift 2
  mkfifo "$pipes/$name"
  relay "$name" "$log_dir/$name.log" <"$pipes/$name" &
  printf -v "${name}_log_pid" '%s' "$!"
  dotnet "$dll" "$@" >"$pipes/$name" 2>&1 </dev/null &
  printf -v "${name}_pid" '%s' "$!"
}

# stop NAME PID: SIGTERM, then wait for it to exit; SIGKILL if it has not after $stop_timeout seconds.
stop() {
  local name="$1" pid="$2" watchdog
  [[ -n "$pid" ]] || return 0
  if kill -0 "$pid" 2>/dev/null; then
    say "stopping the $name (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    # The timer's sleep inherits stop_all's ignored TERM, so it is ended with KILL.
    ( sleep "$stop_timeout" & timer=$!
      trap 'kill -KILL "$timer" 2>/dev/null; wait "$timer" 2>/dev/null; exit 0' TERM
      wait "$timer"
      say "the $name did not stop within ${stop_timeout}s; killing it"
      kill -KILL "$pid" 2>/dev/null ) &
    watchdog=$!
    wait "$pid" 2>/dev/null || true
    kill -TERM "$watchdog" 2>/dev/null || true
    wait "$watchdog" 2>/dev/null || true
  else
    wait "$pid" 2>/dev/null || true
  fi
}

stopped=0
stop_all() {
  (( stopped )) && return 0
  stopped=1
  trap '' INT TERM HUP
  stop frontend "$frontend_pid"
  stop silo "$silo_pid"
  # The relays end once their process has closed its output.
  [[ -z "$frontend_log_pid" ]] || wait "$frontend_log_pid" 2>/dev/null || true
  [[ -z "$silo_log_pid" ]] || wait "$silo_log_pid" 2>/dev/null || true
  rm -rf "$pipes"
}
trap stop_all EXIT
trap 'echo; say "interrupted"; exit 130' INT
trap 'say "terminated"; exit 143' TERM HUP

# exited NAME WHEN: after the process ended on its own, says so with the end of its log, and fails.
exited() {
  local name="$1" pid_var="${1}_pid" relay_var="${1}_log_pid" code=0
  local pid="${!pid_var}" relay="${!relay_var}"
  wait "$pid" 2>/dev/null || code=$?
  wait "$relay" 2>/dev/null || true   # its last lines are on the terminal and in the log now
  printf -v "${name}_pid" '%s' ""
  printf -- '--- last lines of %s ---\n' "$log_dir/$name.log" >&2
  tail -n 25 "$log_dir/$name.log" >&2
  fail "the $name exited with code $code $2"
}

# wait_until NAME PID DESCRIPTION COMMAND...: polls COMMAND until it succeeds, for at most $start_timeout seconds.
wait_until() {
  local name="$1" pid="$2" what="$3"; shift 3
  local deadline=$((SECONDS + start_timeout))
  until "$@"; do
    kill -0 "$pid" 2>/dev/null || exited "$name" "before it was ready"
    (( SECONDS < deadline )) || fail "the $name did not get ready within ${start_timeout}s ($what); see $log_dir/$name.log"
    sleep 0.2
  done
}

# Ready when GET /health/ready answers 200 (the cluster and the database answer); over https, which bash cannot
# speak, when the port accepts connections.
frontend_ready() {
  local host port
  host="$(url_host "$frontend_urls")" port="$(url_port "$frontend_urls")"
  if [[ "${frontend_urls%%://*}" == https ]]; then accepts "$host" "$port"; return; fi
  [[ "$(http_status "$host" "$port" /health/ready)" == 200 ]]
}

say "starting the silo (gateway port $gateway_port)"
start silo "$silo_dll" "${settings[@]+"${settings[@]}"}"
wait_until silo "$silo_pid" "gateway port $gateway_port" accepts 127.0.0.1 "$gateway_port"

say "starting the frontend ($(url_base "$frontend_urls"))"
start frontend "$frontend_dll" "${frontend_settings[@]+"${frontend_settings[@]}"}"
wait_until frontend "$frontend_pid" "GET /health/ready answering 200" frontend_ready

api="$(url_base "$frontend_urls")"
dashboard="$(url_base "$dashboard_urls")"
cat <<EOF

  OrleansCache is running (silo pid $silo_pid, frontend pid $frontend_pid). Ctrl-C stops both.
    API        $api/api/profiles   (also $api/api/models, $api/api/cache/stats, $api/openapi/v1.json)
    Dashboard  $dashboard/dashboard   (the cache: $dashboard/dashboard/cache/)
    Database   $(has_setting Storage:ConnectionString && echo "as set by Storage:ConnectionString" || echo "./data/orleanscache.db")
    Logs       $log_dir/silo.log, $log_dir/frontend.log

EOF

# Run until a signal arrives (the traps stop both) or either process exits on its own.
if (( BASH_VERSINFO[0] > 5 || (BASH_VERSINFO[0] == 5 && BASH_VERSINFO[1] >= 1) )); then
  wait -n "$silo_pid" "$frontend_pid" || true
else
  while kill -0 "$silo_pid" 2>/dev/null && kill -0 "$frontend_pid" 2>/dev/null; do sleep 1; done
fi
if ! kill -0 "$frontend_pid" 2>/dev/null; then exited frontend "while running"; fi
exited silo "while running"
