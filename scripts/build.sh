#!/usr/bin/env bash
# Configures and builds one or both targets.
#   scripts/build.sh native     -> build/native   (gcc, /proc backend)
#   scripts/build.sh windows    -> build/windows  (MinGW-w64, static sysmetrics.exe)
#   scripts/build.sh all        -> both
#   scripts/build.sh asan       -> build/asan   (native, AddressSanitizer + UBSan)
#   scripts/build.sh tsan       -> build/tsan   (native, ThreadSanitizer)
#   scripts/build.sh fuzz       -> build/fuzz   (clang, libFuzzer + ASan + UBSan; also the unit and
#                                                HTTP tests under clang's ASan + UBSan)
# Extra CMake arguments may follow after --, e.g. scripts/build.sh native -- -DCMAKE_BUILD_TYPE=Debug
# SYSMETRICS_TARGET=sysmetrics builds only the service binary (tests stay configured).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
which="${1:-all}"
shift || true
[ "${1:-}" = "--" ] && shift
extra=("$@")
jobs="$(nproc)"
target=()
[ -n "${SYSMETRICS_TARGET:-}" ] && target=(--target "$SYSMETRICS_TARGET")
# ccache, when setup installed it: its cache lives in the user's home, so a fresh clone on a
# machine that built before (CI's clean checkout) compiles only what changed. Paths are hashed
# relative to the checkout, so two clones share their entries.
if command -v ccache >/dev/null 2>&1 && [ -z "${SYSMETRICS_NO_CCACHE:-}" ]; then
  export CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=1 CCACHE_MAXSIZE="${CCACHE_MAXSIZE:-5G}"
  extra=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache "${extra[@]}")
fi

build_native() {
  cmake -S "$root" -B "$root/build/native" -G Ninja -DSYSMETRICS_BUILD_TESTS=ON "${extra[@]}" >/dev/null
  cmake --build "$root/build/native" -j "$jobs" "${target[@]}"
}
build_sanitized() {  # $1 = dir, $2 = sanitizers, then the test targets to build
  cmake -S "$root" -B "$root/build/$1" -G Ninja -DSYSMETRICS_BUILD_TESTS=ON -DCMAKE_BUILD_TYPE=Debug \
    -DSYSMETRICS_SANITIZE="$2" "${extra[@]}" >/dev/null
  cmake --build "$root/build/$1" -j "$jobs" --target "${@:3}"
}
build_windows() {
  cmake -S "$root" -B "$root/build/windows" -G Ninja \
    -DCMAKE_TOOLCHAIN_FILE="$root/cmake/mingw-w64.cmake" -DSYSMETRICS_BUILD_TESTS=ON "${extra[@]}" >/dev/null
  cmake --build "$root/build/windows" -j "$jobs" "${target[@]}"
}

case "$which" in
  native) build_native ;;
  windows) build_windows ;;
  all) build_native; build_windows ;;
  asan) build_sanitized asan address,undefined unit_tests http_tests ;;
  # The concurrent parts' unit tests (tests/CMakeLists.txt) and the HTTP tests.
  tsan) build_sanitized tsan thread concurrency_tests http_tests ;;
  fuzz)
    # The unit and HTTP tests too: CI runs them from here under clang's ASan + UBSan rather than
    # compiling everything a third time for a gcc ASan build.
    CXX=clang++ cmake -S "$root" -B "$root/build/fuzz" -G Ninja -DSYSMETRICS_BUILD_TESTS=ON \
      -DSYSMETRICS_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSYSMETRICS_SANITIZE=address,undefined \
      "${extra[@]}" >/dev/null
    cmake --build "$root/build/fuzz" -j "$jobs" \
      --target fuzz_config fuzz_parsers fuzz_http fuzz_textfile unit_tests http_tests ;;
  *) echo "build.sh: unknown target '$which' (native, windows, all, asan or tsan)" >&2; exit 2 ;;
esac
