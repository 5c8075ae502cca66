#!/usr/bin/env python3
"""The figures of issue 18 for one sysmetrics binary (Linux, native): idle sockets, slowloris,
header flood memory, SIGTERM time and reload gaps. Run through bench/abuse.sh. Every request goes
to 127.0.0.1; every loop is bounded in count and time."""
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "pylib"))
from free_port import free_port  # noqa: E402


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    return 0.0


def request(port, path, timeout):
    """Seconds until a complete answer's status line, or None."""
    start = time.monotonic()
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
            s.settimeout(timeout)
            s.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
            data = b""
            while b"\r\n" not in data:
                chunk = s.recv(4096)
                if not chunk:
                    break
                data += chunk
            if data.startswith(b"HTTP/1.1 "):
                return time.monotonic() - start, int(data[9:12])
    except OSError:
        pass
    return None


class Service:
    def __init__(self, binary, workdir, limits=None):
        self.port = free_port()
        self.config = os.path.join(workdir, "config.json")
        self.write_config(limits or {})
        self.log = open(os.path.join(workdir, "service.log"), "w")
        self.proc = subprocess.Popen([binary, "--config", self.config], stdout=self.log,
                                     stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if request(self.port, "/healthz", 1):
                return
            time.sleep(0.1)
        raise RuntimeError("service did not start")

    def write_config(self, web):
        names = ["cpu", "memory", "system"]
        cfg = {"listen": f"127.0.0.1:{self.port}", "web": web,
               "collectors": {n: {"enabled": n in names, "interval_seconds": 1} for n in
                              ["battery", "connections", "cpu", "disks", "memory", "network",
                               "processes", "self", "services", "system", "tcp"]}}
        with open(self.config + ".tmp", "w") as f:
            json.dump(cfg, f)
        os.replace(self.config + ".tmp", self.config)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


def open_sockets(port, count, first_bytes=b""):
    socks = []
    for _ in range(count):
        try:
            s = socket.create_connection(("127.0.0.1", port), timeout=5)
            if first_bytes:
                s.sendall(first_bytes)
            socks.append(s)
        except OSError:
            break
    return socks


def close_all(socks):
    for s in socks:
        try:
            s.close()
        except OSError:
            pass


def trickle(socks, stop, every):
    """One header line per `every` seconds on each socket, until stop is set."""
    n = 0
    while not stop.wait(every):
        n += 1
        for s in socks:
            try:
                s.sendall(f"X-Trickle-{n}: 1\r\n".encode())
            except OSError:
                pass


def figure_idle(binary, workdir):
    svc = Service(binary, workdir)
    idle = open_sockets(svc.port, 40)
    time.sleep(0.5)
    got = request(svc.port, "/api/v1/cpu", 60)
    close_all(idle)
    svc.stop()
    return "never (60 s)" if not got else f"{got[0]:.2f} s ({got[1]})"


def figure_idle_and_slowloris(binary, workdir):
    svc = Service(binary, workdir)
    idle = open_sockets(svc.port, 300)
    slow = open_sockets(svc.port, 100, b"GET /metrics HTTP/1.1\r\nHost: x\r\n")
    stop = threading.Event()
    t = threading.Thread(target=trickle, args=(slow, stop, 5), daemon=True)
    t.start()
    time.sleep(0.5)
    got = request(svc.port, "/metrics", 30)
    stop.set()
    t.join()
    close_all(idle + slow)
    svc.stop()
    return "never (30 s)" if not got else f"{got[0]:.2f} s ({got[1]})"


def figure_slowloris_probes(binary, workdir):
    svc = Service(binary, workdir)
    slow = open_sockets(svc.port, 100, b"GET /metrics HTTP/1.1\r\nHost: x\r\n")
    stop = threading.Event()
    t = threading.Thread(target=trickle, args=(slow, stop, 5), daemon=True)
    t.start()
    answered, worst = 0, 0.0
    start = time.monotonic()
    for _ in range(15):
        got = request(svc.port, "/api/v1/cpu", 3)
        if got and got[1] == 200:
            answered += 1
            worst = max(worst, got[0])
        time.sleep(max(0, 1 - (time.monotonic() - start) % 1))
    stop.set()
    t.join()
    close_all(slow)
    svc.stop()
    return f"{answered}/15 answered in {time.monotonic() - start:.0f} s (slowest {worst:.2f} s)"


def flood(port, lines, result):
    """One request with `lines` header lines of 4 KB; stops sending once an answer arrives."""
    import select
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=60)
        s.settimeout(60)
        s.sendall(b"GET /metrics HTTP/1.1\r\nHost: x\r\n")
        line = b"X-Flood: " + b"f" * 4000 + b"\r\n"
        answer = b""
        try:
            for i in range(lines):
                s.sendall(line)
                if i % 16 == 15 and select.select([s], [], [], 0)[0]:
                    answer = s.recv(64)
                    break
            if not answer:
                s.sendall(b"\r\n")
        except OSError:
            pass
        if not answer:
            answer = s.recv(64)
        result.append(answer.split(b"\r\n")[0].decode(errors="replace") or "closed, no answer")
        s.close()
    except OSError as e:
        result.append(f"connection ended ({e.__class__.__name__})")


