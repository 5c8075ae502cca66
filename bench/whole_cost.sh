#!/usr/bin/env bash
# The fair whole-cost comparison: node_exporter and sysmetrics side by side for DURATION seconds
# (default 600), each scraped every 15 s like Prometheus would, with N sleeper processes
# (default 1000) on the machine. sysmetrics runs twice at once: "host" collects what
# node_exporter also exports (cpu, memory, disks, network, system, self; every 15 s), "full"
# adds processes and per-process connections; "default" is an untouched installation (every
# collector at its default interval). Prints total CPU seconds each server used and RSS at start
# and end (the latter is the "RSS after 10 minutes at 1,000 processes" figure).
#   bench/whole_cost.sh [DURATION_SECONDS] [SLEEPERS]      (after scripts/build.sh native)
# CPU per interval is the server's whole cost (collection plus one scrape) per 15 s.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
duration="${1:-600}"
sleepers="${2:-1000}"
interval=15
dpkg-query -W -f='${Status}' prometheus-node-exporter 2>/dev/null | grep -q "install ok installed" ||
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus-node-exporter >/dev/null
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
tck=$(getconf CLK_TCK)
work="$(mktemp -d)"
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 "$sleepers"); do sleep $((duration + 120)) & pids+=($!); done

config() {  # $1 = processes enabled (true/false)
  python3 - "$1" "$interval" <<'PY'
import json, sys
full = sys.argv[1] == "true"
every = float(sys.argv[2])
on = ["cpu", "memory", "disks", "network", "system", "self"] + (["processes", "connections"] if full else [])
names = ["battery", "connections", "cpu", "disks", "memory", "network", "processes", "self", "services", "system"]
c = {n: {"enabled": n in on, "interval_seconds": every} for n in names}
c["connections"]["per_process"] = full
print(json.dumps({"collectors": c}))
PY
}
config false > "$work/host.json"
config true > "$work/full.json"
echo '{}' > "$work/default.json"
declare -A port pid
for name in host full default; do
  port[$name]=$(free_port)
  "${SYSMETRICS_BIN:-$root/build/native/sysmetrics}" --config "$work/$name.json" --listen "127.0.0.1:${port[$name]}" --log-level warn &
  pid[$name]=$!; pids+=($!)
done
port[node_exporter]=$(free_port)
/usr/bin/prometheus-node-exporter --web.listen-address="127.0.0.1:${port[node_exporter]}" --log.level=warn 2>/dev/null &
pid[node_exporter]=$!; pids+=($!)
sleep 3
servers=(node_exporter host full default)
declare -A cpu0 rss0 bytes
for s in "${servers[@]}"; do cpu0[$s]=$(cpu_ticks "${pid[$s]}"); rss0[$s]=$(rss_kb "${pid[$s]}"); done
scrapes=0
end=$(( $(date +%s) + duration ))
while [ "$(date +%s)" -lt "$end" ]; do
  for s in "${servers[@]}"; do
    bytes[$s]=$(curl -sf "http://127.0.0.1:${port[$s]}/metrics" | wc -c)
  done
  scrapes=$((scrapes + 1))
  sleep "$interval"
done
echo "machine: $(nproc) cores; $duration s, scraped every $interval s ($scrapes scrapes each); processes: $(ls -d /proc/[0-9]* | wc -l)"
printf '%-24s %10s %15s %13s %12s %10s\n' server cpu_s cpu_ms/interval rss_start_MiB rss_end_MiB bytes
for s in "${servers[@]}"; do
  label=$s; [ "$s" = host ] && label="sysmetrics (host)"; [ "$s" = full ] && label="sysmetrics (+processes)"
  [ "$s" = default ] && label="sysmetrics (default)"
  cpu=$(awk -v t=$(( $(cpu_ticks "${pid[$s]}") - ${cpu0[$s]} )) -v tck="$tck" 'BEGIN { printf "%.2f", t / tck }')
  per=$(awk -v c="$cpu" -v n="$scrapes" 'BEGIN { printf "%.1f", c / n * 1000 }')
  printf '%-24s %10s %15s %13.1f %12.1f %10s\n' "$label" "$cpu" "$per" "$(awk -v k="${rss0[$s]}" 'BEGIN { print k / 1024 }')" \
    "$(awk -v k="$(rss_kb "${pid[$s]}")" 'BEGIN { print k / 1024 }')" "${bytes[$s]}"
done
