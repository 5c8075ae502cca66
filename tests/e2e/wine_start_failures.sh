#!/usr/bin/env bash
# Audit W10 and W01 under Wine's real SCM: a start that cannot go on ends STOPPED with
# ERROR_SERVICE_SPECIFIC_ERROR (1066) and our code, as `sc query` shows it:
#   2 = invalid or missing config, or a config file others may write; 3 = the log file.
# The event log entry is written with ReportEventW (Wine keeps no Application log to read back).
set -eEuo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/lib.sh"
exe="$1"
: "${WINEPREFIX:?WINEPREFIX must be set}"
export WINEDEBUG=-all
wine=/usr/lib/wine/wine64
svc=sysmetrics
dir="$WINEPREFIX/drive_c/sysmetrics-e2e-fail"

sc() { wine_sc "$@"; }
query() { sc query "$svc" || true; }
field() { query | sed -n "s/^ *$1 *: *\([0-9]*\).*/\1/p"; }
remove_service() { sc stop "$svc" >/dev/null || true; sc delete "$svc" >/dev/null || true; }
trap remove_service EXIT
trap 'echo "FAIL: line $LINENO: $BASH_COMMAND" >&2' ERR
wineserver -p </dev/null >/dev/null 2>&1 || true

binpath='C:\sysmetrics-e2e-fail\sysmetrics.exe --config C:\sysmetrics-e2e-fail\config.json'
# fresh_service: the service deleted and created again, so that the STOPPED state and exit codes
# `sc query` shows can only be the next start's, not a previous step's.
fresh_service() {
  sc delete "$svc" >/dev/null || true
  wine_create_service "$svc" "$binpath"
}

# expect_stopped_with CODE WHAT: starts a fresh service and waits for STOPPED with 1066/CODE.
# sc start fails when the service stops itself at start, so its answer tells nothing; a start the
# SCM refused for a moment leaves the service never started (1077), and is made again.
expect_stopped_with() {
  fresh_service
  "$wine" sc start "$svc" >/dev/null 2>&1 || true
  local deadline=$((SECONDS + 30)) state="" started=$SECONDS
  while [ $SECONDS -lt $deadline ]; do
    state=$(field STATE)
    [ "$state" = 1 ] && [ -n "$(field SERVICE_EXIT_CODE)" ] && [ "$(field WIN32_EXIT_CODE)" = 1066 ] && break
    if [ "$state" = 1 ] && [ "$(field WIN32_EXIT_CODE)" = 1077 ] && [ $((SECONDS - started)) -ge 2 ]; then
      "$wine" sc start "$svc" >/dev/null 2>&1 || true
      started=$SECONDS
    fi
    sleep 0.2
  done
  local win32 specific
  win32=$(field WIN32_EXIT_CODE); specific=$(field SERVICE_EXIT_CODE)
  [ "$state" = 1 ] || fail "$2: state $state, expected STOPPED (1)"$'\n'"$(query)"
  [ "$win32" = 1066 ] || fail "$2: WIN32_EXIT_CODE $win32, expected 1066"$'\n'"$(query)"
  [ "$specific" = "$1" ] || fail "$2: SERVICE_EXIT_CODE $specific, expected $1"$'\n'"$(query)"
  echo "    $2: STOPPED, 1066, service-specific $specific"
}

remove_service
rm -rf "$dir"; mkdir -p "$dir"
cp "$exe" "$dir/sysmetrics.exe"
port=$(free_port)
good="{\"listen\": \"127.0.0.1:$port\"}"

note "an invalid config file"
echo '{"listen": 12}' > "$dir/config.json"
expect_stopped_with 2 "invalid config"

note "a missing config file"
rm -f "$dir/config.json"
expect_stopped_with 2 "missing config"

note "a log file that cannot be opened (its folder is a file)"
echo "{\"listen\": \"127.0.0.1:$port\", \"log_file\": \"C:\\\\sysmetrics-e2e-fail\\\\config.json\\\\x.log\"}" > "$dir/config.json"
out=$(cd "$dir" && wine_out 'C:\sysmetrics-e2e-fail\sysmetrics.exe' check-config --config 'C:\sysmetrics-e2e-fail\config.json' 2>&1 || true)
echo "    check-config: $out"
echo "$out" | grep -q "is not a folder" || fail "check-config accepted a log file the start cannot open: $out"
expect_stopped_with 3 "unwritable log file"

note "a config file everyone may write (W01)"
echo "$good" > "$dir/config.json"
chmod o+w "$dir/config.json"
out=$(cd "$dir" && wine_out 'C:\sysmetrics-e2e-fail\sysmetrics.exe' check-config --config 'C:\sysmetrics-e2e-fail\config.json' 2>&1 || true)
echo "    check-config: $out"
echo "$out" | grep -q "may be written by S-1-1-0" || fail "check-config accepted a world-writable config: $out"
expect_stopped_with 2 "world-writable config"

note "the same file, no longer writable by others, starts"
chmod o-w "$dir/config.json"
fresh_service
"$wine" sc start "$svc" >/dev/null 2>&1
wait_http "http://127.0.0.1:$port/healthz" 200 120
echo "PASS wine_start_failures"
