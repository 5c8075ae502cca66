#!/usr/bin/env bash
# The MSI under Wine: msiexec /i with public properties installs and starts the service; the
# admin's own config file is honoured and survives an upgrade in place; the properties are
# remembered across a major upgrade that does not repeat them (W17); a rebuilt MSI of the same
# version replaces the installed one and an older one is refused; a busy port does not roll the
# install back (W02); the deferred `configure-install` action ran; msiexec /x removes the
# service and leaves the config file alone. ENABLED_COLLECTORS reaches the service as a flag only
# when given: by default the config file (or the built-in default, every collector) decides.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/lib.sh"
msi="$1"
src="$2"  # the source tree, for the .wxs to build other versions from
: "${WINEPREFIX:?WINEPREFIX must be set}"
export WINEDEBUG=-all
wine=/usr/lib/wine/wine64
work=$(mktemp -d)
programdata="$WINEPREFIX/drive_c/ProgramData/sysmetrics"
blocker_pid=""

sc() { wine_sc "$@"; }
# The installed service is up and serving: its REST API answers. Not /healthz: whether every
# collector succeeds under Wine (its GetExtendedTcpTable reads the busy CI host's socket tables)
# is not what an install, upgrade or repair is about; tests/e2e/wine_service.sh checks health.
wait_serving() { wait_http "http://127.0.0.1:$port/api/v1/collectors" 200 120; }
fail() {  # lib.sh's, with what a failure under the SCM needs to be understood afterwards
  echo "FAIL: $*" >&2
  { echo "--- sc query sysmetrics:"; sc query sysmetrics || true
    echo "--- /healthz:"; curl -s --max-time 5 "http://127.0.0.1:${port:-0}/healthz" || true; echo
    echo "--- the service's log file:"; tail -n 40 "$programdata/service.log" 2>/dev/null || true
    echo "--- sockets on port ${port:-?}:"; ss -tan 2>/dev/null | grep ":${port:-none} " || true
  } >&2
  exit 1
}
msiexec() { "$wine" msiexec "$@" </dev/null >/dev/null 2>&1; }
products() {  # how many installed products are named sysmetrics
  wine_out reg query 'HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall' /s 2>/dev/null |
    grep -c 'DisplayName.*REG_SZ.*sysmetrics$' || true
}
image_path() {  # the service's command line, as the SCM keeps it
  wine_out reg query 'HKLM\System\CurrentControlSet\Services\sysmetrics' /v ImagePath 2>/dev/null |
    sed -n 's/^ *ImagePath *REG_[A-Z_]* *//p'
}
remembered() {  # remembered NAME: the value the MSI keeps for the next repair or upgrade
  wine_out reg query 'HKLM\Software\sysmetrics\Installer' /v "$1" 2>/dev/null |
    sed -n "s/^ *$1 *REG_SZ *//p"
}
cleanup() {
  [ -n "$blocker_pid" ] && kill "$blocker_pid" 2>/dev/null || true
  for m in "$work"/*.msi; do [ -f "$m" ] && msiexec /x "$m" /qn || true; done
  rm -rf "$work" "$programdata"
}
trap cleanup EXIT
wineserver -p </dev/null >/dev/null 2>&1 || true

cp "$msi" "$work/sysmetrics-old.msi"
mkdir -p "$work/msi"
cp "$(dirname "$msi")/msi/sysmetrics.exe" "$work/msi/sysmetrics.exe"
build() {  # build VERSION NAME: another MSI of the same product
  (cd "$work" && bash "$src/installer/build_msi.sh" "$1" msi/sysmetrics.exe "$2" "$src/installer/sysmetrics.wxs" 2>/dev/null)
}
build 99.0.0 sysmetrics-new.msi
build 99.0.0 sysmetrics-new-rebuilt.msi  # same version, new product code
build 98.0.0 sysmetrics-older.msi

# Wine's msiexec never waits on a stop, whatever the table says, so this is read from the table:
# Windows Installer waits up to 30 s for STOPPED where Wait is 1, and only for STOP_PENDING where
# it is 0 (the service would then still be stopping when DeleteServices and a major upgrade's
# CreateService run). The start must not wait (W02, below).
note "ServiceControl: every stop or remove waits for STOPPED, the start does not"
control=$(msiinfo export "$msi" ServiceControl | tr -d '\r' | tail -n +4)
[ -n "$control" ] || fail "no ServiceControl rows in the MSI"
echo "$control" | awk -F'\t' '
  { event = $3 + 0; wait = $5 == "" ? 1 : $5 + 0  # null: wait, as 1
    start = int(event / 1) % 2 || int(event / 16) % 2       # msidbServiceControlEvent(Uninstall)Start
    halt = int(event / 2) % 2 || int(event / 32) % 2 || int(event / 8) % 2 || int(event / 128) % 2
    if (start && halt) { print "row " $1 " both starts and stops: Wait is one value for both"; bad = 1 }
    if (halt && wait != 1) { print "row " $1 " stops or removes without waiting (Wait " $5 ")"; bad = 1 }
    if (start && wait != 0) { print "row " $1 " waits on the start (Wait " $5 ")"; bad = 1 }
    starts += start; halts += halt }
  END { if (!starts || !halts) { print "no start row or no stop row"; bad = 1 }; exit bad }' >&2 ||
  fail "ServiceControl rows: $control"

note "the admin's config file in ProgramData, then msiexec /i with LISTEN_ADDR and LISTEN_PORT"
port=$(free_port)
mkdir -p "$programdata"
echo '{"log_file": "C:\\ProgramData\\sysmetrics\\service.log",
 "collectors": {"memory": {"interval_seconds": 3}}}' > "$programdata/config.json"
# Three quick collectors, not all: beside the other Wine e2e tests three of the default ones
# were at times still busy 3 s into the stop and were abandoned, and the major upgrade then left
# no service registered (4 runs of 4 in one series, 0 of 2 in a later one); with these, 0 of 3.
# Wine's msiexec sends the stop and goes on without waiting (see the ServiceControl check
# above), so such a stop raced the upgrade's DeleteServices. The collectors are remembered, as
# the other properties are. (W31 in docs/windows-audit-status.md.)
msiexec /i "$work/sysmetrics-old.msi" /qn LISTEN_ADDR=127.0.0.1 LISTEN_PORT="$port" FIREWALL=0 \
  ENABLED_COLLECTORS=cpu,memory,system || fail "msiexec /i failed"
wait_serving
sc query sysmetrics | grep -q RUNNING || fail "service not RUNNING after msiexec /i"
check_exposition "http://127.0.0.1:$port/metrics" >/dev/null
interval='[c["interval_seconds"] for c in d["collectors"] if c["name"]=="memory"][0]'
[ "$(json_field "http://127.0.0.1:$port/api/v1/collectors" "$interval")" = "3.0" ] ||
  fail "the service did not use the admin's config file"
[ "$(remembered LISTEN_PORT)" = "$port" ] || fail "LISTEN_PORT not remembered: '$(remembered LISTEN_PORT)'"
[ "$(remembered FIREWALL)" = "0" ] || fail "FIREWALL not remembered: '$(remembered FIREWALL)'"
[ "$(remembered ENABLED_COLLECTORS)" = "cpu,memory,system" ] ||
  fail "ENABLED_COLLECTORS not remembered: '$(remembered ENABLED_COLLECTORS)'"
case "$(image_path)" in *"--collectors cpu,memory,system "*) ;;
  *) fail "ENABLED_COLLECTORS is not on the service's command line: $(image_path)" ;; esac

note "major upgrade without the properties keeps the remembered port and the admin's config (W17)"
msiexec /i "$work/sysmetrics-new.msi" /qn || fail "msiexec upgrade failed"
wait_serving
[ "$(json_field "http://127.0.0.1:$port/api/v1/collectors" "$interval")" = "3.0" ] || fail "config lost on upgrade"
grep -q '"interval_seconds": 3' "$programdata/config.json" || fail "config file changed by the upgrade"
[ "$(products)" = 1 ] || fail "$(products) sysmetrics products installed after the upgrade"

note "a rebuilt MSI of the same version replaces the installed one; an older one is refused"
msiexec /i "$work/sysmetrics-new-rebuilt.msi" /qn || fail "same-version msiexec /i failed"
[ "$(products)" = 1 ] || fail "$(products) sysmetrics products after a same-version install"
wait_serving
if msiexec /i "$work/sysmetrics-older.msi" /qn; then fail "an older MSI installed over a newer one"; fi
[ "$(products)" = 1 ] || fail "$(products) sysmetrics products after the refused downgrade"
wait_serving

note "msiexec /x removes the service"
msiexec /x "$work/sysmetrics-new-rebuilt.msi" /qn || fail "msiexec /x failed"
wait_service_gone sysmetrics 30
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$port/healthz" || true)
[ "$code" = "000" ] || fail "still answering after uninstall ($code)"
[ -f "$programdata/config.json" ] || fail "uninstall removed the admin's config file"

note "a busy port: the install stays (no rollback) for the restart-on-failure actions (W02)"
busy=$(free_port)
python3 -c "import socket,time; s=socket.socket(); s.bind(('127.0.0.1',$busy)); s.listen(); time.sleep(300)" &
blocker_pid=$!
wait_port_open() { for _ in $(seq 1 50); do python3 -c "import socket; socket.create_connection(('127.0.0.1',$busy),1)" 2>/dev/null && return 0; sleep 0.1; done; return 1; }
wait_port_open || fail "the blocker did not listen"
msiexec /i "$work/sysmetrics-new.msi" /qn LISTEN_ADDR=127.0.0.1 LISTEN_PORT="$busy" ||
  fail "msiexec /i rolled back on a busy port"
sc query sysmetrics | grep -q STATE || fail "service not registered after a start on a busy port"
# A fresh install without ENABLED_COLLECTORS names none: the config file keeps its say.
case "$(image_path)" in *sysmetrics.exe*) ;; *) fail "no ImagePath: '$(image_path)'" ;; esac
case "$(image_path)" in *--collectors*) fail "a default collector list on the command line: $(image_path)" ;; esac
kill "$blocker_pid"; blocker_pid=""
msiexec /x "$work/sysmetrics-new.msi" /qn || fail "msiexec /x failed"
echo "PASS wine_msi"
