#!/usr/bin/env bash
# Runs each fuzz target for a long time (default 10 minutes each) and prints executions and
# crashes. New inputs go to a scratch corpus; a crash is saved there and should become a
# regression test plus a file under tests/fuzz/corpus/<target>/.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
seconds="${1:-600}"
bash "$root/scripts/build.sh" fuzz >/dev/null
printf '%-14s %14s %10s %8s\n' target executions exec/s crashes
for target in fuzz_config fuzz_parsers fuzz_http fuzz_textfile; do
  scratch=$(mktemp -d)
  (cd "$scratch" && "$root/build/fuzz/$target" -max_total_time="$seconds" -rss_limit_mb=2048 \
     -print_final_stats=1 "$scratch" "$root/tests/fuzz/corpus/$target" > log 2>&1) || true
  runs=$(grep -Eo 'number_of_executed_units: [0-9]+' "$scratch/log" | grep -Eo '[0-9]+' || echo 0)
  crashes=$(ls "$scratch" | grep -c '^crash-' || true)
  printf '%-14s %14s %10s %8s\n' "$target" "$runs" "$((runs / seconds))" "$crashes"
done
