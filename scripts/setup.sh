#!/usr/bin/env bash
# Installs everything both builds and the tests need, idempotently, on Debian 12.
#   scripts/setup.sh            native build + tests (apt packages, cpp-httplib source)
#   scripts/setup.sh --windows  also MinGW, Wine, a Wine prefix, prometheus-cpp source
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="$root/.cache"
want_windows=0
for arg in "$@"; do
  case "$arg" in
    --windows) want_windows=1 ;;
    *) echo "setup.sh: unknown argument '$arg' (expected --windows)" >&2; exit 2 ;;
  esac
done

sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)

native_pkgs=(build-essential cmake ninja-build pkg-config curl clang-format
  nlohmann-json3-dev libspdlog-dev libfmt-dev prometheus-cpp-dev libgtest-dev
  prometheus python3-psutil python3-yaml dpkg-dev unicode-data perl python3 clang libclang-rt-14-dev
  libssl-dev zlib1g-dev openssl ccache libprotozero-dev libsnappy-dev python3-protobuf python3-snappy
  python3-prometheus-client python3-jsonschema chromium)
windows_pkgs=(g++-mingw-w64-x86-64-posix mingw-w64-tools wine wine64 msitools wixl
  libz-mingw-w64-dev make)

missing=()
pkgs=("${native_pkgs[@]}")
[ "$want_windows" -eq 1 ] && pkgs+=("${windows_pkgs[@]}")
# Node for the page's browser test (tests/browser): Debian's, unless the machine has one.
command -v npm >/dev/null 2>&1 || pkgs+=(nodejs npm)
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

ensure_deb_src() {
  if ! grep -rqs '^Types:.*deb-src' /etc/apt/sources.list.d/ &&
     ! grep -qs '^deb-src' /etc/apt/sources.list; then
    echo "setup: adding deb-src entries (needed for apt-get source)"
    local src=/etc/apt/sources.list.d/debian.sources
    if [ -f "$src" ]; then
      sed 's/^Types: deb$/Types: deb-src/' "$src" | "${sudo_cmd[@]}" tee /etc/apt/sources.list.d/sysmetrics-src.sources >/dev/null
    else
      sed -n 's/^deb /deb-src /p' /etc/apt/sources.list | "${sudo_cmd[@]}" tee /etc/apt/sources.list.d/sysmetrics-src.list >/dev/null
    fi
    return 0
  fi
  return 1
}

