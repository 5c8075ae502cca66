#!/usr/bin/env bash
# Sets up, builds both targets, and runs every test: native (unit, HTTP, /proc probes, e2e) and
# Windows under Wine (unit, HTTP, Win32 probes, SCM e2e).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

bash scripts/setup.sh --windows
bash scripts/build.sh all

export WINEPREFIX="$root/.cache/wineprefix" WINEDEBUG=-all
# A persistent wineserver: each Windows test then starts in milliseconds, not seconds. Boot the
# prefix here with every stream on /dev/null: Wine's helper processes (services.exe,
# winedevice.exe) live on and would otherwise hold ctest's output pipe open, so ctest would wait
# for them forever.
wineserver -p </dev/null >/dev/null 2>&1 || true
/usr/lib/wine/wine64 wineboot </dev/null >/dev/null 2>&1 || true
trap 'wineserver -k 2>/dev/null || true' EXIT

status=0
passed=0
failed=0
for suite in native windows; do
  echo "=== $suite tests"
  log="$root/build/$suite/ctest.log"
  ctest --test-dir "build/$suite" --output-on-failure -j 2 2>&1 | tee "$log" || status=1
  line=$(grep -E '^[0-9]+% tests passed, [0-9]+ tests failed out of [0-9]+' "$log" | tail -n1)
  total=$(echo "$line" | sed -E 's/.* out of ([0-9]+).*/\1/')
  bad=$(echo "$line" | sed -E 's/.* ([0-9]+) tests failed.*/\1/')
  passed=$((passed + ${total:-0} - ${bad:-0}))
  failed=$((failed + ${bad:-0}))
  [ -n "$line" ] || { echo "no ctest summary for $suite"; status=1; }
done
echo "all suites: $passed passed, $failed failed"
exit $status
