#!/usr/bin/env bash
# A real Prometheus scrapes sysmetrics serving textfile metrics: the node_exporter example comes
# through /metrics byte for byte, promtool is silent, a broken file is flagged per file and never
# breaks the scrape, and (native) a reload picks up a new directory.
#   tests/e2e/textfile_scrape.sh BINARY native|wine SOURCE_DIR
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/lib.sh"
bin="$1" mode="$2" src="$3"
work=$(mktemp -d)
pid="" prom_pid=""
cleanup() {
  [ -n "$prom_pid" ] && kill -TERM "$prom_pid" 2>/dev/null
  [ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work/textfile" "$work/more"
example="$src/tests/data/textfile/node_exporter_example.prom"
# As writers must: a temporary name first, then a rename into place.
cp "$example" "$work/textfile/example.prom.tmp" && mv "$work/textfile/example.prom.tmp" "$work/textfile/example.prom"
printf 'broken_metric{a="1" 2\n' > "$work/textfile/broken.prom"
printf 'ignored_metric 1\n' > "$work/textfile/ignored.txt"

port=$(free_port)
if [ "$mode" = wine ]; then
  dirs="[\"$(wine_path "$work/textfile" | sed 's|\\|\\\\|g')\"]"  # backslashes escaped for JSON
else
  dirs="[\"$work/textfile\"]"
fi
write_config() {  # write_config DIRECTORIES_JSON
  cat > "$work/config.json" <<JSON
{"listen": "127.0.0.1:$port",
 "collectors": {"processes": {"enabled": false}, "services": {"enabled": false},
                "connections": {"enabled": false},
                "textfile": {"interval_seconds": 1, "directories": $1}}}
JSON
}
write_config "$dirs"

serve_sysmetrics "$bin" "$mode"
wait_json "$base/api/v1/textfile" "len(d['files']) == 2" 30

note "/metrics holds the example byte for byte; promtool is silent"
body=$(check_exposition "$base/metrics")
python3 - "$body" "$example" <<'PY' || fail "the example is not in /metrics byte for byte"
import sys
body = open(sys.argv[1], 'rb').read()
example = open(sys.argv[2], 'rb').read()
sys.exit(0 if example in body else 1)
PY
grep -q '^sysmetrics_textfile_error{file=".*broken.prom"} 1$' "$body" || fail "broken.prom not flagged"
grep -q '^sysmetrics_textfile_error{file=".*example.prom"} 0$' "$body" || fail "example.prom flagged"
grep -q 'ignored_metric' "$body" && fail "a file without .prom was read"
wait_json "$base/api/v1/collectors" \
  "any('broken.prom: line 1' in n for c in d['collectors'] if c['name'] == 'textfile' for n in c['notes'])" 10

note "a real Prometheus scrapes it"
prom_port=$(free_port)
cat > "$work/prometheus.yml" <<YAML
global: {scrape_interval: 2s, scrape_timeout: 2s}
scrape_configs:
  - job_name: sysmetrics
    static_configs: [{targets: ["127.0.0.1:$port"]}]
YAML
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/tsdb" \
  --web.listen-address="127.0.0.1:$prom_port" --log.level=warn > "$work/prometheus.log" 2>&1 &
prom_pid=$!
q="http://127.0.0.1:$prom_port/api/v1/query?query="
wait_json "${q}up%7Bjob%3D%22sysmetrics%22%7D" "d['data']['result'] and d['data']['result'][0]['value'][1] == '1'" 60
wait_json "${q}apt_upgrades_pending" "len(d['data']['result']) == 2" 30
wait_json "${q}my_batch_job_duration_seconds_bucket%7Ble%3D%22%2BInf%22%7D" "d['data']['result'][0]['value'][1] == '4'" 30
wait_json "${q}my_batch_job_rows_total" "d['data']['result'][0]['metric']['source'] == 'C:\\\\data\\\\in \"raw\"'" 30
wait_json "${q}sysmetrics_textfile_error" "sorted(r['value'][1] for r in d['data']['result']) == ['0', '1']" 30

if [ "$mode" = native ]; then
  note "reload (SIGHUP) adds a directory without a restart"
  printf '# TYPE reloaded_metric gauge\nreloaded_metric 7\n' > "$work/more/new.prom"
  write_config "[\"$work/textfile\", \"$work/more\"]"
  kill -HUP "$pid"
  wait_json "${q}reloaded_metric" "d['data']['result'] and d['data']['result'][0]['value'][1] == '7'" 30
fi
note "textfile scrape ($mode): ok"