def figure_header_flood(binary, workdir):
    svc = Service(binary, workdir)
    before = rss_mb(svc.proc.pid)
    results, peak = [], before
    threads = [threading.Thread(target=flood, args=(svc.port, 40000, results)) for _ in range(2)]
    for t in threads:
        t.start()
    while any(t.is_alive() for t in threads):
        peak = max(peak, rss_mb(svc.proc.pid))
        time.sleep(0.05)
    time.sleep(3)
    after = rss_mb(svc.proc.pid)
    svc.stop()
    return (f"RSS {before:.1f} -> peak {peak:.1f} -> {after:.1f} MB 3 s later; answers: "
            f"{', '.join(results)}")


def figure_sigterm(binary, workdir):
    svc = Service(binary, workdir)
    slow = open_sockets(svc.port, 40, b"GET /metrics HTTP/1.1\r\nHost: x\r\n")
    stop = threading.Event()
    t = threading.Thread(target=trickle, args=(slow, stop, 1), daemon=True)
    t.start()
    time.sleep(1)
    start = time.monotonic()
    svc.proc.send_signal(signal.SIGTERM)
    try:
        svc.proc.wait(timeout=60)
        took = f"{time.monotonic() - start:.2f} s"
    except subprocess.TimeoutExpired:
        took = "not stopped after 60 s"
    stop.set()
    t.join()
    close_all(slow)
    svc.stop()
    return took


def scrape_loop(port, stop, counts, gaps):
    last_ok = time.monotonic()
    while not stop.is_set():
        got = request(port, "/metrics", 5)
        now = time.monotonic()
        if got and got[1] == 200:
            counts[0] += 1
            last_ok = now
        else:
            counts[1] += 1
            gaps.append(now - last_ok)


def figure_reload(binary, workdir, hold):
    """20 reloads changing web limits under 4 scrapers; `hold` = an idle keep-alive client or a
    trickling one stays connected meanwhile."""
    svc = Service(binary, workdir, {"max_connections": 32})
    extra = []
    stop_trickle = threading.Event()
    if hold == "keep-alive":
        s = socket.create_connection(("127.0.0.1", svc.port))
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        s.recv(4096)
        extra.append(s)
    elif hold == "trickling":
        extra = open_sockets(svc.port, 1, b"GET /metrics HTTP/1.1\r\nHost: x\r\n")
        threading.Thread(target=trickle, args=(extra, stop_trickle, 1), daemon=True).start()
    stop = threading.Event()
    counts, gaps = [0, 0], []
    scrapers = [threading.Thread(target=scrape_loop, args=(svc.port, stop, counts, gaps))
                for _ in range(4)]
    for t in scrapers:
        t.start()
    for i in range(20):
        svc.write_config({"max_connections": 32 + (i % 2), "read_timeout_seconds": 10 + (i % 2)})
        svc.proc.send_signal(signal.SIGHUP)
        time.sleep(0.5)
    stop.set()
    stop_trickle.set()
    for t in scrapers:
        t.join()
    close_all(extra)
    svc.stop()
    worst = max(gaps) if gaps else 0.0
    return f"{counts[1]} of {counts[0] + counts[1]} failed, longest gap {worst:.2f} s"


def main():
    binary = sys.argv[1]
    figures = [
        ("GET /api/v1/cpu with 40 idle sockets open", figure_idle),
        ("GET /metrics with 300 idle + 100 slowloris open", figure_idle_and_slowloris),
        ("probes (3 s timeout) with 100 trickling clients", figure_slowloris_probes),
        ("two 40,000 x 4 KB header floods", figure_header_flood),
        ("SIGTERM with 40 trickling clients", figure_sigterm),
        ("20 reloads of web limits, 4 scrapers", lambda b, w: figure_reload(b, w, None)),
        ("  same, one idle keep-alive client", lambda b, w: figure_reload(b, w, "keep-alive")),
        ("  same, one trickling client", lambda b, w: figure_reload(b, w, "trickling")),
    ]
    only = sys.argv[2:]
    for name, run in figures:
        if only and not any(o in name for o in only):
            continue
        with tempfile.TemporaryDirectory() as workdir:
            try:
                value = run(binary, workdir)
            except Exception as e:  # a figure that cannot be taken says why
                value = f"error: {e}"
        print(f"{name:<52} {value}", flush=True)


if __name__ == "__main__":
    main()