need_update=0
ensure_deb_src && need_update=1
[ ${#missing[@]} -gt 0 ] && need_update=1
need_src=0
httplib_patched='sysmetrics: patched by scripts/patch_httplib.py'
grep -q "$httplib_patched" "$cache/httplib/httplib.cc" 2>/dev/null || need_src=1
[ -f "$cache/re2/re2/unicode_groups.cc" ] || need_src=1
[ "$want_windows" -eq 1 ] && [ ! -d "$cache/prometheus-cpp" ] && need_src=1
[ "$want_windows" -eq 1 ] && [ ! -f "$cache/openssl-mingw/lib/libssl.a" ] && need_src=1
[ "$want_windows" -eq 1 ] && [ ! -f "$cache/snappy-mingw/lib/libsnappy.a" ] && need_src=1
[ "$need_src" -eq 1 ] && need_update=1

if [ "$need_update" -eq 1 ]; then
  "${sudo_cmd[@]}" apt-get update -qq
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

fetch_source() {  # $1 = source package, $2 = cache dir name
  local pkg="$1" dest="$cache/$2"
  [ -d "$dest" ] && return 0
  local tmp
  tmp="$(mktemp -d "$cache/.src.XXXXXX")"
  # The candidate version's source can be missing from a mirror (a security update whose .dsc
  # is not there yet): then try the other versions apt knows, newest first.
  local fetched=0 version
  if (cd "$tmp" && apt-get source -qq "$pkg" >/dev/null 2>&1); then
    fetched=1
  else
    for version in $(apt-cache showsrc "$pkg" | awk '/^Version:/ {print $2}' | sort -rV); do
      rm -rf "${tmp:?}"/*
      if (cd "$tmp" && apt-get source -qq "$pkg=$version" >/dev/null 2>&1); then
        fetched=1
        break
      fi
    done
  fi
  [ "$fetched" -eq 1 ] || {
    echo "setup: apt-get source $pkg failed for every version" >&2; rm -rf "$tmp"; exit 1; }
  local dir
  dir="$(find "$tmp" -mindepth 1 -maxdepth 1 -type d | head -n1)"
  mv "$dir" "$dest"
  rm -rf "$tmp"
}

# Built third-party trees a clean checkout would otherwise rebuild (CI clones afresh each run).
machine_cache="${SYSMETRICS_MACHINE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/sysmetrics}"
keep_for_machine() {  # $1 = built dir, $2 = its place in the machine cache (kept if already there)
  [ -d "$2" ] && return 0
  mkdir -p "$(dirname "$2")"
  local tmp
  tmp="$(mktemp -d "$2.XXXXXX")"
  cp -a "$1/." "$tmp/" && mv -T "$tmp" "$2" 2>/dev/null || rm -rf "$tmp"
}

# $1 = a dir in .cache, $2 = its place in the machine cache, $3 = a file it has when complete,
# $4 = a function that builds it into the dir it is given: copied when the machine has it, else
# built and kept for the next checkout.
kept_or_built() {
  rm -rf "$1.tmp"
  if [ -f "$2/$3" ]; then
    echo "setup: $(basename "$1") from $2"
    cp -a "$2" "$1.tmp"
  else
    "$4" "$1.tmp"
    keep_for_machine "$1.tmp" "$2"
  fi
  rm -rf "$1" && mv "$1.tmp" "$1"
}

mkdir -p "$cache"
# cpp-httplib split by its own split.py into declarations and one implementation file, which
# the build compiles once rather than in every file that includes the header; then Debian's
# 0.11.4 gets three patches (scripts/patch_httplib.py says which and why: its static SSLInit, and
# upstream's fixes for a '?' or '=' inside a query value).
if ! grep -q "$httplib_patched" "$cache/httplib/httplib.cc" 2>/dev/null; then
  fetch_source cpp-httplib cpp-httplib-src
  rm -rf "$cache/httplib.tmp"
  python3 "$cache/cpp-httplib-src/split.py" -o "$cache/httplib.tmp" >/dev/null &&
    [ -f "$cache/httplib.tmp/httplib.cc" ] || {
    echo "setup: splitting cpp-httplib failed (see $cache/cpp-httplib-src/split.py)" >&2; exit 1; }
  python3 "$root/scripts/patch_httplib.py" "$cache/httplib.tmp/httplib.cc"
  rm -rf "$cache/httplib" && mv "$cache/httplib.tmp" "$cache/httplib"
fi

# RE2 matches user-supplied patterns in linear time: a hostile regex cannot hang a request.
# Debian's source drops the generated tables; make them from Debian's unicode-data, as its
# package build does.
fetch_source re2 re2
if [ ! -f "$cache/re2/re2/unicode_groups.cc" ]; then
  (cd "$cache/re2" &&
    perl re2/make_perl_groups.pl > re2/perl_groups.cc &&
    python3 re2/make_unicode_casefold.py > re2/unicode_casefold.cc &&
    python3 re2/make_unicode_groups.py > re2/unicode_groups.cc.tmp &&
    mv re2/unicode_groups.cc.tmp re2/unicode_groups.cc) || {
    echo "setup: generating RE2's Unicode tables failed" >&2; exit 1; }
fi

if [ "$want_windows" -eq 1 ]; then
  fetch_source prometheus-cpp prometheus-cpp
  # A header folder for MinGW that holds only what it may see (never /usr/include itself).
  inc="$cache/mingw-include"
  mkdir -p "$inc"
  for d in nlohmann spdlog fmt protozero; do
    [ -e "$inc/$d" ] || ln -s "/usr/include/$d" "$inc/$d"
  done
  [ -e "$inc/httplib.h" ] || ln -s "$cache/httplib/httplib.h" "$inc/httplib.h"
  # OpenSSL for TLS and credential hashing: Debian ships none for MinGW, so build the static
  # libraries from Debian's source (90 s to 4 min on 2 cores). They are kept per machine, keyed by
  # the Debian source version fetched (security updates change it) and the MinGW compiler: a clean
  # checkout on a machine that built them before fetches the source only to learn its version.
  mingw_version="$(x86_64-w64-mingw32-g++-posix -dumpversion 2>/dev/null || echo unknown)"
  build_openssl() {  # $1 = where the headers and static libraries go
    echo "setup: building OpenSSL $fetched_version for MinGW (static, libraries only)"
    (cd "$cache/openssl-src" &&
      ./Configure mingw64 --cross-compile-prefix=x86_64-w64-mingw32- no-shared no-tests \
        no-dso no-engine no-module --prefix="$ossl" >/dev/null &&
      make -j"$(nproc)" build_libs >/dev/null 2>&1) || {
      echo "setup: building OpenSSL for MinGW failed (see $cache/openssl-src)" >&2; exit 1; }
    mkdir -p "$1/lib"
    cp -r "$cache/openssl-src/include" "$1/include"
    cp "$cache/openssl-src/libssl.a" "$cache/openssl-src/libcrypto.a" "$1/lib/"
  }
  ossl="$cache/openssl-mingw"
  if [ ! -f "$ossl/lib/libssl.a" ]; then
    fetch_source openssl openssl-src
    fetched_version="$(sed -n '1s/^[^(]*(\([^)]*\)).*/\1/p' "$cache/openssl-src/debian/changelog")"
    kept_or_built "$ossl" "$machine_cache/openssl-mingw-${fetched_version:-unknown}-gcc$mingw_version" \
      lib/libssl.a build_openssl
  fi
  # Snappy for remote write's compression: Debian ships none for MinGW, so build the static
  # library from Debian's source, once, and keep it per machine like OpenSSL, keyed by Debian's
  # snappy version (libsnappy-dev comes from the same source) and the MinGW compiler: a clean
  # checkout on a machine that built it before copies it without fetching the source. Debian's
  # patch adds a separate snappy-static target; with the shared one on, the two do not both
  # claim libsnappy.a.
  build_snappy() {  # $1 = where the header and static library go
    fetch_source snappy snappy-src
    echo "setup: building snappy $snappy_version for MinGW (static)"
    rm -rf "$cache/snappy-build"
    (cmake -Wno-dev -S "$cache/snappy-src" -B "$cache/snappy-build" -G Ninja \
        -DCMAKE_TOOLCHAIN_FILE="$root/cmake/mingw-w64.cmake" -DCMAKE_BUILD_TYPE=Release \
        -DBUILD_SHARED_LIBS=ON -DSNAPPY_BUILD_TESTS=OFF -DSNAPPY_BUILD_BENCHMARKS=OFF >/dev/null &&
      cmake --build "$cache/snappy-build" -j "$(nproc)" --target snappy-static >/dev/null) || {
      echo "setup: building snappy for MinGW failed (see $cache/snappy-build)" >&2; exit 1; }
    mkdir -p "$1/lib" "$1/include"
    cp "$cache/snappy-build/libsnappy.a" "$1/lib/"
    cp "$cache/snappy-src/snappy.h" "$cache/snappy-src/snappy-sinksource.h" \
      "$cache/snappy-build/snappy-stubs-public.h" "$1/include/"
    rm -rf "$cache/snappy-build"
  }
  snappy="$cache/snappy-mingw"
  if [ ! -f "$snappy/lib/libsnappy.a" ]; then
    snappy_version="$(dpkg-query -W -f='${Version}' libsnappy-dev 2>/dev/null || echo unknown)"
    kept_or_built "$snappy" "$machine_cache/snappy-mingw-$snappy_version-gcc$mingw_version" \
      lib/libsnappy.a build_snappy
  fi
  # Wine prefix, 64-bit, reporting Windows 10.
  prefix="$cache/wineprefix"
  # A fresh prefix is kept per machine and Wine version: copying it takes seconds, booting one
  # most of a minute.
  pristine="$machine_cache/wineprefix-$(wine --version 2>/dev/null | sed 's/[^A-Za-z0-9.]\+/-/g; s/-$//')"
  if [ ! -f "$prefix/.sysmetrics-ready" ]; then
    rm -rf "$prefix"
    if [ -f "$pristine/.sysmetrics-ready" ]; then
      echo "setup: Wine prefix from $pristine"
      cp -a "$pristine" "$prefix"
    else
      echo "setup: creating Wine prefix in $prefix"
      WINEPREFIX="$prefix" WINEARCH=win64 WINEDEBUG=-all wineboot -i >/dev/null 2>&1
      WINEPREFIX="$prefix" WINEDEBUG=-all wine winecfg -v win10 >/dev/null 2>&1 || true
      WINEPREFIX="$prefix" WINEDEBUG=-all wineserver -w
      touch "$prefix/.sysmetrics-ready"
      keep_for_machine "$prefix" "$pristine"
    fi
  fi
fi
# npm_pinned PACKAGE VERSION DIR: the package at exactly VERSION in DIR/node_modules, from npm,
# unless it is there already.
npm_pinned() {
  local package="$1" version="$2" dir="$3"
  grep -qs "\"version\": \"$version\"" "$dir/node_modules/$package/package.json" && return 0
  echo "setup: npm install $package@$version into $dir"
  mkdir -p "$dir"
  (cd "$dir" && npm install --no-save --no-audit --no-fund --silent --prefix . \
      "$package@$version" >/dev/null) || {
    echo "setup: npm install $package failed" >&2; exit 1; }
}
# playwright-core (pinned) drives Debian's chromium in the page's browser test; it comes from
# npm into .cache, never a browser download (tests/browser/README.md).
npm_pinned playwright-core "$(cat "$root/tests/browser/playwright-core.version")" \
  "$cache/node-browser-test"
# @redocly/cli (pinned) lints docs/openapi.json (scripts/lint_openapi.sh); its version needs
# Node 20.19+ or 22.12+.
npm_pinned @redocly/cli "$(cat "$root/scripts/redocly-cli.version")" "$cache/node-redocly"

echo "setup: ready"
