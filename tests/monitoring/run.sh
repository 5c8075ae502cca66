#!/usr/bin/env bash
# Every test of monitoring/: rules checked and unit-tested with promtool, dashboards up to date
# and their PromQL parsed by promtool, the scrape examples accepted by promtool, and the
# end-to-end run against a real Prometheus (e2e.sh). Prints 'monitoring: N passed, M failed'.
# Usage: tests/monitoring/run.sh [NATIVE_BINARY] [WINDOWS_EXE] (default: build/native, build/windows)
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
native="${1:-$root/build/native/sysmetrics}"
exe="${2:-$root/build/windows/sysmetrics.exe}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0
step() {  # step NAME COMMAND...: runs it, keeps its output for when it fails
  local name="$1" started=$SECONDS
  shift
  if "$@" > "$work/log" 2>&1; then
    passed=$((passed + 1))
    echo "PASS $name ($((SECONDS - started)) s): $(grep -v '^$' "$work/log" | tail -n 1)"
    grep '^    ' "$work/log" || true  # the figures a step reports (timings), indented
  else
    failed=$((failed + 1))
    echo "FAIL $name ($((SECONDS - started)) s)"
    tail -n 40 "$work/log"
  fi
}
check() { python3 "$here/monitoring_check.py" "$@"; }

step "promtool check rules" promtool check rules "$root"/monitoring/rules/*.yml
step "alert metadata (for, severity, summary/description/runbook)" \
  check lint-rules "$root/monitoring/rules/sysmetrics-alerts.yml" "$work/sysmetrics-alerts.yml"
cp "$here/alerts.test.yml" "$work/"
step "promtool test rules: alerts" promtool test rules "$work/alerts.test.yml"
step "promtool test rules: recording rules" promtool test rules "$here/recording.test.yml"
step "dashboards match generate.py" check fresh "$root/monitoring/dashboards"
parse_dashboards() {
  check promql "$root/monitoring/dashboards" "$work/dashboard-exprs.yml" &&
    promtool check rules "$work/dashboard-exprs.yml"
}
step "every dashboard query parses (promtool)" parse_dashboards
check_examples() {  # the TLS example names files that must exist: point it at throwaway ones
  cp -r "$root/monitoring" "$work/examples"
  : > "$work/token"; : > "$work/ca.pem"
  sed -i "s|/etc/prometheus/sysmetrics.token|$work/token|; s|/etc/prometheus/sysmetrics-ca.pem|$work/ca.pem|" \
    "$work/examples/prometheus/scrape-tls-bearer.yml"
  for config in "$work"/examples/prometheus/scrape-*.yml; do
    promtool check config "$config" || return 1
  done
  # promtool does not read file_sd files: check the example's shape (groups of host:port targets).
  python3 -c 'import re, sys, yaml
groups = yaml.safe_load(open(sys.argv[1]))
assert groups and all(g["targets"] and all(re.fullmatch(r".+:\d+", t) for t in g["targets"])
                      and isinstance(g.get("labels", {}), dict) for g in groups), groups
print(len(groups), "target groups")' "$work/examples/prometheus/targets/windows.yml"
}
step "scrape config examples (promtool check config)" check_examples
if [ -x "$native" ] && [ -f "$exe" ]; then
  step "real Prometheus: native + Wine service, dashboards, recording rules, alerts" \
    bash "$here/e2e.sh" "$native" "$exe"
else
  echo "FAIL end-to-end: build both targets first ($native, $exe)"
  failed=$((failed + 1))
fi
echo "monitoring: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
