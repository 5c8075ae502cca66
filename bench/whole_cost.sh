#!/usr/bin/env bash
# The fair whole-cost comparison (issue #20's table): node_exporter and sysmetrics side by side,
# all running at once, each scraped every 15 s like Prometheus would, with N sleeper processes
# (default 1000) on the machine. Servers:
#   node_exporter         Debian's prometheus-node-exporter, default collectors
#   sysmetrics default    an untouched installation (empty config file)
#   sysmetrics host-only  what node_exporter also exports (cpu, memory, disks, network, system,
#                         self), every 15 s, so both serve equally fresh data
# Prints one Markdown table: CPU ms per 15 s (the server's whole cost: collection plus one
# scrape), RSS at the end, /metrics bytes and series of the last scrape.
#   bench/whole_cost.sh [--quick | DURATION_SECONDS] [SLEEPERS]    (after scripts/build.sh native)
#   --quick = 120 s (the 2-minute mode); the default is 600 s.
#   SYSMETRICS_BASELINE_BIN=path adds that build's default installation as a fourth server.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
duration=600
[ "${1:-}" = "--quick" ] && duration=120 || duration="${1:-600}"
sleepers="${2:-1000}"
interval=15
dpkg-query -W -f='${Status}' prometheus-node-exporter 2>/dev/null | grep -q "install ok installed" ||
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus-node-exporter >/dev/null
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# CPU in nanoseconds, summed over the process's threads (/proc/[pid]/task/*/schedstat): the
# clock ticks of /proc/[pid]/stat are 10 ms, too coarse for a few ms per 15 s over 2 minutes. A
# thread that exits inside the window takes its time with it; the tick figure, which keeps it,
# is printed under the table as a check.
cpu_ns() { cat /proc/"$1"/task/*/schedstat 2>/dev/null | awk '{ns += $1} END {printf "%d", ns}'; }
rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
tck=$(getconf CLK_TCK)
work="$(mktemp -d)"
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
ulimit -u unlimited 2>/dev/null || true
for _ in $(seq 1 "$sleepers"); do sleep $((duration + 3600)) & pids+=($!); done

echo '{}' > "$work/default.json"
bin="${SYSMETRICS_BIN:-$root/build/native/sysmetrics}"
# Every collector this build knows, as check-config lists them ("collector NAME: ...").
"$bin" check-config --config "$work/default.json" | awk '/^collector / {sub(":", "", $2); print $2}' > "$work/names"
python3 - "$interval" "$work/names" > "$work/host.json" <<'PY'
import json, sys
every = float(sys.argv[1])
on = ["cpu", "memory", "disks", "network", "system", "self"]
names = open(sys.argv[2]).read().split()
print(json.dumps({"collectors": {n: {"enabled": n in on, "interval_seconds": every} for n in names}}))
PY
declare -A port pid
ours=(default host)
# SYSMETRICS_BASELINE_BIN: another build's default installation beside this one, in the same
# run (before and after a change, under the same load).
[ -n "${SYSMETRICS_BASELINE_BIN:-}" ] && ours+=(baseline)
for name in "${ours[@]}"; do
  port[$name]=$(free_port)
  server_bin="$bin" config="$work/$name.json"
  [ "$name" = baseline ] && server_bin="$SYSMETRICS_BASELINE_BIN" config="$work/default.json"
  "$server_bin" --config "$config" --listen "127.0.0.1:${port[$name]}" --log-level warn &
  pid[$name]=$!; pids+=($!)
done
port[node_exporter]=$(free_port)
/usr/bin/prometheus-node-exporter --web.listen-address="127.0.0.1:${port[node_exporter]}" --log.level=warn 2>/dev/null &
pid[node_exporter]=$!; pids+=($!)
servers=(node_exporter "${ours[@]}")
for s in "${servers[@]}"; do  # up and answering
  for _ in $(seq 1 300); do curl -sf -o /dev/null "http://127.0.0.1:${port[$s]}/metrics" && break; sleep 0.1; done
done
# Start-up (the first cycles open every process and socket) is not the steady cost: wait until
# every sysmetrics collector has run once (/api/v1/collectors reads no collector's data).
for s in "${ours[@]}"; do
  for _ in $(seq 1 600); do
    curl -sf "http://127.0.0.1:${port[$s]}/api/v1/collectors" | python3 -c '
import json, sys
c = json.load(sys.stdin)["collectors"]
sys.exit(0 if all(x["runs_total"] >= 1 for x in c) else 1)' && break
    sleep 0.5
  done
done
# A scraper's steady state: collectors polled every 15 s collect once per scrape after four
# scrapes (docs/rest-api.md, "Collectors paced to their readers"), so scrape four times first.
for _ in 1 2 3 4; do
  for s in "${servers[@]}"; do curl -sf "http://127.0.0.1:${port[$s]}/metrics" -o /dev/null; done
  sleep "$interval"
done
declare -A cpu0 ns0
for s in "${servers[@]}"; do cpu0[$s]=$(cpu_ticks "${pid[$s]}"); ns0[$s]=$(cpu_ns "${pid[$s]}"); done
scrapes=0
start=$(date +%s)
end=$((start + duration))
while [ "$(date +%s)" -lt "$end" ]; do
  for s in "${servers[@]}"; do curl -sf "http://127.0.0.1:${port[$s]}/metrics" -o "$work/$s.txt"; done
  scrapes=$((scrapes + 1))
  sleep "$interval"
done
elapsed=$(( $(date +%s) - start ))
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); ${elapsed} s, scraped every $interval s" \
     "($scrapes scrapes each); processes: $(ls -d /proc/[0-9]* | wc -l)"
echo
echo "| server | CPU ms per 15 s | RSS | /metrics | series |"
echo "|---|---|---|---|---|"
declare -A label=([node_exporter]="node_exporter $(/usr/bin/prometheus-node-exporter --version 2>&1 | awk 'NR==1 {print $3}') (defaults)"
                  [default]="sysmetrics, default config" [host]="sysmetrics, host collectors only"
                  [baseline]="sysmetrics, default config, baseline build")
check="CPU ms per 15 s from clock ticks (10 ms each), as a check:"
for s in "${servers[@]}"; do
  ticks=$(( $(cpu_ticks "${pid[$s]}") - ${cpu0[$s]} ))
  ns=$(( $(cpu_ns "${pid[$s]}") - ${ns0[$s]} ))
  check+=" ${s} $(awk -v t="$ticks" -v tck="$tck" -v e="$elapsed" -v i="$interval" 'BEGIN {printf "%.1f", t / tck * 1000 / (e / i)}')"
  awk -v ns="$ns" -v e="$elapsed" -v i="$interval" -v rss="$(rss_kb "${pid[$s]}")" \
      -v bytes="$(wc -c < "$work/$s.txt")" -v series="$(grep -cv '^#' "$work/$s.txt")" -v name="${label[$s]}" \
      'BEGIN { printf "| %s | %.2f | %.1f MB | %.0f KB | %d |\n", name, ns / 1e6 / (e / i), rss * 1024 / 1e6, bytes / 1000, series }'
done
echo
echo "$check"
# RSS is mostly pages of mapped files (binary and libraries, shared with the page cache, mapped
# 64 KB at a time by the kernel's fault-around); what a server allocated is the anonymous part.
split="RSS split, anonymous + file-backed:"
for s in "${servers[@]}"; do
  split+=" ${s} $(awk '/RssAnon/ {a = $2} /RssFile/ {f = $2} END {printf "%.1f + %.1f MB", a * 1.024 / 1000, f * 1.024 / 1000}' "/proc/${pid[$s]}/status")"
done
echo "$split"
