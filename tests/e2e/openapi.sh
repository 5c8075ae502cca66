#!/usr/bin/env bash
# The live answers of every endpoint against docs/openapi.json (tests/e2e/openapi_check.py):
# starts the service with basic auth on (so the 401s are checked too), every collector every
# second, thread details on, textfiles with one good and one broken file and, under Wine, a
# performance counter Wine's PDH has; then the checker asks every path with GET, HEAD and
# OPTIONS, the errors, and validates each answer against the spec.
#   tests/e2e/openapi.sh BINARY native|wine SOURCE_DIR
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/lib.sh"
bin="$1" mode="$2" src="$3"
with_work_dir

user=checker password="openapi-test-$$"
hash=$(pbkdf2_hash "$password")
mkdir -p "$work/textfile"
cp "$src/tests/data/textfile/node_exporter_example.prom" "$work/textfile/example.prom"
printf 'broken_metric{a="1" 2\n' > "$work/textfile/broken.prom"
port=$(free_port)
if [ "$mode" = wine ]; then
  textfile_dirs="[\"$(wine_path "$work/textfile" | sed 's|\\|\\\\|g')\"]"  # JSON-escaped
  # Wine's PDH has \System\System Up Time (tests/windows/perfcounter_test.cpp).
  perfcounter='"performancecounter": {"interval_seconds": 1, "objects": [
                   {"object": "System", "counters": ["System Up Time"], "labels": {"role": "test"}}]},'
  platform=windows
else
  textfile_dirs="[\"$work/textfile\"]"
  perfcounter=""
  platform=linux
fi
cat > "$work/config.json" <<JSON
{"listen": "127.0.0.1:$port",
 "web": {"auth": {"users": {"$user": "$hash"}}},
 "collectors": {"battery": {"interval_seconds": 1}, "connections": {"interval_seconds": 1},
                "cpu": {"interval_seconds": 1}, "disks": {"interval_seconds": 1},
                "memory": {"interval_seconds": 1}, "network": {"interval_seconds": 1},
                "physical_disk": {"interval_seconds": 1}, $perfcounter
                "processes": {"interval_seconds": 1, "threads": true},
                "self": {"interval_seconds": 1}, "services": {"interval_seconds": 1},
                "system": {"interval_seconds": 1}, "tcp": {"interval_seconds": 1},
                "thermalzone": {"interval_seconds": 1},
                "textfile": {"interval_seconds": 1, "directories": $textfile_dirs}}}
JSON
serve_sysmetrics "$bin" "$mode"

note "every endpoint's answers against docs/openapi.json"
/usr/bin/python3 "$here/openapi_check.py" "$base" --spec "$src/docs/openapi.json" \
    --user "$user" --password "$password" --platform "$platform" --own "$(basename "$work")" ||
  { tail -n 30 "$work/log"; fail "answers do not match docs/openapi.json ($mode)"; }
note "openapi ($mode): ok"
