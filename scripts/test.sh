#!/usr/bin/env bash
# Sets up, builds both targets, and runs every test: native (unit, HTTP, /proc probes, e2e) and
# Windows under Wine (unit, HTTP, Win32 probes, SCM e2e).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

bash scripts/setup.sh --windows
status=0
passed=0
failed=0
# The tree is clang-formatted (a drifted file fails the run, named).
if bash scripts/check_format.sh; then passed=$((passed + 1)); else failed=$((failed + 1)); status=1; fi
bash scripts/build.sh all

export WINEPREFIX="$root/.cache/wineprefix" WINEDEBUG=-all
# A persistent wineserver: each Windows test then starts in milliseconds, not seconds. Boot the
# prefix here with every stream on /dev/null: Wine's helper processes (services.exe,
# winedevice.exe) live on and would otherwise hold ctest's output pipe open, so ctest would wait
# for them forever.
wineserver -p </dev/null >/dev/null 2>&1 || true
/usr/lib/wine/wine64 wineboot </dev/null >/dev/null 2>&1 || true
trap 'wineserver -k 2>/dev/null || true' EXIT

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
echo "=== monitoring (dashboards, rules, a real Prometheus scraping both builds)"
bash tests/monitoring/run.sh 2>&1 | tee build/monitoring.log || status=1
line=$(grep -E '^monitoring: [0-9]+ passed, [0-9]+ failed$' build/monitoring.log | tail -n1)
[ -n "$line" ] || { line="monitoring: 0 passed, 1 failed"; status=1; }
passed=$((passed + $(echo "$line" | cut -d' ' -f2))) failed=$((failed + $(echo "$line" | cut -d' ' -f4)))
# The portable core under the sanitizers: unit and HTTP tests with ASan+UBSan; the concurrent
# parts (snapshot store, scheduler, HTTP server) with TSan.
bash scripts/build.sh asan
bash scripts/build.sh tsan
export ASAN_OPTIONS=detect_leaks=1:halt_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1
run_gtest() {  # name, binary, filter
  echo "=== $1"
  if "$2" --gtest_filter="$3" --gtest_brief=1 > "build/$1.log" 2>&1; then
    local n
    n=$(grep -Eo '[0-9]+ tests? from [0-9]+ test suites? ran' "build/$1.log" | head -n1 | grep -Eo '^[0-9]+')
    passed=$((passed + ${n:-0}))
    echo "$1: ${n:-0} tests passed"
  else
    tail -n 60 "build/$1.log"
    failed=$((failed + 1))
    status=1
  fi
}
run_gtest asan-unit build/asan/tests/unit_tests '*'
run_gtest asan-http build/asan/tests/http_tests '*'
run_gtest tsan-unit build/tsan/tests/unit_tests 'SnapshotStore*:Scheduler*:ProcessCollector*:ConnectionPool*:AccessControl*'
run_gtest tsan-http build/tsan/tests/http_tests '*'

# Fuzz targets (libFuzzer + ASan + UBSan), a short bounded run each; bench/fuzz_long.sh runs them long.
bash scripts/build.sh fuzz
for target in fuzz_config fuzz_parsers fuzz_http fuzz_textfile; do
  echo "=== $target (${SYSMETRICS_FUZZ_SECONDS:-20} s)"
  scratch=$(mktemp -d)
  seeds="tests/fuzz/corpus/$target"
  mkdir -p "$seeds"
  if (cd "$scratch" && "$root/build/fuzz/$target" -max_total_time="${SYSMETRICS_FUZZ_SECONDS:-20}" \
        -rss_limit_mb=2048 -print_final_stats=1 "$scratch" "$root/$seeds" > "$scratch/log" 2>&1); then
    echo "$target: $(grep -Eo 'number_of_executed_units: [0-9]+' "$scratch/log" | grep -Eo '[0-9]+') runs, no crash"
    passed=$((passed + 1))
  else
    # Not every finding says ERROR (UBSan prints "runtime error"); never let grep end the run.
    grep -E -A30 'ERROR|runtime error' "$scratch/log" | head -n 40 || tail -n 40 "$scratch/log"
    echo "$target: crash (input saved in $scratch)"
    failed=$((failed + 1))
    status=1
  fi
done

echo "total: $passed passed, $failed failed"
exit $status
