#!/usr/bin/env bash
# Process collection at scale on Linux: spawns N sleepers (default 1000), prints the collector's
# cost per cycle, then runs the service against them (every process exported, collected every
# second) and prints its resident memory.
#   bench/process_scale.sh [N]      (after scripts/build.sh native)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
n="${1:-1000}"
build="$root/build/native"
pids=()
cleanup() { [ ${#pids[@]} -gt 0 ] && kill "${pids[@]}" 2>/dev/null; [ -n "${svc:-}" ] && kill "$svc" 2>/dev/null; wait 2>/dev/null || true; }
trap cleanup EXIT
for _ in $(seq 1 "$n"); do sleep 600 & pids+=($!); done
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {print $2/1024/1024 " GiB"}' /proc/meminfo); processes now: $(ls -d /proc/[0-9]* | wc -l)"
echo
"$build/collector_bench" --cycles 20 --collector processes --collector cpu --collector memory --collector system
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
config="$(mktemp)"
echo '{"collectors": {"processes": {"per_process": true, "interval_seconds": 1, "idle_interval_seconds": 0}}}' > "$config"
"$build/sysmetrics" --config "$config" --listen "127.0.0.1:$port" --log-level warn &
svc=$!
sleep 12
curl -sf "http://127.0.0.1:$port/metrics" -o /tmp/process_scale_metrics.txt
rss_kb=$(awk '/VmRSS/ {print $2}' "/proc/$svc/status")
echo
echo "service after 12 s at 1 s process interval: RSS $((rss_kb / 1024)) MiB ($rss_kb kB)," \
     "/metrics $(wc -c < /tmp/process_scale_metrics.txt) bytes," \
     "$(grep -c '^sysmetrics_process_info' /tmp/process_scale_metrics.txt) process series sets"
grep -E '^sysmetrics_process_(seen|details_opened|cycle_seconds) ' /tmp/process_scale_metrics.txt
