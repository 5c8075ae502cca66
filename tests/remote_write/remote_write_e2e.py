#!/usr/bin/python3
"""Remote write end to end, against Debian's real Prometheus with its remote-write receiver.

  remote_write_e2e.py BINARY [--wine] [--outage SECONDS] [--only push,outage,small_queue,restart]

push         what the service pushes is queryable with the right labels (the configured extra
             label included) and the same values /metrics shows
outage       the receiver is stopped for --outage seconds and restarted: every collection made
             during the outage arrives (sysmetrics_collector_runs_total has no missing value)
             and the on-disk queue drains
small_queue  with a queue too small for the outage, samples_dropped_total{reason="queue_full"}
             is exactly what never arrived
restart      the service is restarted while the receiver is down: what the first run queued
             is still delivered

Collectors run every second; CI uses a short outage (bench/ can run the issue's 60 s one).
Prints one PASS/FAIL line per check and a count; exits 1 on any failure."""
import argparse
import json
import math
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pylib"))
from fetch import fetch as fetch_url  # noqa: E402
from free_port import free_port  # noqa: E402

PROMETHEUS = shutil.which("prometheus") or "/usr/bin/prometheus"
NOT_PUSHED = {"sysmetrics_collector_age_seconds", "sysmetrics_open_handles"}


def fetch(url, timeout=10):
    return fetch_url(url, timeout, unreachable_is_zero=True)


def wait_for(what, condition, limit):
    deadline = time.time() + limit
    last = None
    while time.time() < deadline:
        try:
            last = condition()
        except Exception as e:  # a half-started process answers oddly: keep polling
            last = e
        if last and not isinstance(last, Exception):
            return last
        time.sleep(0.25)
    raise AssertionError(f"{what} did not happen within {limit:.0f} s (last: {last!r})")


class Prometheus:
    """One receiver; stop() and start() keep its data folder, as a restart in production."""

    def __init__(self, workdir):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.data = os.path.join(workdir, "prometheus-data")
        self.config = os.path.join(workdir, "prometheus.yml")
        self.log = open(os.path.join(workdir, "prometheus.log"), "ab")
        with open(self.config, "w") as f:
            f.write("global:\n  scrape_interval: 1m\nscrape_configs: []\n")
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [PROMETHEUS, f"--config.file={self.config}", f"--storage.tsdb.path={self.data}",
             f"--web.listen-address=127.0.0.1:{self.port}", "--web.enable-remote-write-receiver",
             "--storage.tsdb.retention.time=1d", "--log.level=warn"],
            stdin=subprocess.DEVNULL, stdout=self.log, stderr=self.log)
        wait_for("Prometheus ready", lambda: fetch(self.url + "/-/ready")[0] == 200, 90)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def query(self, expr, at=None):
        params = {"query": expr}
        if at is not None:
            params["time"] = f"{at:.3f}"
        status, body = fetch(self.url + "/api/v1/query?" + urllib.parse.urlencode(params), 30)
        if status != 200:
            raise AssertionError(f"query {expr}: HTTP {status} {body[:300]!r}")
        return json.loads(body)["data"]["result"]


