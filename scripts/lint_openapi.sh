#!/usr/bin/env bash
# Lints docs/openapi.json with Redocly CLI's recommended rules (redocly.yaml). Clean means no
# error and no warning: a warning fails too. The CLI is the pinned @redocly/cli that
# scripts/setup.sh installs into .cache/node-redocly (scripts/redocly-cli.version).
#   scripts/lint_openapi.sh
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cli="$root/.cache/node-redocly/node_modules/.bin/redocly"
[ -x "$cli" ] || { echo "lint_openapi: no $cli (run scripts/setup.sh)" >&2; exit 2; }
cd "$root" || exit 2
# No telemetry, no update check: the lint runs offline.
output=$(REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true \
  "$cli" lint --config redocly.yaml --format stylish --max-problems 1000 docs/openapi.json 2>&1)
status=$?
echo "$output"
[ "$status" -eq 0 ] || exit "$status"
if grep -qiE '(^|[^a-z])warnings?([^a-z]|$)' <<<"$(grep -v 'Deprecation warning' <<<"$output")"; then
  echo "lint_openapi: redocly warned (the spec must lint clean)" >&2
  exit 1
fi
