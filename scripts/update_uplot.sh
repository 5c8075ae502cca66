#!/usr/bin/env bash
# Vendors uPlot VERSION from npm into http/web/page/vendor/uplot-VERSION (the minified IIFE build,
# its CSS and its LICENSE) and points index.html at it. The build never fetches it: commit the
# result. Then build, run the e2e_page test and check the page weight it prints.
#   scripts/update_uplot.sh 1.6.32
set -euo pipefail
version="${1:?usage: scripts/update_uplot.sh VERSION}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
vendor="$root/http/web/page/vendor"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "uplot@$version" >/dev/null && tar xzf "uplot-$version.tgz")
old="$(cd "$vendor" && ls -d uplot-* 2>/dev/null | head -n1 || true)"
mkdir -p "$vendor/uplot-$version"
cp "$tmp/package/dist/uPlot.iife.min.js" "$tmp/package/dist/uPlot.min.css" "$tmp/package/LICENSE" \
  "$vendor/uplot-$version/"
if [ -n "$old" ] && [ "$old" != "uplot-$version" ]; then
  sed -i "s|/ui/vendor/$old/|/ui/vendor/uplot-$version/|g" "$root/http/web/page/index.html"
  rm -rf "${vendor:?}/$old"
fi
echo "uPlot $version in $vendor/uplot-$version"
