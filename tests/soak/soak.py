#!/usr/bin/python3
"""Soak: every collector every 100 ms for N cycles while clients hammer every endpoint.

Starts the real service (native, or the .exe under Wine with --wine), samples its own figures
from /metrics (resident memory, OS handle counts, the RAII per-kind handle counts, threads),
and compares the settled start of the run with its end. Fails when memory or handles keep
growing, or when any request is refused or dropped.

Natively it runs in its own PID and network namespaces (unshare) with a fixed workload of
sleeper processes: what the service holds follows what it collects, so processes or sockets that
other tests start on the host mid-run would read as growth. (A sleeper added per 300 host
processes made the resident memory grow 80% in a run that shared the host.)

  soak.py BINARY [--wine] [--cycles N] [--clients N] [--max-rss-growth PCT] [--sleepers N]
"""
import argparse
import fcntl
import http.client
import json
import os
import re
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pylib"))
from fetch import fetch  # noqa: E402
from free_port import free_port  # noqa: E402


SAMPLE_RE = re.compile(r'^(sysmetrics_[a-z_]+)(\{[^}]*\})? ([0-9.eE+-]+)$')


def self_figures(base):
    status, body = fetch(base + "/metrics")
    if status != 200:
        return None
    figures = {"open_handles": 0.0, "runs": {}}
    for line in body.decode("utf-8", "replace").splitlines():
        m = SAMPLE_RE.match(line)
        if not m:
            continue
        name, labels, value = m.group(1), m.group(2) or "", float(m.group(3))
        if name == "sysmetrics_open_handles":
            figures["open_handles"] += value
        elif name == "sysmetrics_collector_runs_total":
            figures["runs"][re.search(r'collector="([^"]+)"', labels).group(1)] = value
        elif name == "sysmetrics_collector_unsupported" and value == 1:
            figures.setdefault("unsupported", set()).add(
                re.search(r'collector="([^"]+)"', labels).group(1))
        elif name.startswith("sysmetrics_self_"):
            figures[name[len("sysmetrics_self_"):]] = value
    return figures


