#!/usr/bin/env bash
# /metrics under load, side by side: sysmetrics (native) vs Debian's prometheus-node-exporter,
# each alone on loopback under wrk at 1, 8 and 64 connections. Prints requests/s, p50/p99
# latency, server CPU seconds per 1,000 scrapes, RSS, and the ratios sysmetrics/node_exporter,
# plain and with Accept-Encoding: gzip (what Prometheus sends).
#   bench/compare_node_exporter.sh [SECONDS_PER_RUN]     (after scripts/build.sh native)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
seconds="${1:-10}"
for pkg in prometheus-node-exporter wrk; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" ||
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$pkg" >/dev/null
done
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
tck=$(getconf CLK_TCK)

pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT
sm_port=$(free_port)
"$root/build/native/sysmetrics" --listen "127.0.0.1:$sm_port" --log-level warn &
pids+=($!); sm_pid=$!
ne_port=$(free_port)
/usr/bin/prometheus-node-exporter --web.listen-address="127.0.0.1:$ne_port" --log.level=warn 2>/dev/null &
pids+=($!); ne_pid=$!
sleep 3
echo "machine: $(nproc) cores; /metrics bytes: sysmetrics $(curl -s "127.0.0.1:$sm_port/metrics" | wc -c)," \
     "node_exporter $(curl -s "127.0.0.1:$ne_port/metrics" | wc -c)"
printf '%-14s %5s %5s %10s %10s %10s %14s %8s %8s\n' server gzip conns ok_req/s p50_ms p99_ms cpu_s/1000req rss_MiB non2xx
declare -A result
for gzip in no yes; do
for conns in 1 8 64; do
  for server in sysmetrics node_exporter; do
    header=(); [ "$gzip" = yes ] && header=(-H "Accept-Encoding: gzip")
    if [ "$server" = sysmetrics ]; then port=$sm_port; pid=$sm_pid; else port=$ne_port; pid=$ne_pid; fi
    before=$(cpu_ticks "$pid")
    threads=$(( conns < 2 ? 1 : 2 ))
    out=$(wrk -t"$threads" -c"$conns" -d"${seconds}s" --latency "${header[@]}" "http://127.0.0.1:$port/metrics" 2>&1)
    after=$(cpu_ticks "$pid")
    # Only successful scrapes count: node_exporter answers 503 beyond --web.max-requests (40).
    errors=$(echo "$out" | awk '/Non-2xx or 3xx responses/ {print $NF}')
    requests=$(( $(echo "$out" | awk '/requests in/ {print $1}') - ${errors:-0} ))
    rps=$(awk -v n="$requests" -v s="$seconds" 'BEGIN { printf "%.1f", n / s }')
    to_ms() { awk -v v="$1" 'BEGIN { if (v ~ /us$/) { sub(/us$/,"",v); print v/1000 } else if (v ~ /ms$/) { sub(/ms$/,"",v); print v } else { sub(/s$/,"",v); print v*1000 } }'; }
    p50=$(to_ms "$(echo "$out" | awk '$1=="50%" {print $2}')")
    p99=$(to_ms "$(echo "$out" | awk '$1=="99%" {print $2}')")
    cpu=$(awk -v t=$((after - before)) -v tck="$tck" -v n="$requests" 'BEGIN { printf "%.3f", (t / tck) / n * 1000 }')
    printf '%-14s %5s %5s %10s %10s %10s %14s %8s %8s\n' "$server" "$gzip" "$conns" "$rps" "$p50" "$p99" "$cpu" \
      "$(( $(rss_kb "$pid") / 1024 ))" "${errors:-0}"
    result[$server,$gzip,$conns,p99]=$p99; result[$server,$gzip,$conns,cpu]=$cpu; result[$server,$gzip,$conns,rps]=$rps
  done
done
done
echo
echo "ratios sysmetrics / node_exporter (lower is better for p99 and CPU):"
for gzip in no yes; do
for conns in 1 8 64; do
  awk -v g="$gzip" -v c="$conns" -v a="${result[sysmetrics,$gzip,$conns,p99]}" -v b="${result[node_exporter,$gzip,$conns,p99]}" \
      -v x="${result[sysmetrics,$gzip,$conns,cpu]}" -v y="${result[node_exporter,$gzip,$conns,cpu]}" \
      'BEGIN { printf "  gzip %-3s %2d connections: p99 %.3f, CPU per scrape %.3f\n", g, c, a / b, x / y }'
done
done
