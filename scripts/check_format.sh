#!/usr/bin/env bash
# Fails, naming the files, when a tracked C++ file differs from clang-format's output
# (.clang-format: Google style, 4 spaces, 100 columns, sorted includes). Fix with:
#   git ls-files '*.cpp' '*.h' | xargs clang-format -i
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mapfile -t files < <(git ls-files '*.cpp' '*.h')
if ! report=$(clang-format --dry-run --Werror "${files[@]}" 2>&1); then
  echo "format: these files differ from clang-format:" >&2
  echo "$report" | grep -Eo '^[^:]+\.(cpp|h):' | sort -u | sed 's/:$//; s/^/  /' >&2
  exit 1
fi
echo "format: ${#files[@]} files clean"
