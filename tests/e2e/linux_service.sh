#!/usr/bin/env bash
# The native service end to end: start, scrape, REST, SIGHUP reload, SIGTERM; bad config exits 2.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/lib.sh"
bin="$1"
work=$(mktemp -d)
pid=""
cleanup() { [ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

note "invalid configuration is rejected with exit code 2 and the key named"
echo '{"collectors": {"memory": {"interval_seconds": "fast"}}}' > "$work/bad.json"
set +e
msg=$("$bin" --config "$work/bad.json" 2>&1); rc=$?
set -e
[ $rc -eq 2 ] || fail "bad config exit code $rc, expected 2"
echo "$msg" | grep -q "collectors.memory.interval_seconds" || fail "message does not name the key: $msg"

# check_config_refuses WHAT JSON TEXT: check-config on JSON exits 2 with TEXT in its message, and
# within 20 s (a FIFO among the files named made it hang).
check_config_refuses() {
  echo "$2" > "$work/check.json"
  set +e
  msg=$(timeout 20 "$bin" check-config --config "$work/check.json" 2>&1); rc=$?
  set -e
  [ $rc -eq 2 ] || fail "check-config, $1: exit code $rc, expected 2: $msg"
  echo "$msg" | grep -qF -- "$3" || fail "check-config, $1: the message does not say '$3': $msg"
  echo "    $1: $msg"
}
tls="$(cd "$here/../data/tls" && pwd)"

note "check-config refuses what the start would refuse"
mkfifo "$work/fifo"
check_config_refuses "a FIFO as the token file" \
  "{\"remote_write\": {\"url\": \"http://127.0.0.1:9/x\", \"bearer_token_file\": \"$work/fifo\"}}" \
  "'remote_write.bearer_token_file' names '$work/fifo', which is not a regular file"
check_config_refuses "a key that is not the certificate's" \
  "{\"web\": {\"tls\": {\"cert_file\": \"$tls/server.pem\", \"key_file\": \"$tls/client.key\"}}}" \
  "cannot use cert_file '$tls/server.pem' with key_file '$tls/client.key'"
check_config_refuses "a folder as the log file" "{\"log_file\": \"$work\"}" \
  "log file '$work': invalid_data: is a directory"
check_config_refuses "a log file under a file" "{\"log_file\": \"$work/check.json/x.log\"}" \
  "'$work/check.json' is not a folder"
check_config_refuses "the API on the port of a wildcard listen" \
  "{\"listen\": \"0.0.0.0:9185\", \"web\": {\"api_listen\": \"127.0.0.1:9185\"}}" \
  "key 'web.api_listen' (127.0.0.1:9185) and 'listen' (0.0.0.0:9185) are on the same port"
touch "$work/queue-file"
check_config_refuses "a file as the queue folder" \
  "{\"remote_write\": {\"url\": \"http://127.0.0.1:9/x\", \"queue\": {\"directory\": \"$work/queue-file\"}}}" \
  "'remote_write.queue.directory' names '$work/queue-file', which is a file, not a folder"
echo "{\"web\": {\"tls\": {\"cert_file\": \"$tls/server.pem\", \"key_file\": \"$tls/server.key\"}}}" > "$work/check.json"
"$bin" check-config --config "$work/check.json" | grep -q "configuration is valid" ||
  fail "check-config refused a certificate and its own key"

note "start"
port=$(free_port)
cat > "$work/config.json" <<JSON
{"listen": "127.0.0.1:$port", "collectors": {"memory": {"interval_seconds": 1}, "system": {"interval_seconds": 1}}}
JSON
"$bin" --config "$work/config.json" > "$work/log" 2>&1 &
pid=$!
wait_http "http://127.0.0.1:$port/healthz" 200 90

note "scrape and lint with promtool"
body=$(check_exposition "http://127.0.0.1:$port/metrics")
grep -q '^node_memory_MemTotal_bytes ' "$body" || fail "node_memory_MemTotal_bytes missing"
grep -q '^sysmetrics_collector_success{collector="system"} 1' "$body" || fail "system collector not ok"

note "gzip: the compressed /metrics is the same exposition"
zipped=$(curl -sf -H 'Accept-Encoding: gzip' -D "$work/zip_headers" "http://127.0.0.1:$port/metrics" | gunzip | grep -c '^node_memory_MemTotal_bytes ')
[ "$zipped" = 1 ] || fail "gunzipped /metrics lacks node_memory_MemTotal_bytes"
grep -qi '^content-encoding: gzip' "$work/zip_headers" || fail "no Content-Encoding: gzip"
curl -sf --compressed "http://127.0.0.1:$port/metrics" | promtool check metrics 2>&1 |
  grep -Ev "^node_(memory|netstat)_[A-Za-z0-9_]+ metric names should be written in 'snake_case' not 'camelCase'$" &&
  fail "promtool is not silent on the gzip-decoded /metrics"

note "REST"
total=$(json_field "http://127.0.0.1:$port/api/v1/memory" 'd["physical_total_bytes"]')
[ "$total" -gt 0 ] || fail "physical_total_bytes is $total"
host=$(json_field "http://127.0.0.1:$port/api/v1/system" 'd["hostname"]')
[ "$host" = "$(hostname)" ] || fail "hostname $host != $(hostname)"

note "SIGHUP reloads: a changed interval applies without dropping the listener"
interval='[c["interval_seconds"] for c in d["collectors"] if c["name"]=="memory"][0]'
sed -i 's/"memory": {"interval_seconds": 1}/"memory": {"interval_seconds": 2}/' "$work/config.json"
kill -HUP "$pid"
wait_json "http://127.0.0.1:$port/api/v1/collectors" "$interval == 2" 10

note "an invalid file on SIGHUP is rejected and the old configuration keeps serving"
echo '{"collectors": {"memory": {"interval_seconds": "soon"}}}' > "$work/config.json"
kill -HUP "$pid"
# The reload runs on the service's own thread: wait for its verdict, then check nothing changed.
for _ in $(seq 1 200); do grep -q "reload rejected" "$work/log" && break; sleep 0.1; done
grep -q "reload rejected" "$work/log" || fail "no 'reload rejected' in the log 20 s after SIGHUP"
kill -0 "$pid" || fail "the service died on an invalid reload"
[ "$(json_field "http://127.0.0.1:$port/api/v1/collectors" "$interval")" = "2.0" ] || fail "interval changed by an invalid reload"
wait_http "http://127.0.0.1:$port/healthz" 200 5

note "SIGTERM stops it cleanly"
kill -TERM "$pid"
# Up to 3 s of it may be the collectors' stop grace on a loaded machine.
for _ in $(seq 1 200); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
kill -0 "$pid" 2>/dev/null && fail "still running 20 s after SIGTERM"
set +e; wait "$pid"; rc=$?; set -e
pid=""
[ $rc -eq 0 ] || fail "exit code $rc after SIGTERM"
grep -q "stopped" "$work/log" || fail "no 'stopped' in the log"

note "faults: a missing /proc file degrades health with the reason; everything else serves"
port=$(free_port)
"$bin" --listen "127.0.0.1:$port" --collectors memory,system,cpu --fault-missing-api /proc/meminfo \
  > "$work/log" 2>&1 &
pid=$!
wait_json "http://127.0.0.1:$port/healthz" 'd["status"] == "degraded" and any(p.startswith("memory: never succeeded") and "/proc/meminfo" in p for p in d["problems"])' 20
code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/healthz")
[ "$code" = 503 ] || fail "degraded /healthz answered $code, expected 503"
wait_json "http://127.0.0.1:$port/api/v1/collectors" '[c["state"] for c in d["collectors"] if c["name"]=="system"][0] == "ok"' 20
check_exposition "http://127.0.0.1:$port/metrics" >/dev/null
kill -TERM "$pid"; wait "$pid"; pid=""
echo "PASS linux_service"
