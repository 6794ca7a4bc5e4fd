#!/usr/bin/env bash
# Runs OrleansCache as a real cluster on this machine: a throw-away PostgreSQL server (storage and membership),
# N silos and M frontends on loopback, all on AdoNet membership, as separate processes started the way start.sh
# starts one of each. Any silo may be killed (kill -9) and started again; the frontends find the living silos in
# the membership table.
#
#   ./cluster.sh [--no-build] [--silos=3] [--frontends=2] [--Key=value ...]
#
#   --no-build     skip the Release build of src/Silo and src/WebFrontend (they must have been built before)
#   --silos=N      how many silos (default 3): silo i listens on 11110+i (silo-to-silo), 30000+i (gateway) and
#                  serves its dashboard on http://127.0.0.1:8080+i
#   --frontends=M  how many frontends (default 2): frontend j serves the API on http://127.0.0.1:5080+j
#   --Key=value    configuration passed to every process (each ignores the keys that are not its own)
#
# The server runs from a temporary folder (initdb; as root it runs as the postgres user, which PostgreSQL
# requires) on a free port, and the folder is deleted when the script stops. Logs: each process's output goes to
# this terminal, prefixed [silo1], [frontend2], ..., and to data/cluster/logs/. Ctrl-C (or SIGTERM) stops the
# frontends, then the silos, then PostgreSQL, and waits for all of them.
#
# To restart a silo you killed: the script prints the command line of each process; run it again (same ports,
# or other ports: a silo on new ports joins just as well).
#
# Needs the .NET SDK and the PostgreSQL server binaries (Debian: apt-get install postgresql; initdb and pg_ctl).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"

export DOTNET_NOLOGO="${DOTNET_NOLOGO:-1}"
export DOTNET_CLI_TELEMETRY_OPTOUT="${DOTNET_CLI_TELEMETRY_OPTOUT:-1}"

start_timeout="${START_TIMEOUT:-120}"
silo_dll="src/Silo/bin/Release/net10.0/OrleansCache.Silo.dll"
frontend_dll="src/WebFrontend/bin/Release/net10.0/OrleansCache.WebFrontend.dll"
log_dir="data/cluster/logs"

say() { printf 'cluster.sh: %s\n' "$*"; }
fail() { printf 'cluster.sh: error: %s\n' "$*" >&2; exit 1; }

build=1 silos=3 frontends=2
settings=()
for arg in "$@"; do
  case "$arg" in
    --no-build) build=0 ;;
    --silos=*) silos="${arg#*=}" ;;
    --frontends=*) frontends="${arg#*=}" ;;
    -h | --help) awk 'NR == 1 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "$0"; exit 0 ;;
    --?*=*) settings+=("$arg") ;;
    *) fail "unknown argument '$arg' (see --help)" ;;
  esac
done
[[ "$silos" =~ ^[1-9][0-9]?$ ]] || fail "--silos must be a number from 1 to 99"
[[ "$frontends" =~ ^[1-9][0-9]?$ ]] || fail "--frontends must be a number from 1 to 99"

# The newest PostgreSQL server binaries: Debian keeps them under /usr/lib/postgresql/<major>/bin.
pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
[[ -n "$pg_bin" && -x "$pg_bin/initdb" ]] || pg_bin="$(dirname "$(command -v initdb 2>/dev/null || echo /nonexistent/initdb)")"
[[ -x "$pg_bin/initdb" && -x "$pg_bin/pg_ctl" ]] || fail "the PostgreSQL server is not installed (Debian: apt-get install postgresql)"

accepts() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
http_status() {
  (
    exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 0
    printf 'GET %s HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nConnection: close\r\n\r\n' "$2" "$1" >&3
    read -r -t 5 _ status _ <&3 || true
    printf '%s' "${status:-}"
  ) 2>/dev/null
}

# Every port the cluster needs must be free, or our readiness checks would see someone else's process.
for ((i = 1; i <= silos; i++)); do
  for port in $((11110 + i)) $((30000 + i)) $((8080 + i)); do
    accepts "$port" && fail "port $port (silo $i) is already in use; is a cluster already running?"
  done
done
for ((j = 1; j <= frontends; j++)); do
  accepts $((5080 + j)) && fail "port $((5080 + j)) (frontend $j) is already in use"
done

if (( build )); then
  say "building src/Silo and src/WebFrontend (Release)"
  dotnet build src/Silo -c Release -v quiet
  dotnet build src/WebFrontend -c Release -v quiet
fi
for dll in "$silo_dll" "$frontend_dll"; do
  [[ -f "$dll" ]] || fail "$dll is missing; run ./cluster.sh without --no-build once"
done

mkdir -p "$log_dir"
pipes="$(mktemp -d)"
pg_dir="$(mktemp -d "${TMPDIR:-/tmp}/orleanscache-cluster-pg.XXXXXX")"
as_postgres=()
if (( EUID == 0 )); then
  id postgres >/dev/null 2>&1 || fail "PostgreSQL refuses to run as root and there is no postgres user to run it as"
  chown postgres:postgres "$pg_dir"
  as_postgres=(runuser -u postgres --)
fi
pg_port=55432
while accepts "$pg_port"; do pg_port=$((pg_port + 1)); done

pids=() names=() relays=()

# Copies a process's output to its log file and, prefixed, to the terminal; ignores Ctrl-C so the last lines show.
relay() {
  trap '' INT TERM HUP
  local name="$1" line
  exec 4>"$2"
  while IFS= read -r line || [[ -n "$line" ]]; do
    printf '%s\n' "$line" >&4
    printf '[%s] %s\n' "$name" "$line"
  done
}

