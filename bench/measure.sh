#!/usr/bin/env bash
# Measurements against the real processes: database relief, memory per cached profile, growth, write latency.
#
#   bench/measure.sh relief [--profiles 1000] [--runs 3] [--read-delay 00:00:00.100]
#   bench/measure.sh memory [--profiles 100000] [--ttl 00:02:00] [--runs 1]
#   bench/measure.sh growth [--sizes 1000,100000]
#   bench/measure.sh writes [--writes 500] [--paused-writes 5]   # uses frontend ports 5280, 5281 and 5282
#
# Builds src/Silo, src/WebFrontend and the tool in Release, installs dotnet-gcdump (for heap figures) into
# artifacts/tools if it is not on PATH, then runs bench/OrleansCache.Measure. The silo and frontend run on
# loopback ports 11311 (silo), 30200 (gateway), 8281 (dashboard), 5280 (frontend); override with
# --silo-port/--gateway-port/--dashboard-port/--frontend-port. Everything it starts is stopped when it ends.
# Tables go to stdout and artifacts/measure/<date>-<command>/report.md, with the processes' logs and heap dumps.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

for project in src/Silo src/WebFrontend bench/OrleansCache.Measure; do
  dotnet build "$project" -c Release -v quiet -nologo >/dev/null
done

if [[ -z "${DOTNET_GCDUMP:-}" ]]; then
  if command -v dotnet-gcdump >/dev/null; then
    DOTNET_GCDUMP="$(command -v dotnet-gcdump)"
  else
    if [[ ! -x artifacts/tools/dotnet-gcdump ]]; then
      dotnet tool install --tool-path artifacts/tools dotnet-gcdump >/dev/null
    fi
    DOTNET_GCDUMP="$root/artifacts/tools/dotnet-gcdump"
  fi
fi
export DOTNET_GCDUMP

exec dotnet bench/OrleansCache.Measure/bin/Release/net10.0/OrleansCache.Measure.dll "$@"