class Service:
    def __init__(self, binary, wine, workdir, name, receiver_url, queue_max_bytes=64 << 20,
                 interval=1.0):
        self.binary, self.wine, self.name = binary, wine, name
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        queue = os.path.join(workdir, f"queue-{name}")
        self.queue = queue
        collectors = {n: {"enabled": n in ("cpu", "memory", "self", "system")}
                      for n in ("battery", "connections", "cpu", "disks", "memory", "network",
                                "processes", "self", "services", "system", "tcp")}
        for n in ("cpu", "memory", "self"):
            collectors[n]["interval_seconds"] = interval
        collectors["system"]["interval_seconds"] = 3600  # constant after the first run
        self.config = {
            "listen": f"127.0.0.1:{self.port}",
            "collectors": collectors,
            "remote_write": {
                "url": receiver_url + "/api/v1/write",
                "labels": {"instance": name, "job": "sysmetrics-e2e"},
                "min_backoff_seconds": 0.2,
                "max_backoff_seconds": 1,
                "timeout_seconds": 5,
                "queue": {"directory": self.native_to_service(queue),
                          "max_bytes": queue_max_bytes},
            },
        }
        self.config_path = os.path.join(workdir, f"config-{name}.json")
        self.write_config()
        self.log = open(os.path.join(workdir, f"service-{name}.log"), "ab")
        self.process = None

    def native_to_service(self, path):
        return "Z:" + path.replace("/", "\\") if self.wine else path

    def write_config(self):
        with open(self.config_path, "w") as f:
            json.dump(self.config, f)

    def start(self):
        command = [self.binary, "--console", "--config", self.native_to_service(self.config_path),
                   "--log-level", "info"]
        if self.wine:
            command = ["/usr/lib/wine/wine64"] + command
        self.process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=self.log,
                                        stderr=self.log)
        wait_for(f"{self.name} answering", lambda: self.process.poll() is None and
                 fetch(self.url + "/api/v1/remote_write")[0] == 200, 90)

    def stop(self):
        if self.process and self.process.poll() is None:
            # Wine turns SIGINT into the console's Ctrl+C event, the exe's graceful stop.
            self.process.send_signal(signal.SIGINT if self.wine else signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def reload(self):
        self.write_config()
        self.process.send_signal(signal.SIGHUP)

    def status(self):
        status, body = fetch(self.url + "/api/v1/remote_write")
        if status != 200:
            raise AssertionError(f"/api/v1/remote_write: HTTP {status}")
        return json.loads(body)

    def metrics(self):
        status, body = fetch(self.url + "/metrics")
        if status != 200:
            raise AssertionError(f"/metrics: HTTP {status}")
        return parse_exposition(body.decode())

    def queued_files(self):
        return [f for f in os.listdir(self.queue) if f.endswith(".wrq")]


LINE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)$')
LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')


def unescape(value):
    return re.sub(r'\\(.)', lambda m: "\n" if m.group(1) == "n" else m.group(1), value)


def parse_exposition(text):
    """{(name, frozenset(labels)): value} for every sample line."""
    out = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        m = LINE.match(line)
        if not m:
            raise AssertionError(f"unparsable exposition line {line!r}")
        labels = frozenset((k, unescape(v)) for k, v in LABEL.findall(m.group(3) or ""))
        value = {"Nan": math.nan, "+Inf": math.inf, "-Inf": -math.inf}.get(m.group(4))
        out[(m.group(1), labels)] = float(m.group(4)) if value is None else value
    return out


def close(a, b):
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return a == b or abs(a - b) <= 1e-12 * max(abs(a), abs(b))


def pushed_now(prometheus, instance):
    out = {}
    for item in prometheus.query(f'{{instance="{instance}"}}'):
        metric = dict(item["metric"])
        name = metric.pop("__name__")
        out[(name, frozenset(metric.items()))] = float(item["value"][1])
    return out


def raw_samples(prometheus, selector, seconds, at=None):
    """[(timestamp, value)] of one series over the last `seconds`, as stored."""
    result = prometheus.query(f"{selector}[{int(seconds)}s]", at)
    if len(result) != 1:
        raise AssertionError(f"{selector}: {len(result)} series, expected 1")
    return [(float(t), float(v)) for t, v in result[0]["values"]]