# launch NAME ARGS...: runs dotnet ARGS in the background with its output relayed; prints the command.
launch() {
  local name="$1"; shift
  mkfifo "$pipes/$name"
  relay "$name" "$log_dir/$name.log" <"$pipes/$name" &
  relays+=("$!")
  dotnet "$@" >"$pipes/$name" 2>&1 </dev/null &
  pids+=("$!") names+=("$name")
  printf -v "commands_$name" '%q ' dotnet "$@"
}

stopped=0
stop_all() {
  (( stopped )) && return 0
  stopped=1
  trap '' INT TERM HUP
  local k
  # Frontends first, then silos (each hands its counts over as it stops), newest first.
  for ((k = ${#pids[@]} - 1; k >= 0; k--)); do
    if kill -0 "${pids[k]}" 2>/dev/null; then
      say "stopping ${names[k]} (pid ${pids[k]})"
      kill -TERM "${pids[k]}" 2>/dev/null || true
    fi
  done
  for ((k = ${#pids[@]} - 1; k >= 0; k--)); do wait "${pids[k]}" 2>/dev/null || true; done
  for k in "${relays[@]+"${relays[@]}"}"; do wait "$k" 2>/dev/null || true; done
  if [[ -f "$pg_dir/data/postmaster.pid" ]]; then
    say "stopping PostgreSQL"
    "${as_postgres[@]+"${as_postgres[@]}"}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$pipes" "$pg_dir"
}
trap stop_all EXIT
trap 'echo; say "interrupted"; exit 130' INT
trap 'say "terminated"; exit 143' TERM HUP

say "starting PostgreSQL on 127.0.0.1:$pg_port (data in $pg_dir, deleted on exit)"
"${as_postgres[@]+"${as_postgres[@]}"}" "$pg_bin/initdb" -D "$pg_dir/data" -U orleans --auth=trust -E UTF8 --locale=C.UTF-8 -N >/dev/null
"${as_postgres[@]+"${as_postgres[@]}"}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/postgres.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $pg_port -c unix_socket_directories='' -c max_connections=300" start >/dev/null
database="Host=127.0.0.1;Port=$pg_port;Username=orleans;Database=postgres"
cluster=(--Storage:Provider=postgres "--Storage:ConnectionString=$database"
         --Orleans:Clustering:ProviderType=AdoNet "--Orleans:Clustering:ConnectionString=$database")

# wait_until NAME PID DESCRIPTION COMMAND...: polls COMMAND until it succeeds, for at most $start_timeout seconds.
wait_until() {
  local name="$1" pid="$2" what="$3"; shift 3
  local deadline=$((SECONDS + start_timeout))
  until "$@"; do
    kill -0 "$pid" 2>/dev/null || { tail -n 25 "$log_dir/$name.log" >&2; fail "$name exited before it was ready"; }
    (( SECONDS < deadline )) || fail "$name did not get ready within ${start_timeout}s ($what); see $log_dir/$name.log"
    sleep 0.2
  done
}

# The silos start together (they migrate the database under a lock and find each other in the membership table).
for ((i = 1; i <= silos; i++)); do
  launch "silo$i" "$silo_dll" "${cluster[@]}" --Orleans:SiloPort=$((11110 + i)) --Orleans:GatewayPort=$((30000 + i)) \
    --Dashboard:Urls=http://127.0.0.1:$((8080 + i)) "${settings[@]+"${settings[@]}"}"
done
for ((i = 1; i <= silos; i++)); do
  wait_until "silo$i" "${pids[i - 1]}" "gateway port $((30000 + i))" accepts $((30000 + i))
done
for ((j = 1; j <= frontends; j++)); do
  launch "frontend$j" "$frontend_dll" --Urls=http://127.0.0.1:$((5080 + j)) \
    --Orleans:Clustering:ProviderType=AdoNet "--Orleans:Clustering:ConnectionString=$database" "${settings[@]+"${settings[@]}"}"
done
frontend_ready() { [[ "$(http_status "$1" /health/ready)" == 200 ]]; }
for ((j = 1; j <= frontends; j++)); do
  wait_until "frontend$j" "${pids[silos + j - 1]}" "GET /health/ready answering 200" frontend_ready $((5080 + j))
done

printf '\n  OrleansCache cluster is running: %d silos, %d frontends, PostgreSQL. Ctrl-C stops all of it.\n' "$silos" "$frontends"
printf '    PostgreSQL  %s  (log %s)\n' "$database" "$pg_dir/postgres.log"
for ((k = 0; k < ${#names[@]}; k++)); do
  name="${names[k]}"
  case "$name" in
    silo*) i="${name#silo}"; printf '    %-10s  pid %-7s  dashboard http://127.0.0.1:%d/dashboard  gateway 127.0.0.1:%d\n' "$name" "${pids[k]}" $((8080 + i)) $((30000 + i)) ;;
    *) j="${name#frontend}"; printf '    %-10s  pid %-7s  API http://127.0.0.1:%d/api/profiles\n' "$name" "${pids[k]}" $((5080 + j)) ;;
  esac
done
printf '    Logs        %s/\n    To restart a silo you killed, run its command again:\n' "$log_dir"
for ((i = 1; i <= silos; i++)); do v="commands_silo$i"; printf '      %s\n' "${!v}"; done
echo

# Run until a signal arrives; silos and frontends may die and be restarted by hand meanwhile.
while true; do sleep 1; done
