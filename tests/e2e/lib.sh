# Helpers shared by the end-to-end scripts (sourced, not run).

fail() { echo "FAIL: $*" >&2; exit 1; }
note() { echo "--- [${SECONDS} s] $*"; }

free_port() {  # below the ephemeral range: see tests/pylib/free_port.py
  python3 "$(dirname "${BASH_SOURCE[0]}")/../pylib/free_port.py"
}

# with_work_dir: sets $work to a new temporary folder and $pid to ""; on exit the process $pid
# (the service, once started) is killed and the folder removed.
with_work_dir() {
  work=$(mktemp -d)
  pid=""
  trap '[ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"' EXIT
}

# pbkdf2_hash PASSWORD: what web.auth.users holds for it (PBKDF2-SHA256, 1000 rounds: quick).
pbkdf2_hash() {
  python3 -c '
import hashlib, os, sys
salt = os.urandom(16)
key = hashlib.pbkdf2_hmac("sha256", sys.argv[1].encode(), salt, 1000, 32)
print("pbkdf2-sha256$1000$" + salt.hex() + "$" + key.hex())' "$1"
}

# wine_path PATH: PATH as the Windows build under Wine names it (Z:\...).
wine_path() { echo "Z:$(echo "$1" | sed 's|/|\\|g')"; }

# serve_sysmetrics BINARY native|wine: starts the service on $work/config.json (listening on
# 127.0.0.1:$port) in the background, its output in $work/log; sets $pid and $base
# (http://127.0.0.1:$port) and waits until /healthz answers 200. wine: the .exe as a console
# program in $WINEPREFIX.
serve_sysmetrics() {
  note "start sysmetrics ($2)"
  if [ "$2" = wine ]; then
    : "${WINEPREFIX:?WINEPREFIX must be set}"
    export WINEDEBUG=-all
    wineserver -p </dev/null >/dev/null 2>&1 || true
    /usr/lib/wine/wine64 "$1" --console --config "$(wine_path "$work/config.json")" > "$work/log" 2>&1 &
  else
    "$1" --config "$work/config.json" > "$work/log" 2>&1 &
  fi
  pid=$!
  base="http://127.0.0.1:$port"
  # /healthz is 200 once every collector has finished a collection. Under Wine the first
  # connections collection walks every socket of the Linux host (and the owners of each through
  # /proc), which on a loaded machine takes minutes, not seconds.
  wait_http "$base/healthz" 200 "$([ "$2" = wine ] && echo 180 || echo 90)"
}

# wait_http URL STATUS SECONDS: polls until URL answers with STATUS.
wait_http() {
  local url="$1" want="$2" limit="$3" code=""
  local deadline=$((SECONDS + limit))
  while [ $SECONDS -lt $deadline ]; do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url" || true)
    [ "$code" = "$want" ] && return 0
    sleep 0.2
  done
  fail "$url did not answer $want within ${limit}s (last: ${code:-none})"
}

# promtool's remarks on names we keep because the exporters we stand in for use them, so their
# dashboards keep working: node_exporter's camelCase /proc field names, windows_exporter's gauges
# windows_tcp_connections_state_count ("_count") and windows_memory_pool_nonpaged_allocs_total
# ("_total"). Nothing else may be remarked on.
kept_name_remarks="^node_(memory|netstat)_[A-Za-z0-9_]+ metric names should be written in 'snake_case' not 'camelCase'\$"
kept_name_remarks+='|^windows_tcp_connections_state_count non-histogram and non-summary metrics should not have "_count" suffix$'
kept_name_remarks+='|^windows_memory_pool_nonpaged_allocs_total non-counter metrics should not have "_total" suffix$'

# check_exposition URL [ALLOWED_LINT_REGEX]: fetches /metrics, checks its Content-Type and that
# promtool is silent, except for lint lines matching the regex (node_exporter's own camelCase
# node_memory_* and node_netstat_* names, kept for dashboard compatibility, draw a snake_case
# remark).
check_exposition() {
  local url="$1" allowed="${2:-$kept_name_remarks}" headers body lint
  headers=$(mktemp); body=$(mktemp)
  curl -sf -D "$headers" -o "$body" "$url" || fail "GET $url failed"
  grep -qi '^content-type: text/plain; version=0.0.4; charset=utf-8' "$headers" ||
    fail "$url has the wrong Content-Type: $(grep -i content-type "$headers")"
  lint=$(promtool check metrics < "$body" 2>&1 | grep -Ev "$allowed" || true)
  [ -z "$lint" ] || fail "promtool is not silent on $url: $lint"
  echo "$body"
}