def check_push(prometheus, service):
    """Every series /metrics shows arrives, with the extra labels and the same values."""
    # An empty label value is no label in Prometheus (domain="" off a domain): compare without.
    wanted = lambda m: {(k[0], frozenset(l for l in k[1] if l[1])): v for k, v in m.items()
                        if k[0] not in NOT_PUSHED}
    # Let the 1 s collectors publish a few times, so stable values are told from changing ones.
    wait_for("three runs of cpu", lambda: service.metrics().get(
        ("sysmetrics_collector_runs_total", frozenset({("collector", "cpu")})), 0) >= 3, 60)
    before = wanted(service.metrics())
    extra = {("instance", service.name), ("job", "sysmetrics-e2e")}

    def arrived():
        got = pushed_now(prometheus, service.name)
        missing = [k for k in before if (k[0], k[1] | extra) not in got]
        if missing:  # kept as the last answer, so a timeout names what never arrived
            return LookupError(f"{len(missing)} not pushed, e.g. {sorted(missing)[:3]}")
        return got
    got = wait_for("every /metrics series in Prometheus", arrived, 60)
    # Compare with what Prometheus holds once everything collected before `before` was sent;
    # a value equal in `before` and `after` is then the latest pushed, unless it left and came
    # back between the two reads (a count of running tasks: 2, 3, 2). Such a mismatch is gone
    # at the next read while a value pushed wrong stays wrong: the check fails only when some
    # value differs in each of 5 reads.
    for attempt in range(5):
        wait_for("the queue to drain", lambda: drained(service), 60)
        got = pushed_now(prometheus, service.name)
        after = wanted(service.metrics())
        compared, mismatched = 0, []
        for key, value in before.items():
            if key[0].startswith("sysmetrics_remote_write_") or key[0] == "windows_os_time":
                continue  # stamped per request or per scrape: two reads a second apart differ
            if key in after and close(after[key], value):
                pushed = got[(key[0], key[1] | extra)]
                if not close(pushed, value):
                    mismatched.append(f"{key[0]}{dict(key[1])}: pushed {pushed}, /metrics {value}")
                compared += 1
        if not mismatched:
            break
    if mismatched:
        raise AssertionError(f"{len(mismatched)} values differ in each of 5 reads, e.g. "
                             f"{mismatched[0]}")
    if compared < 10:
        raise AssertionError(f"only {compared} stable series to compare")
    return (f"{len(before)} series present with instance/job labels, {compared} stable values "
            f"equal (read {attempt + 1} time(s))")


def runs_selector(service, collector="cpu"):
    return (f'sysmetrics_collector_runs_total{{instance="{service.name}",'
            f'collector="{collector}"}}')


def check_no_gap(prometheus, service, since, what):
    """runs_total climbs by one per collection: any missing value is a lost collection."""
    samples = raw_samples(prometheus, runs_selector(service), time.time() - since + 5)
    values = [v for _, v in samples]
    gaps = [(a, b) for a, b in zip(values, values[1:]) if b != a + 1 and b != 1]
    if gaps:
        raise AssertionError(f"{what}: runs_total jumps {gaps[:5]} (values {values[:3]}...)")
    return values


def drained(service):
    status = service.status()
    return status if status["queue"]["requests"] == 0 else None


def check_outage(prometheus, service, outage):
    wait_for("first push", lambda: service.status()["samples"]["sent"] > 0, 60)
    started = time.time()
    runs_at_stop = service.metrics()[("sysmetrics_collector_runs_total",
                                      frozenset({("collector", "cpu")}))]
    prometheus.stop()
    stop_at = time.time()
    wait_for("the outage to last", lambda: time.time() - stop_at >= outage, outage + 5)
    during = service.status()
    if during["queue"]["requests"] == 0 or during["samples"]["failed"] == 0:
        raise AssertionError(f"nothing queued or failed during the outage: {during}")
    runs_before_restart = service.metrics()[("sysmetrics_collector_runs_total",
                                             frozenset({("collector", "cpu")}))]
    prometheus.start()
    status = wait_for("the queue to drain", lambda: drained(service), 120)
    values = check_no_gap(prometheus, service, started, "outage")
    during_outage = [v for v in values if runs_at_stop < v <= runs_before_restart]
    expected = int(runs_before_restart - runs_at_stop)
    if len(during_outage) != expected:
        raise AssertionError(f"{len(during_outage)} of {expected} collections made during the "
                             "outage arrived")
    dropped = sum(status["samples"]["dropped"].values())
    if dropped:
        raise AssertionError(f"{dropped} samples dropped: {status['samples']['dropped']}")
    return (f"{expected} collections during a {outage:.0f} s outage all arrived; "
            f"{during['queue']['requests']} requests were queued, now 0")


def stored_samples(prometheus, instance):
    # count_over_time would drop the names and clash; count the raw samples instead.
    return sum(len(series["values"]) for series in
               prometheus.query(f'{{instance="{instance}"}}[1h]'))


