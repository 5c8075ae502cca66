#!/usr/bin/env bash
# A real Prometheus (Debian's) scrapes the native service (HTTPS + bearer token, the
# scrape-tls-bearer.yml example) and the Windows build as a service under Wine's SCM (file_sd,
# the scrape-file-sd.yml example), with the rules in a test-only copy whose for: and intervals
# are seconds (10 s; scrapes every 3 s). The busiest 25 processes
# become series, so a scrape stays small on a loaded machine. Then: every dashboard query returns data on its platform (no_data_expected.yml
# lists the few that may not), the recording rules evaluate, an automatic service that is not
# running raises WindowsServiceNotRunning, and stopping the Wine service raises
# SysmetricsTargetDown. Usage: e2e.sh NATIVE_BINARY WINDOWS_EXE
set -eEuo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
. "$root/tests/e2e/lib.sh"
native="$1"
exe="$2"
: "${WINEPREFIX:?WINEPREFIX must be set}"
export WINEDEBUG=-all
wine=/usr/lib/wine/wine64
svc=sysmetrics-mon
idle_svc=sysmetrics-mon-idle
dir="$WINEPREFIX/drive_c/sysmetrics-mon"
work=$(mktemp -d)
native_pid=""
prom_pid=""
check() { python3 "$here/prometheus_e2e.py" "$@"; }
sc() { wine_sc "$@"; }
cleanup() {
  [ -n "$prom_pid" ] && kill "$prom_pid" 2>/dev/null && wait "$prom_pid" 2>/dev/null
  [ -n "$native_pid" ] && kill "$native_pid" 2>/dev/null && wait "$native_pid" 2>/dev/null
  sc stop "$svc" >/dev/null || true
  sc delete "$svc" >/dev/null || true
  sc delete "$idle_svc" >/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'echo "FAIL: line $LINENO: $BASH_COMMAND" >&2' ERR
wineserver -p </dev/null >/dev/null 2>&1 || true

# Connection counts by state are off by default on Linux: on here, so the Linux dashboard's panel
# of them is checked against a real scrape.
fast='"cpu": {"interval_seconds": 1}, "memory": {"interval_seconds": 1}, "system": {"interval_seconds": 1},
  "disks": {"interval_seconds": 1}, "network": {"interval_seconds": 1}, "battery": {"interval_seconds": 1},
  "self": {"interval_seconds": 1}, "services": {"interval_seconds": 2},
  "processes": {"interval_seconds": 2, "limit": 25},
  "connections": {"interval_seconds": 2, "state_counts": true}'

note "native service with TLS and a bearer token"
token_line=$("$native" generate-token)
token=$(echo "$token_line" | sed -n 's/^token: *//p')
hash=$(echo "$token_line" | sed -n 's/^hash: *//p')
[ -n "$token" ] && [ -n "$hash" ] || fail "generate-token said: $token_line"
printf '%s' "$token" > "$work/token"
linux_port=$(free_port)
cat > "$work/native.json" <<JSON
{"listen": "127.0.0.1:$linux_port", "collectors": {$fast},
 "web": {"tls": {"cert_file": "$root/tests/data/tls/server.pem", "key_file": "$root/tests/data/tls/server.key"},
         "auth": {"tokens": ["$hash"]}}}
JSON
"$native" --config "$work/native.json" > "$work/native.log" 2>&1 &
native_pid=$!
tls_get() { curl -sf --max-time 5 --cacert "$root/tests/data/tls/ca.pem" -H "Authorization: Bearer $token" "$@"; }
deadline=$((SECONDS + 30))
until tls_get "https://localhost:$linux_port/healthz" >/dev/null; do
  [ $SECONDS -lt $deadline ] || fail "native service not answering over TLS within 30 s: $(cat "$work/native.log")"
  sleep 0.2
done
code=$(curl -s -o /dev/null -w '%{http_code}' --cacert "$root/tests/data/tls/ca.pem" "https://localhost:$linux_port/metrics")
[ "$code" = 401 ] || fail "/metrics without the token answered $code, expected 401"

note "Windows build as service $svc under Wine's SCM, and an automatic service that is not running"
sc stop "$svc" >/dev/null || true; sc delete "$svc" >/dev/null || true; sc delete "$idle_svc" >/dev/null || true
mkdir -p "$dir"
cp "$exe" "$dir/sysmetrics.exe"
windows_port=$(free_port)
echo "{\"listen\": \"127.0.0.1:$windows_port\", \"collectors\": {$fast}}" > "$dir/config.json"
sc create "$svc" binPath= 'C:\sysmetrics-mon\sysmetrics.exe --config C:\sysmetrics-mon\config.json' >/dev/null
sc create "$idle_svc" binPath= 'C:\sysmetrics-mon\never-started.exe' start= auto >/dev/null
tries=0
until "$wine" sc start "$svc" >/dev/null 2>&1; do
  tries=$((tries + 1)); [ $tries -ge 20 ] && fail "sc start $svc kept failing"; sleep 0.25
done
wait_service_state "$svc" RUNNING 30
wait_http "http://127.0.0.1:$windows_port/healthz" 200 60

echo "    services up after $SECONDS s"
note "Prometheus with the test-only fast rules"
check config "$work/prometheus.yml" "localhost:$linux_port" "127.0.0.1:$windows_port" "$work/token" \
  "$root/tests/data/tls/ca.pem"
promtool check config "$work/prometheus.yml" >/dev/null || fail "promtool rejects the test's prometheus.yml"
prom_port=$(free_port)
prom="http://127.0.0.1:$prom_port"
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/data" \
  --web.listen-address="127.0.0.1:$prom_port" --log.level=warn > "$work/prometheus.log" 2>&1 &
prom_pid=$!
wait_http "$prom/-/ready" 200 60
started=$SECONDS
targets_up='len(d["data"]["activeTargets"]) == 2 and all(t["health"] == "up" for t in d["data"]["activeTargets"])'
(wait_json "$prom/api/v1/targets" "$targets_up" 120) ||
  fail "targets: $(json_field "$prom/api/v1/targets" '[(t["scrapeUrl"], t["health"], t["lastError"]) for t in d["data"]["activeTargets"]]')"
echo "    both targets up after $((SECONDS - started)) s"
instances=$(json_field "$prom/api/v1/targets" 'sorted(t["labels"]["instance"] for t in d["data"]["activeTargets"])')
[ "$instances" = "['127.0.0.1', 'localhost']" ] || fail "relabeling gave instances $instances"

note "Prometheus negotiated OpenMetrics with both (its metadata names counters without _total)"
# Debian 12's Prometheus (2.42) asks for OpenMetrics 1.0.0 first. Its OpenMetrics parser records
# a counter's metadata under the family name (sysmetrics_collector_runs), its text parser under
# the sample name (..._total): the metadata shows which format each target answered.
both='["127.0.0.1", "localhost"]'
wait_json "$prom/api/v1/targets/metadata?metric=sysmetrics_collector_runs" \
  "sorted({m['target']['instance'] for m in d['data'] if m['type'] == 'counter'}) == $both" 30
[ "$(json_field "$prom/api/v1/targets/metadata?metric=sysmetrics_collector_runs_total" 'len(d["data"])')" = 0 ] ||
  fail "a target answered text 0.0.4 to Prometheus"
[ "$(json_field "$prom/api/v1/query?query=count(sysmetrics_collector_runs_total)%20by%20(instance)" 'len(d["data"]["result"])')" = 2 ] ||
  fail "the counters scraped as OpenMetrics are not queryable for both instances"

note "every dashboard query returns data on its platform; recording rules evaluate"
started=$SECONDS
check panels "$prom" "$root/monitoring/dashboards" "$here/no_data_expected.yml" localhost 127.0.0.1 90 ||
  fail "dashboard queries or recording rules"
echo "    in $((SECONDS - started)) s; slowest scrapes: $(json_field "$prom/api/v1/query?query=max_over_time(scrape_duration_seconds%5B10m%5D)" \
  '", ".join("%s %.2f s" % (r["metric"]["job"], float(r["value"][1])) for r in d["data"]["result"])')"

note "alerts fire for real"
check alerts "$prom" 60 "WindowsServiceNotRunning:name=$idle_svc" '!SysmetricsTargetDown:instance=127.0.0.1'
stopped_at=$SECONDS
sc stop "$svc" >/dev/null
check alerts "$prom" 60 SysmetricsTargetDown:instance=127.0.0.1 '!SysmetricsTargetDown:instance=localhost'
echo "    SysmetricsTargetDown fired $((SECONDS - stopped_at)) s after sc stop"
echo "PASS monitoring e2e ($((SECONDS)) s)"
