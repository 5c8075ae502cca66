#!/usr/bin/env bash
# The MSI under Wine: msiexec /i with public properties installs and starts the service; the
# admin's own config file is honoured and survives an upgrade in place; msiexec /x removes the
# service and leaves that file alone.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/lib.sh"
msi="$1"
src="$2"  # the source tree, for the .wxs to build a newer version from
: "${WINEPREFIX:?WINEPREFIX must be set}"
export WINEDEBUG=-all
wine=/usr/lib/wine/wine64
work=$(mktemp -d)
programdata="$WINEPREFIX/drive_c/ProgramData/sysmetrics"

sc() { "$wine" sc "$@" 2>/dev/null | tr -d '\r'; }
cleanup() {
  for m in "$work"/*.msi; do [ -f "$m" ] && "$wine" msiexec /x "$m" /qn </dev/null >/dev/null 2>&1 || true; done
  rm -rf "$work" "$programdata"
}
trap cleanup EXIT
wineserver -p </dev/null >/dev/null 2>&1 || true

cp "$msi" "$work/sysmetrics-old.msi"
# A newer version of the same product, for the upgrade.
mkdir -p "$work/msi"
cp "$(dirname "$msi")/msi/sysmetrics.exe" "$work/msi/sysmetrics.exe"
(cd "$work" && wixl -a x64 -D Version=99.0.0 -D ExePath=msi/sysmetrics.exe -o sysmetrics-new.msi \
  "$src/installer/sysmetrics.wxs" 2>/dev/null)

note "the admin's config file in ProgramData, then msiexec /i with LISTEN_ADDR and LISTEN_PORT"
port=$(free_port)
mkdir -p "$programdata"
echo '{"collectors": {"memory": {"interval_seconds": 3}}}' > "$programdata/config.json"
"$wine" msiexec /i "$work/sysmetrics-old.msi" /qn LISTEN_ADDR=127.0.0.1 LISTEN_PORT="$port" </dev/null >/dev/null 2>&1 ||
  fail "msiexec /i failed"
sc query sysmetrics | grep -q RUNNING || fail "service not RUNNING after msiexec /i"
wait_http "http://127.0.0.1:$port/healthz" 200 120
check_exposition "http://127.0.0.1:$port/metrics" \
  '^windows_tcp_connections_state_count non-histogram and non-summary metrics should not have "_count" suffix$' >/dev/null
interval='[c["interval_seconds"] for c in d["collectors"] if c["name"]=="memory"][0]'
[ "$(json_field "http://127.0.0.1:$port/api/v1/collectors" "$interval")" = "3.0" ] ||
  fail "the service did not use the admin's config file"

note "upgrade in place keeps the admin's config"
"$wine" msiexec /i "$work/sysmetrics-new.msi" /qn LISTEN_ADDR=127.0.0.1 LISTEN_PORT="$port" </dev/null >/dev/null 2>&1 ||
  fail "msiexec upgrade failed"
wait_http "http://127.0.0.1:$port/healthz" 200 120
[ "$(json_field "http://127.0.0.1:$port/api/v1/collectors" "$interval")" = "3.0" ] || fail "config lost on upgrade"
grep -q '"interval_seconds": 3' "$programdata/config.json" || fail "config file changed by the upgrade"

note "msiexec /x removes the service"
"$wine" msiexec /x "$work/sysmetrics-new.msi" /qn </dev/null >/dev/null 2>&1 || fail "msiexec /x failed"
sc query sysmetrics | grep -q STATE && fail "service still registered after msiexec /x"
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$port/healthz" || true)
[ "$code" = "000" ] || fail "still answering after uninstall ($code)"
[ -f "$programdata/config.json" ] || fail "uninstall removed the admin's config file"
echo "PASS wine_msi"
