#!/usr/bin/env bash
# The issue's full-length outage: the receiver stopped for OUTAGE seconds (default 60) while the
# service collects every second; every collection must arrive afterwards, the queue must drain,
# a too-small queue's drop counter must equal the loss, and a restart during the outage must
# lose nothing. CI runs the same checks with a 6 s outage (tests/remote_write/run.sh).
#   bench/remote_write_outage.sh [OUTAGE_SECONDS]      (after scripts/build.sh native)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
exec /usr/bin/python3 "$root/tests/remote_write/remote_write_e2e.py" "$root/build/native/sysmetrics" \
  --outage "${1:-60}"
