#!/usr/bin/env bash
# Sets up, builds both targets, and runs every test: native (unit, HTTP, /proc probes, e2e) and
# Windows under Wine (unit, HTTP, Win32 probes, SCM e2e).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

# Where the time goes: each stage's wall time, summed up at the end.
stage_name="" stage_start=$SECONDS timings=""
stage() {
  if [ -n "$stage_name" ]; then
    timings+=$(printf '%6d s  %s' $((SECONDS - stage_start)) "$stage_name")$'\n'
  fi
  stage_name="$1" stage_start=$SECONDS
  [ -n "$1" ] && echo "=== $1 ($(date -u +%H:%M:%S))"
  return 0
}

stage "setup"
bash scripts/setup.sh --windows
status=0
passed=0
failed=0
# The tree is clang-formatted (a drifted file fails the run, named).
stage "format"
if bash scripts/check_format.sh; then passed=$((passed + 1)); else failed=$((failed + 1)); status=1; fi
stage "build native"
bash scripts/build.sh native
stage "build windows"
bash scripts/build.sh windows

export WINEPREFIX="$root/.cache/wineprefix" WINEDEBUG=-all
# A persistent wineserver: each Windows test then starts in milliseconds, not seconds. Boot the
# prefix here with every stream on /dev/null: Wine's helper processes (services.exe,
# winedevice.exe) live on and would otherwise hold ctest's output pipe open, so ctest would wait
# for them forever.
wineserver -p </dev/null >/dev/null 2>&1 || true
/usr/lib/wine/wine64 wineboot </dev/null >/dev/null 2>&1 || true
trap 'wineserver -k 2>/dev/null || true' EXIT

for suite in native windows; do
  stage "$suite tests"
  log="$root/build/$suite/ctest.log"
  rm -rf "build/$suite/tests/gtest-results"
  ctest --test-dir "build/$suite" --output-on-failure -j 2 2>&1 | tee "$log" || status=1
  line=$(grep -E '^[0-9]+% tests passed, [0-9]+ tests failed out of [0-9]+' "$log" | tail -n1)
  total=$(echo "$line" | sed -E 's/.* out of ([0-9]+).*/\1/')
  bad=$(echo "$line" | sed -E 's/.* ([0-9]+) tests failed.*/\1/')
  # Shards (the Windows build, tests/CMakeLists.txt) count as the tests that passed inside them.
  shards_passed=$(grep -cE 'Test +#[0-9]+: [A-Za-z_]+_shard[0-9]+of[0-9]+ .*Passed' "$log" || true)
  inside=$(python3 scripts/count_gtest_passes.py "build/$suite/tests/gtest-results")
  passed=$((passed + ${total:-0} - ${bad:-0} - shards_passed + inside))
  failed=$((failed + ${bad:-0}))
  [ -n "$line" ] || { echo "no ctest summary for $suite"; status=1; }
done
# The portable core under the sanitizers: unit and HTTP tests with clang's ASan+UBSan (from the
# fuzz build, which compiles the same code with the same sanitizers); the concurrent parts
# (snapshot store, scheduler, HTTP server) with gcc's TSan.
stage "build asan+fuzz (clang)"
bash scripts/build.sh fuzz
stage "build tsan"
bash scripts/build.sh tsan
export ASAN_OPTIONS=detect_leaks=1:halt_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1
run_gtest() {  # name, binary, filter
  stage "$1"
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
# Fuzz targets (libFuzzer + ASan + UBSan), a short bounded run each, two at a time, beside the
# monitoring stage: that stage mostly waits for Prometheus to scrape and alerts to fire, so the
# fuzzers, at the lowest priority, take the idle cores rather than minutes of their own.
# bench/fuzz_long.sh runs them long.
fuzz_seconds="${SYSMETRICS_FUZZ_SECONDS:-20}"
fuzz_targets=(fuzz_config fuzz_parsers fuzz_http fuzz_textfile)
fuzz_root=$(mktemp -d)
fuzz_one() {  # target: runs it in its scratch dir and writes the verdict there
  local seeds="tests/fuzz/corpus/$1" dir="$fuzz_root/$1"
  mkdir -p "$seeds" "$dir"
  if (cd "$dir" && nice -n 19 "$root/build/fuzz/$1" -max_total_time="$fuzz_seconds" \
        -rss_limit_mb=2048 -print_final_stats=1 "$dir" "$root/$seeds" > "$dir/log" 2>&1); then
    echo ok > "$dir/verdict"
  else
    echo crash > "$dir/verdict"
  fi
}
fuzz_report() {  # target
  local dir="$fuzz_root/$1"
  if [ "$(cat "$dir/verdict" 2>/dev/null)" = ok ]; then
    echo "$1: $(grep -Eo 'number_of_executed_units: [0-9]+' "$dir/log" | grep -Eo '[0-9]+') runs, no crash"
    passed=$((passed + 1))
  else
    # Not every finding says ERROR (UBSan prints "runtime error"); never let grep end the run.
    grep -E -A30 'ERROR|runtime error' "$dir/log" | head -n 40 || tail -n 40 "$dir/log"
    echo "$1: crash (input saved in $dir)"
    failed=$((failed + 1))
    status=1
  fi
}
stage "monitoring (dashboards, rules, a real Prometheus scraping both builds); beside it ${fuzz_targets[*]} ($fuzz_seconds s each)"
(
  for ((i = 0; i < ${#fuzz_targets[@]}; i += 2)); do
    fuzz_one "${fuzz_targets[i]}" &
    [ $((i + 1)) -lt ${#fuzz_targets[@]} ] && fuzz_one "${fuzz_targets[i + 1]}"
    wait
  done
) &
fuzzing=$!
bash tests/monitoring/run.sh 2>&1 | tee build/monitoring.log || status=1
line=$(grep -E '^monitoring: [0-9]+ passed, [0-9]+ failed$' build/monitoring.log | tail -n1)
[ -n "$line" ] || { line="monitoring: 0 passed, 1 failed"; status=1; }
passed=$((passed + $(echo "$line" | cut -d' ' -f2))) failed=$((failed + $(echo "$line" | cut -d' ' -f4)))
wait "$fuzzing" || true
for target in "${fuzz_targets[@]}"; do fuzz_report "$target"; done

run_gtest asan-unit build/fuzz/tests/unit_tests '*'
run_gtest asan-http build/fuzz/tests/http_tests '*'
run_gtest tsan-unit build/tsan/tests/concurrency_tests 'SnapshotStore*:Scheduler*:ProcessCollector*:ConnectionPool*:AccessControl*:RemoteWrite*'
run_gtest tsan-http build/tsan/tests/http_tests '*'

stage ""
echo "=== where the time went"
printf '%s' "$timings"
echo "$(printf '%6d s' "$SECONDS")  in all"
echo "total: $passed passed, $failed failed"
exit $status
