#!/usr/bin/env bash
# Process collection under Wine: starts N copies (default 200) of the test helper, then prints
# the Windows collectors' cost per cycle.   (after scripts/build.sh windows)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
n="${1:-200}"
build="$root/build/windows"
export WINEPREFIX="${WINEPREFIX:-$root/.cache/wineprefix}" WINEDEBUG=-all
wine=/usr/lib/wine/wine64
wineserver -p </dev/null >/dev/null 2>&1 || true
pids=()
cleanup() { [ ${#pids[@]} -gt 0 ] && kill "${pids[@]}" 2>/dev/null; wait 2>/dev/null || true; }
trap cleanup EXIT
for _ in $(seq 1 "$n"); do "$wine" "$build/tests/sleeper_helper.exe" 600 </dev/null >/dev/null 2>&1 & pids+=($!); done
sleep 5
"$wine" "$build/collector_bench.exe" --cycles 20 </dev/null 2>&1 | tr -d '\r'
