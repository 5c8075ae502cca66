#!/usr/bin/env bash
# A measured fleet: N native sysmetrics on 127.0.0.x addresses, one Prometheus scraping them all
# through file_sd, and the same N pushing by remote write into a second Prometheus with
# --web.enable-remote-write-receiver. Reports per-instance CPU and RSS, the scrape duration
# p50/p99 and samples ingested per second on each path, and both Prometheus' memory.
#   bench/fleet.sh N [--measure SECONDS] [--warmup SECONDS] [--scrape-interval SECONDS]
#                    [--collectors default|host] [--rw-interval SECONDS]    (after scripts/build.sh native)
# On one machine every instance sees the whole fleet's processes, so the processes collector
# costs more per instance here than on a real host; --collectors host leaves it out.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
exec /usr/bin/python3 "$root/bench/fleet.py" --binary "$root/build/native/sysmetrics" "$@"
