#!/usr/bin/env bash
# Sets up, builds the native service, and runs it in the foreground with its default config
# (/etc/sysmetrics/config.json when present, else built-in defaults: 0.0.0.0:9185).
# Extra flags are passed on, e.g. scripts/run.sh --listen 127.0.0.1:9185. Ctrl+C stops it.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$root/scripts/setup.sh"
SYSMETRICS_TARGET=sysmetrics bash "$root/scripts/build.sh" native >/dev/null
exec "$root/build/native/sysmetrics" --console "$@"
