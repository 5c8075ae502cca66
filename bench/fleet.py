#!/usr/bin/python3
"""The body of bench/fleet.sh (see there)."""
import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "pylib"))
from free_port import free_port  # noqa: E402

CLK_TCK = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")


def get(url, timeout=30):
    with urllib.request.urlopen(url, timeout=timeout) as r:
        return r.read()


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def rss_bytes(pid):
    with open(f"/proc/{pid}/statm") as f:
        return int(f.read().split()[1]) * PAGE


def prom_metric(url, name):
    total = 0.0
    for line in get(url + "/metrics").decode().splitlines():
        if line.startswith(name + " ") or line.startswith(name + "{"):
            total += float(line.rsplit(" ", 1)[1])
    return total


def percentile(values, q):
    values = sorted(values)
    if not values:
        return float("nan")
    k = (len(values) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def wait_ready(url, limit=120):
    deadline = time.time() + limit
    while time.time() < deadline:
        try:
            if urllib.request.urlopen(url, timeout=2).status == 200:
                return
        except Exception:
            pass
        time.sleep(0.5)
    sys.exit(f"fleet: {url} not ready within {limit}s")


def address(i):
    return f"127.0.{1 + i // 250}.{1 + i % 250}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("n", type=int)
    ap.add_argument("--binary", required=True)
    ap.add_argument("--measure", type=float, default=60)
    ap.add_argument("--warmup", type=float, default=45)
    ap.add_argument("--scrape-interval", type=float, default=15)
    ap.add_argument("--rw-interval", type=float, default=0)
    ap.add_argument("--collectors", choices=["default", "host"], default="default")
    args = ap.parse_args()

    work = tempfile.mkdtemp(prefix="fleet-")
    port = free_port()
    procs = []

    def start(cmd, log):
        p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=open(log, "ab"),
                             stderr=subprocess.STDOUT)
        procs.append(p)
        return p

    try:
        # Receiver of the pushes.
        rw_port = free_port()
        rw_url = f"http://127.0.0.1:{rw_port}"
        with open(f"{work}/receiver.yml", "w") as f:
            f.write("global: {}\nscrape_configs: []\n")
        receiver = start(["prometheus", f"--config.file={work}/receiver.yml",
                          f"--storage.tsdb.path={work}/receiver-data",
                          f"--web.listen-address=127.0.0.1:{rw_port}",
                          "--web.enable-remote-write-receiver", "--log.level=warn"],
                         f"{work}/receiver.log")
        # The scraper, through file_sd.
        sc_port = free_port()
        sc_url = f"http://127.0.0.1:{sc_port}"
        targets = [f"{address(i)}:{port}" for i in range(args.n)]
        with open(f"{work}/targets.json", "w") as f:
            json.dump([{"targets": targets, "labels": {"fleet": "bench"}}], f)
        with open(f"{work}/scraper.yml", "w") as f:
            f.write(f"global:\n  scrape_interval: {args.scrape_interval}s\n"
                    f"  scrape_timeout: {min(10, args.scrape_interval)}s\n"
                    "scrape_configs:\n  - job_name: sysmetrics\n    file_sd_configs:\n"
                    f"      - files: ['{work}/targets.json']\n")
        scraper = start(["prometheus", f"--config.file={work}/scraper.yml",
                         f"--storage.tsdb.path={work}/scraper-data",
                         f"--web.listen-address=127.0.0.1:{sc_port}", "--log.level=warn"],
                        f"{work}/scraper.log")
        wait_ready(rw_url + "/-/ready")
        wait_ready(sc_url + "/-/ready")

        instances = []
        for i in range(args.n):
            config = {"listen": f"{address(i)}:{port}", "log_level": "warn",
                      "remote_write": {"url": rw_url + "/api/v1/write",
                                       "interval_seconds": args.rw_interval,
                                       "labels": {"instance": f"{address(i)}:{port}",
                                                  "job": "sysmetrics-push"},
                                       "queue": {"directory": f"{work}/queue-{i}"}}}
            if args.collectors == "host":
                config["collectors"] = {n: {"enabled": False} for n in
                                        ("processes", "connections", "services", "battery")}
            path = f"{work}/config-{i}.json"
            with open(path, "w") as f:
                json.dump(config, f)
            instances.append(start([args.binary, "--console", "--config", path],
                                   f"{work}/instance-{i}.log"))
        for i in range(args.n):
            wait_ready(f"http://{address(i)}:{port}/healthz", 120)
        print(f"fleet: {args.n} instances up; warming up {args.warmup:.0f} s", flush=True)
        time.sleep(args.warmup)

        cpu0 = [cpu_seconds(p.pid) for p in instances]
        rw_appended0 = prom_metric(rw_url, "prometheus_tsdb_head_samples_appended_total")
        sc_appended0 = prom_metric(sc_url, "prometheus_tsdb_head_samples_appended_total")
        t0 = time.time()
        time.sleep(args.measure)
        elapsed = time.time() - t0
        cpu1 = [cpu_seconds(p.pid) for p in instances]
        rss = [rss_bytes(p.pid) for p in instances]
        rw_appended1 = prom_metric(rw_url, "prometheus_tsdb_head_samples_appended_total")
        sc_appended1 = prom_metric(sc_url, "prometheus_tsdb_head_samples_appended_total")

        query = urllib.parse.urlencode({
            "query": f'scrape_duration_seconds{{job="sysmetrics"}}[{int(elapsed)}s]',
            "time": f"{t0 + elapsed:.3f}"})
        result = json.loads(get(sc_url + "/api/v1/query?" + query))["data"]["result"]
        durations = [float(v) for series in result for _, v in series["values"]]
        up = json.loads(get(sc_url + "/api/v1/query?query=" +
                            urllib.parse.quote('sum(up{job="sysmetrics"})')))["data"]["result"]
        scraped_series = prom_metric(sc_url, "prometheus_tsdb_head_series")
        pushed_series = prom_metric(rw_url, "prometheus_tsdb_head_series")
        statuses = [json.loads(get(f"http://{address(i)}:{port}/api/v1/remote_write"))
                    for i in range(args.n)]
        dropped = sum(sum(s["samples"]["dropped"].values()) for s in statuses)
        queued = sum(s["queue"]["samples"] for s in statuses)
        sends = sum(s["sends"]["success"] for s in statuses)
        send_seconds = sum(s["send_seconds_total"] for s in statuses)

        cpu_pct = [100 * (b - a) / elapsed for a, b in zip(cpu0, cpu1)]
        mib = 1 << 20
        report = {
            "n": args.n, "measure_s": round(elapsed, 1), "scrape_interval_s": args.scrape_interval,
            "collectors": args.collectors,
            "instance_cpu_pct_mean": round(statistics.mean(cpu_pct), 3),
            "instance_cpu_pct_max": round(max(cpu_pct), 3),
            "instance_rss_mib_mean": round(statistics.mean(rss) / mib, 1),
            "instance_rss_mib_max": round(max(rss) / mib, 1),
            "targets_up": float(up[0]["value"][1]) if up else 0,
            "scrape_duration_p50_ms": round(1000 * percentile(durations, 0.5), 1),
            "scrape_duration_p99_ms": round(1000 * percentile(durations, 0.99), 1),
            "scrapes_measured": len(durations),
            "scrape_samples_per_s": round((sc_appended1 - sc_appended0) / elapsed, 1),
            "push_samples_per_s": round((rw_appended1 - rw_appended0) / elapsed, 1),
            "scraper_series": int(scraped_series), "receiver_series": int(pushed_series),
            "scraper_rss_mib": round(rss_bytes(scraper.pid) / mib, 1),
            "receiver_rss_mib": round(rss_bytes(receiver.pid) / mib, 1),
            "push_send_ms_mean": round(1000 * send_seconds / sends, 2) if sends else None,
            "push_dropped_samples": dropped, "push_queued_samples": queued,
            "load_avg_1m": os.getloadavg()[0],
        }
        print("fleet: " + json.dumps(report))
        for key, value in report.items():
            print(f"  {key:26} {value}")
    finally:
        for p in reversed(procs):
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        for p in procs:
            try:
                p.wait(timeout=60)
            except subprocess.TimeoutExpired:
                p.kill()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
