#!/usr/bin/env bash
# The abuse figures of issue 18, side by side for two builds (Linux, native):
#   bench/abuse.sh [AFTER_BINARY] [BEFORE_BINARY] [-- FIGURE_SUBSTRING...]
# AFTER defaults to build/native/sysmetrics; BEFORE is optional (e.g. a build of main 396e8d0).
# Every client is on 127.0.0.1; each figure starts its own service and stops it.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
after="${1:-$root/build/native/sysmetrics}"
before="${2:-}"
shift $(( $# > 2 ? 2 : $# )) || true
[ "${1:-}" = "--" ] && shift
ulimit -n 4096 2>/dev/null || true
[ -x "$after" ] || { echo "no binary at $after (scripts/build.sh native first)" >&2; exit 2; }
if [ -n "$before" ]; then
  echo "=== before: $before"
  python3 "$root/bench/abuse.py" "$before" "$@"
fi
echo "=== after: $after"
python3 "$root/bench/abuse.py" "$after" "$@"