def check_small_queue(prometheus, service, outage):
    wait_for("first push", lambda: service.status()["samples"]["sent"] > 0, 60)
    prometheus.stop()
    stop_at = time.time()
    wait_for("the queue to overflow", lambda: time.time() - stop_at >= outage and
             service.status()["samples"]["dropped"]["queue_full"] > 0, outage + 60)
    prometheus.start()
    wait_for("the queue to drain", lambda: drained(service), 120)
    # Stop pushing (a reload without remote_write) so the counters hold still.
    del service.config["remote_write"]
    service.reload()
    final = wait_for("remote write to stop", lambda: (lambda s: s if not s["enabled"] else None)(
        service.status()), 30)
    samples = final["samples"]
    queued = final["queue"]["samples"]  # the last capture, kept on disk for a next run
    arrived = stored_samples(prometheus, service.name)
    # Every accepted sample is stored; a request still queued may be stored too (its post was
    # cut off at the stop after the receiver took it): it is resent next run, not lost.
    if not samples["sent"] <= arrived <= samples["sent"] + queued:
        raise AssertionError(f"sent {samples['sent']} (+{queued} queued) but {arrived} stored")
    lost = samples["total"] - samples["sent"] - queued  # neither stored nor still queued
    dropped = samples["dropped"]["queue_full"]
    if lost != dropped or samples["dropped"]["rejected"] or samples["dropped"]["unreadable"]:
        raise AssertionError(f"{lost} samples never arrived; dropped counters say "
                             f"{samples['dropped']}")
    return f"{dropped} samples lost to a full queue, exactly the drop counter"


def check_restart(prometheus, service, outage):
    wait_for("first push", lambda: service.status()["samples"]["sent"] > 0, 60)
    started = time.time()
    prometheus.stop()
    stop_at = time.time()
    wait_for("the outage to last", lambda: time.time() - stop_at >= outage / 2, outage)
    service.stop()
    left = len(service.queued_files())
    if left == 0:
        raise AssertionError("the stopped service left nothing in its queue")
    service.start()
    wait_for("the rest of the outage", lambda: time.time() - stop_at >= outage, outage + 5)
    prometheus.start()
    wait_for("the queue to drain", lambda: drained(service), 120)
    values = check_no_gap(prometheus, service, started, "restart")
    restarts = sum(1 for a, b in zip(values, values[1:]) if b < a)
    if restarts != 1:
        raise AssertionError(f"runs_total restarted {restarts} times in Prometheus, expected 1 "
                             f"(values {values})")
    return f"{left} requests queued by the first run delivered by the second, no gap"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("--wine", action="store_true")
    ap.add_argument("--outage", type=float, default=6)
    ap.add_argument("--only", default="push,outage,small_queue,restart")
    args = ap.parse_args()
    cases = args.only.split(",")
    workdir = tempfile.mkdtemp(prefix="rw-e2e-")
    prometheus = Prometheus(workdir)
    results = []
    services = []
    try:
        prometheus.start()
        for case in cases:
            service = Service(args.binary, args.wine, workdir, f"{case}-{os.getpid()}",
                              prometheus.url,
                              queue_max_bytes=8192 if case == "small_queue" else 64 << 20)
            services.append(service)
            try:
                service.start()
                check = {"push": check_push, "outage": check_outage,
                         "small_queue": check_small_queue, "restart": check_restart}[case]
                detail = check(prometheus, service, *(() if case == "push" else (args.outage,)))
                results.append((case, True, detail))
            except Exception as e:  # noqa: BLE001 - every failure is reported, then counted
                results.append((case, False, f"{type(e).__name__}: {e}"))
                if prometheus.process is None:
                    prometheus.start()
            finally:
                service.stop()
    finally:
        for service in services:
            service.stop()
        prometheus.stop()
    passed = sum(1 for _, ok, _ in results if ok)
    for case, ok, detail in results:
        print(f"{'PASS' if ok else 'FAIL'} remote_write {case}{' (wine)' if args.wine else ''}: "
              f"{detail}")
    print(f"remote_write e2e: {passed} passed, {len(results) - passed} failed")
    if passed == len(results):
        shutil.rmtree(workdir, ignore_errors=True)
    else:
        print(f"logs kept in {workdir}")
    return 0 if passed == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
