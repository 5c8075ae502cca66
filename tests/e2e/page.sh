#!/usr/bin/env bash
# The page at "/" end to end, with basic auth on: its files' types, gzip, ETag/304 and 401
# without credentials (curl); its weight gzipped (printed, at most 150 KB); then Debian's chromium
# (tests/browser/page_check.js) shows the API's values and no error. Screenshots in OUT_DIR.
#   tests/e2e/page.sh BINARY native|wine SOURCE_DIR OUT_DIR
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/lib.sh"
bin="$1" mode="$2" src="$3" out="$4"
export PLAYWRIGHT_DIR="${PLAYWRIGHT_DIR:-$src/.cache/node-browser-test}"
[ -d "$PLAYWRIGHT_DIR/node_modules/playwright-core" ] || fail "no playwright-core in $PLAYWRIGHT_DIR (run scripts/setup.sh)"
[ -x /usr/bin/chromium ] || fail "no /usr/bin/chromium (run scripts/setup.sh)"
mkdir -p "$out"
with_work_dir

user=viewer password="page-test-$$"
hash=$(pbkdf2_hash "$password")
port=$(free_port)
cat > "$work/config.json" <<JSON
{"listen": "127.0.0.1:$port",
 "web": {"auth": {"users": {"$user": "$hash"}}},
 "collectors": {"cpu": {"interval_seconds": 1}, "memory": {"interval_seconds": 1},
                "system": {"interval_seconds": 1}, "disks": {"interval_seconds": 1},
                "network": {"interval_seconds": 1}, "processes": {"interval_seconds": 2},
                "connections": {"interval_seconds": 2}}}
JSON
serve_sysmetrics "$bin" "$mode"

note "the page needs the API's credentials"
[ "$(curl -s -o /dev/null -w '%{http_code}' "$base/")" = 401 ] || fail "/ without credentials is not 401"
[ "$(curl -s -o /dev/null -w '%{http_code}' "$base/ui/app.js")" = 401 ] || fail "/ui/app.js without credentials is not 401"
auth=(-u "$user:$password")

note "types, gzip, ETag and 304; the weight gzipped"
curl -sf "${auth[@]}" -o "$work/index.html" "$base/"
mapfile -t files < <(grep -oE '(src|href)="/ui/[^"]+"' "$work/index.html" | sed -E 's/^[a-z]+="//; s/"$//')
[ "${#files[@]}" -ge 10 ] || fail "index.html names only ${#files[@]} files"
total=0
for f in / "${files[@]}"; do
  curl -sf "${auth[@]}" -H 'Accept-Encoding: gzip' -D "$work/h" -o "$work/body" "$base$f" || fail "GET $f"
  case "$f" in
    /) want='text/html; charset=utf-8' ;;
    *.js) want='text/javascript; charset=utf-8' ;;
    *.css) want='text/css; charset=utf-8' ;;
    *) want='?' ;;
  esac
  grep -qi "^content-type: $want"$'\r'"$" "$work/h" || fail "$f: $(grep -i '^content-type' "$work/h")"
  size=$(stat -c %s "$work/body")
  if grep -qi '^content-encoding: gzip' "$work/h"; then
    gunzip -t < "$work/body" || fail "$f: not valid gzip"
  elif [ "$size" -ge 512 ]; then
    fail "$f ($size bytes) was not gzipped"
  fi
  total=$((total + size))
  etag=$(sed -n 's/^[Ee][Tt][Aa][Gg]: *//p' "$work/h" | tr -d '\r')
  [ -n "$etag" ] || fail "$f has no ETag"
  code=$(curl -s "${auth[@]}" -H 'Accept-Encoding: gzip' -H "If-None-Match: $etag" -o /dev/null -w '%{http_code}' "$base$f")
  [ "$code" = 304 ] || fail "$f with If-None-Match: $code, expected 304"
done
echo "page weight: $total bytes gzipped for / and ${#files[@]} files (limit 153600)"
[ "$total" -le 153600 ] || fail "the page weighs $total bytes gzipped, over 150 KB"

note "chromium shows the API's values"
node "$src/tests/browser/page_check.js" "$base/" "$user" "$password" "$out" "$mode" ||
  { tail -n 30 "$work/log"; fail "the page check failed ($mode)"; }
note "page ($mode): ok"
