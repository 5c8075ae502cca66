#!/usr/bin/env bash
# Remote write's tests on their own, after scripts/build.sh all: the unit tests (encoder with
# protozero's reader, queue, config), the encoder's property test against Google's protobuf
# runtime, and the end-to-end runs against Debian's Prometheus (native, and the .exe under
# Wine). scripts/test.sh runs the same through ctest. Prints pass/fail counts.
#   tests/remote_write/run.sh [OUTAGE_SECONDS]   (default 6, as CI; bench/remote_write_outage.sh: 60)
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
outage="${1:-6}"
passed=0
failed=0
count() {  # name, command...
  local name="$1"
  shift
  echo "=== $name"
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $name"; fi
}
count native-unit build/native/tests/unit_tests --gtest_filter='RemoteWrite*' --gtest_brief=1
count encoder-property /usr/bin/python3 tests/remote_write/encoder_property.py \
  build/native/tests/remote_write_encode_tool 300
count e2e-native /usr/bin/python3 tests/remote_write/remote_write_e2e.py build/native/sysmetrics \
  --outage "$outage"
if [ -x build/windows/sysmetrics.exe ]; then
  export WINEPREFIX="$root/.cache/wineprefix" WINEDEBUG=-all
  wineserver -p </dev/null >/dev/null 2>&1 || true
  /usr/lib/wine/wine64 wineboot </dev/null >/dev/null 2>&1 || true
  count windows-unit /usr/lib/wine/wine64 build/windows/tests/unit_tests.exe \
    --gtest_filter='RemoteWrite*' --gtest_brief=1
  count e2e-wine /usr/bin/python3 tests/remote_write/remote_write_e2e.py \
    build/windows/sysmetrics.exe --wine --only push,restart --outage "$outage"
fi
echo "remote write: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