# wait_json URL PYTHON_CONDITION SECONDS: polls until the condition on the parsed body `d` holds
# (whatever the status: a degraded /healthz answers 503 with a JSON body).
wait_json() {
  local url="$1" condition="$2" limit="$3"
  local deadline=$((SECONDS + limit))
  while [ $SECONDS -lt $deadline ]; do
    if curl -s --max-time 2 "$url" | python3 -c "import json,sys; d=json.load(sys.stdin); sys.exit(0 if ($condition) else 1)" 2>/dev/null; then
      return 0
    fi
    sleep 0.2
  done
  fail "$url: '$condition' did not hold within ${limit}s"
}

# json_field URL PYTHON_EXPR: prints the expression evaluated on the parsed body as `d`.
json_field() {
  curl -sf "$1" | python3 -c "import json,sys; d=json.load(sys.stdin); print($2)"
}

# Wine's sc.exe without its CRs (the caller sets WINEPREFIX).
# wine_out PROGRAM ARGS...: runs a Windows program under Wine; its output, without \r, on the same
# streams, and its exit status. Through files, never a pipe: a Wine helper the program starts on
# demand (explorer.exe /desktop) inherits its streams and may outlive it, and whoever reads a pipe
# would wait for the helper too (tests/run_detached.sh).
wine_out() {
  local out err status=0
  out=$(mktemp) err=$(mktemp)
  /usr/lib/wine/wine64 "$@" >"$out" 2>"$err" </dev/null || status=$?
  tr -d '\r' <"$out"
  tr -d '\r' <"$err" >&2
  rm -f "$out" "$err"
  return $status
}

wine_sc() { wine_out sc "$@" 2>/dev/null; }

# service_state NAME: RUNNING, STOPPED, ... or nothing. `sc query` can fail for a moment while
# the SCM is mid-transition: that is "no state yet", not a failure.
service_state() { { wine_sc query "$1" || true; } | sed -n 's/^ *STATE *: *[0-9]* *\([A-Z_]*\).*/\1/p'; }

# Under Wine and on Windows, DeleteService only marks a service while any program holds a handle
# on it (the stopped service's process while it exits, the services collector of any sysmetrics
# running beside the test, a Services console); its name goes, and may be created again, once the
# last one is closed.
# wine_create_service NAME BINPATH: sc create, retried for 30 s while the name is still taken.
wine_create_service() {
  local deadline=$((SECONDS + 30))
  until wine_sc create "$1" binPath= "$2" >/dev/null; do
    [ $SECONDS -lt $deadline ] || fail "sc create $1 refused for 30 s (still marked for deletion?)"
    sleep 0.2
  done
}
# wait_service_gone NAME SECONDS: the deleted service is no longer registered.
wait_service_gone() {
  local deadline=$((SECONDS + $2))
  while [ -n "$(service_state "$1")" ]; do
    [ $SECONDS -lt $deadline ] || fail "service $1 still registered $2 s after its deletion"
    sleep 0.2
  done
}

# wait_line FILE TEXT SECONDS: FILE (written by a program in the background) has a line with TEXT.
wait_line() {
  local deadline=$((SECONDS + $3))
  until grep -qF -- "$2" "$1" 2>/dev/null; do
    [ $SECONDS -lt $deadline ] || fail "no '$2' in $1 within $3 s: $(cat "$1" 2>/dev/null)"
    sleep 0.2
  done
}

# wait_service_state NAME STATE SECONDS
wait_service_state() {
  local deadline=$((SECONDS + $3)) s=""
  while [ $SECONDS -lt $deadline ]; do
    s=$(service_state "$1")
    [ "$s" = "$2" ] && return 0
    sleep 0.2
  done
  fail "service $1 did not reach $2 within $3 s (state: ${s:-none})"
}
