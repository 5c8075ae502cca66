#!/usr/bin/env bash
# The long soak: 10,000 cycles of every collector at 100 ms (about 17 minutes) while 4 clients
# hammer every endpoint, natively and (with --wine) under Wine. Prints memory and handle counts
# at the settled start and at the end, with growth %. CI runs the same script for 300 cycles.
#   bench/soak_long.sh [--wine] [CYCLES]      (after scripts/build.sh native|windows)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
wine=()
if [ "${1:-}" = "--wine" ]; then
  wine=(--wine); shift
  export WINEPREFIX="${WINEPREFIX:-$root/.cache/wineprefix}" WINEDEBUG=-all
  bin="$root/build/windows/sysmetrics.exe"
else
  bin="$root/build/native/sysmetrics"
fi
cycles="${1:-10000}"
exec /usr/bin/python3 "$root/tests/soak/soak.py" "$bin" "${wine[@]}" --cycles "$cycles" \
  --time-limit $((cycles / 2 + 600))
