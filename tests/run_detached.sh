#!/usr/bin/env bash
# run_detached.sh SECONDS COMMAND...: runs a Windows test with its output in a file, then prints
# the file and exits with the test's status.
#
# Under Wine a helper process that a test starts on demand (explorer.exe /desktop, conhost.exe)
# inherits the test's output streams and may outlive it, keeping itself alive while other tests'
# processes use the same desktop. On ctest's pipe that makes ctest wait for the helper, so a test
# that passed times out. Only the file is theirs to hold. The deadline, set a little inside
# ctest's, lets a test that really hangs still print what it did.
set -uo pipefail
deadline="$1"
shift
log=$(mktemp)
trap 'rm -f "$log"' EXIT
timeout --kill-after=10 "$deadline" "$@" >"$log" 2>&1 </dev/null
status=$?
cat "$log"
if [ $status -eq 124 ] || [ $status -eq 137 ]; then
  echo "TIMEOUT: still running after $deadline s: $*"
fi
exit $status
