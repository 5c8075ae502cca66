#!/usr/bin/env bash
# Collection cost per collector on Linux at several process counts (default 100 1000 3000
# sleepers on top of what runs already): wall and CPU time per cycle from collector_bench, and
# instructions per steady-state cycle from callgrind, which a noisy machine does not move:
#   Ir(1 + K cycles) - Ir(1 cycle), divided by K, counting only inside Collector::collect().
#   bench/collector_scale.sh [N ...]      (after scripts/build.sh native)
# COLLECTORS="processes connections" limits it to those; COLLECTOR_BENCH=path runs another build.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bench="${COLLECTOR_BENCH:-$root/build/native/collector_bench}"
counts=("$@"); [ ${#counts[@]} -gt 0 ] || counts=(100 1000 3000)
k=5
dpkg-query -W -f='${Status}' valgrind 2>/dev/null | grep -q "install ok installed" ||
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends valgrind >/dev/null
collectors="${COLLECTORS:-$("$bench" --list)}"
instructions() {  # $1 collector, $2 cycles -> Ir inside collect()
  valgrind --tool=callgrind --callgrind-out-file=/dev/null --collect-atstart=no \
    --toggle-collect='*::collect()' "$bench" --cycles "$2" --collector "$1" 2>&1 >/dev/null |
    awk '/Collected :/ {print $NF}'
}
pids=()
cleanup() { [ ${#pids[@]} -gt 0 ] && kill "${pids[@]}" 2>/dev/null; wait 2>/dev/null || true; }
trap cleanup EXIT
for n in "${counts[@]}"; do
  cleanup; pids=()
  ulimit -u unlimited 2>/dev/null || true
  for _ in $(seq 1 "$n"); do sleep 3600 & pids+=($!); done
  sleep 1
  echo "== $n sleepers: $(ls -d /proc/[0-9]* | wc -l) processes on $(nproc) cores =="
  # shellcheck disable=SC2046
  "$bench" --cycles 10 $(for c in $collectors; do printf -- '--collector %s ' "$c"; done)
  printf '%-11s %16s\n' collector Ir_per_cycle
  for c in $collectors; do
    one=$(instructions "$c" 1); more=$(instructions "$c" $((1 + k)))
    printf '%-11s %16s\n' "$c" "$(( (more - one) / k ))"
  done
  echo
done