def endpoints(base):
    own = ["/metrics", "/metrics?collect[]=cpu&collect[]=memory", "/healthz", "/api/v1",
           "/api/v1/collectors", "/api/v1/memory", "/api/v1/cpu", "/api/v1/system",
           "/api/v1/disks", "/api/v1/battery", "/api/v1/network/interfaces",
           "/api/v1/connections?state=LISTEN", "/api/v1/services",
           "/api/v1/processes?sort=cpu_percent&limit=10", "/api/v1/processes?fields=pid,name",
           "/no/such/endpoint", "/api/v1/processes?limit=-1"]
    status, body = fetch(base + "/api/v1/processes?limit=3")
    if status == 200:
        for p in json.loads(body).get("processes", [])[:3]:
            pid = p["pid"]
            own += [f"/api/v1/processes/{pid}", f"/api/v1/processes/{pid}/threads",
                    f"/api/v1/processes/{pid}/children", f"/api/v1/processes/{pid}/connections"]
    status, body = fetch(base + "/api/v1/services")
    if status == 200:
        for s in json.loads(body).get("services", [])[:2]:
            own.append("/api/v1/services/" + urllib.request.quote(s["name"]))
    return own


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("--wine", action="store_true")
    ap.add_argument("--cycles", type=int, default=200)
    ap.add_argument("--clients", type=int, default=4)
    ap.add_argument("--interval", type=float, default=0.1)
    ap.add_argument("--cycle-collector", default="processes",
                    help="whose runs count as cycles (every collector runs at --interval)")
    ap.add_argument("--max-rss-growth", type=float, default=15.0)
    ap.add_argument("--time-limit", type=float, default=0, help="seconds; default 3x nominal + 60")
    ap.add_argument("--sleepers", type=int, default=200,
                    help="processes for the processes collector, in the soak's own namespaces")
    args = ap.parse_args()
    sleepers = []
    if os.environ.get(ISOLATED) == "1":
        loopback_up()
        sleepers = [subprocess.Popen(["sleep", "100000"]) for _ in range(args.sleepers)]

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    names = ["battery", "connections", "cpu", "disks", "memory", "network", "processes", "self",
             "services", "system", "tcp"]
    config = {"collectors": {n: {"interval_seconds": args.interval} for n in names}}
    config["collectors"]["connections"]["per_process"] = True
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(config, f)
        config_path = f.name
    command = [args.binary, "--console", "--config", config_path, "--listen", f"127.0.0.1:{port}",
               "--log-level", "warn"]
    if args.wine:
        command = ["wine"] + command
    service = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    failures = []
    try:
        deadline = time.time() + 60
        while time.time() < deadline and self_figures_safe(base) is None:
            if service.poll() is not None:
                sys.exit("soak: the service exited at start: " + service.stderr.read().decode())
            time.sleep(0.3)
        time.sleep(2)
        urls = endpoints(base)
        stop = threading.Event()
        stats = {"requests": 0, "errors": [], "lock": threading.Lock()}

        # Each client keeps its connection alive, as scrapers and dashboards do, and opens a new
        # one every 1,000 requests, so connections still come and go (their handles must not grow)
        # without leaving thousands of sockets in TIME_WAIT on the host: under Wine every
        # connections collection walks the host's whole socket table, and the Windows tests
        # after the soak would wait for it.
        def hammer(offset):
            i = offset
            connection = None
            while not stop.is_set():
                url = urls[i % len(urls)]
                i += 1
                try:
                    if connection is None or i % 1000 == 0:
                        if connection is not None:
                            connection.close()
                        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                    connection.request("GET", url)
                    response = connection.getresponse()
                    response.read()
                    status = response.status
                    # 503 is a section not collected yet (or degraded health): by design.
                    bad = status >= 500 and status != 503
                except Exception as e:  # a refused or dropped connection is a failure
                    status, bad = repr(e), True
                    if connection is not None:
                        connection.close()
                    connection = None
                with stats["lock"]:
                    stats["requests"] += 1
                    if bad:
                        stats["errors"].append(f"{url}: {status}")
            if connection is not None:
                connection.close()

        clients = [threading.Thread(target=hammer, args=(k * 3,)) for k in range(args.clients)]
        for c in clients:
            c.start()

        limit = args.time_limit or args.cycles * args.interval * 3 + 60
        started = time.time()
        samples = []
        while True:
            figures = self_figures_safe(base)
            if figures is None:
                failures.append("/metrics stopped answering during the soak")
                break
            cycles = figures["runs"].get(args.cycle_collector, 0)
            samples.append((cycles, figures))
            if cycles >= args.cycles:
                break
            if time.time() - started > limit:
                failures.append(f"only {cycles:.0f} of {args.cycles} cycles in {limit:.0f} s")
                break
            if service.poll() is not None:
                failures.append("the service exited during the soak")
                break
            time.sleep(1)
        stop.set()
        for c in clients:
            c.join()
        elapsed = time.time() - started
    finally:
        for sleeper in sleepers:
            sleeper.kill()
            sleeper.wait()
        service.terminate()
        try:
            service.wait(timeout=20)
        except subprocess.TimeoutExpired:
            service.kill()
        os.unlink(config_path)

    if len(samples) < 4:
        print("soak: too few samples", file=sys.stderr)
        return 1
    # Settled start: the samples between 10% and 50% of the cycles, taking the highest, so the
    # allocator's warm-up is absorbed; end: the mean of the last quarter. A leak keeps growing
    # past the first half's peak; warm-up does not.
    total = samples[-1][0]
    settled = [f for c, f in samples if 0.1 * total <= c <= 0.5 * total] or [samples[0][1]]
    end = [f for _, f in samples[-max(1, len(samples) // 4):]]

    def mean(rows, key):
        values = [r[key] for r in rows if key in r]
        return sum(values) / len(values) if values else None

    def peak(rows, key):
        values = [r[key] for r in rows if key in r]
        return max(values) if values else None

    print(f"soak: {total:.0f} {args.cycle_collector} cycles at {args.interval * 1000:.0f} ms in {elapsed:.0f} s, "
          f"{stats['requests']} requests from {args.clients} clients, "
          f"{len(stats['errors'])} failed")
    runs = samples[-1][1]["runs"]
    print("runs per collector: " + ", ".join(f"{k} {v:.0f}" for k, v in sorted(runs.items())))
    print(f"{'figure':<22} {'settled peak':>14} {'end mean':>14} {'growth %':>9}")
    for key in ["resident_memory_bytes", "os_handles", "nt_handles", "open_handles", "threads"]:
        a, b = peak(settled, key), mean(end, key)
        if a is None or b is None:
            continue
        growth = (b - a) / a * 100 if a else 0.0
        print(f"{key:<22} {a:>14.0f} {b:>14.0f} {growth:>9.2f}")
        if key == "resident_memory_bytes" and growth > args.max_rss_growth:
            failures.append(f"resident memory grew {growth:.1f}% (limit {args.max_rss_growth}%)")
        if key in ("os_handles", "nt_handles") and b - a > max(8, a * 0.05):
            failures.append(f"{key} grew from {a:.0f} to {b:.0f}")
        if key == "open_handles" and b - a > 2:
            failures.append(f"RAII-counted handles grew from {a:.1f} to {b:.1f}")
    if stats["errors"]:
        failures.append(f"{len(stats['errors'])} requests failed, first: {stats['errors'][:3]}")
    for f in failures:
        print("FAIL: " + f, file=sys.stderr)
    return 1 if failures else 0


ISOLATED = "SYSMETRICS_SOAK_ISOLATED"


def run_isolated():
    """Runs this script again in new PID, mount and network namespaces; its exit status."""
    command = ["unshare", "--pid", "--fork", "--mount-proc", "--net"]
    if os.geteuid() != 0:
        command.append("--map-root-user")
    command += [sys.executable, os.path.abspath(__file__)] + sys.argv[1:]
    try:
        return subprocess.call(command, env=dict(os.environ, **{ISOLATED: "1"}))
    except OSError as e:
        sys.exit(f"soak: cannot run unshare (util-linux) for the soak's own namespaces: {e}")


def loopback_up():
    """A new network namespace starts with lo down: SIOCGIFFLAGS, then SIOCSIFFLAGS with IFF_UP."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        request = struct.pack("16sH14s", b"lo", 0, b"")
        flags = struct.unpack("16sH14s", fcntl.ioctl(s, 0x8913, request))[1]
        fcntl.ioctl(s, 0x8914, struct.pack("16sH14s", b"lo", flags | 0x1, b""))


def self_figures_safe(base):
    try:
        return self_figures(base)
    except Exception:
        return None


if __name__ == "__main__":
    if "--wine" not in sys.argv[1:] and os.environ.get(ISOLATED) != "1":
        sys.exit(run_isolated())
    sys.exit(main())
