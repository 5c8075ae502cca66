#!/usr/bin/env bash
# Linux connections at scale: N sleepers (default 1000) and S sockets (default 10000: S/2
# loopback TCP pairs held by one helper process), then the connections collector's cost per
# steady cycle from collector_bench, through netlink sock_diag and through the /proc/net
# fallback (netlink refused by --missing-api), with the descriptor tables read per cycle, beside
# the floor: the kernel's sock_diag dumps alone (sock_diag_floor), each pair pinned to each CPU.
#   bench/connection_scale.sh [N] [S]      (after scripts/build.sh native)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
n="${1:-1000}"
sockets="${2:-10000}"
bench="${COLLECTOR_BENCH:-$root/build/native/collector_bench}"
pids=()
cleanup() { [ ${#pids[@]} -gt 0 ] && kill "${pids[@]}" 2>/dev/null; wait 2>/dev/null || true; }
trap cleanup EXIT
ulimit -u unlimited 2>/dev/null || true
ulimit -n $((sockets + 1000))
for _ in $(seq 1 "$n"); do sleep 3600 & pids+=($!); done
ready="$(mktemp)"
python3 - "$((sockets / 2))" "$ready" <<'PY' &
import socket, sys, time
pairs = int(sys.argv[1])
server = socket.socket()
server.bind(("127.0.0.1", 0))
server.listen(1024)
held = []
for _ in range(pairs):
    client = socket.create_connection(server.getsockname())
    held += [client, server.accept()[0]]
open(sys.argv[2], "w").write(str(len(held)))
time.sleep(3600)
PY
pids+=($!)
for _ in $(seq 1 600); do [ -s "$ready" ] && break; sleep 0.1; done
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); processes: $(ls -d /proc/[0-9]* | wc -l);" \
     "sockets held: $(cat "$ready"); /proc/net/tcp rows: $(($(wc -l < /proc/net/tcp) - 1))"
rm -f "$ready"
floor="${SOCK_DIAG_FLOOR:-$(dirname "$bench")/sock_diag_floor}"
# Each pair on one CPU, then the next: on a VM the same dump can cost twice as much on one
# virtual CPU as on another, which would read as a difference between floor and collector.
for cpu in $(seq 0 $(($(nproc) - 1))); do
    pin=()
    command -v taskset > /dev/null && pin=(taskset -c "$cpu") && echo "== on CPU $cpu"
    echo "-- the kernel's dumps alone (the floor: what any reader of the table pays)"
    "${pin[@]}" "$floor" --cycles 20
    echo "-- netlink sock_diag"
    "${pin[@]}" "$bench" --cycles 20 --collector connections
    [ ${#pin[@]} -gt 0 ] || break
done
echo "-- /proc/net (netlink refused)"
"$bench" --cycles 20 --collector connections --missing-api NETLINK_SOCK_DIAG
