#!/usr/bin/env python3
"""/metrics in OpenMetrics, checked by a parser that enforces the spec.

Starts the real service (native, or the .exe under Wine with --wine) with every default collector
and textfiles that test the edges (node_exporter's example, a counter named without _total,
histogram series out of order, a histogram OpenMetrics cannot carry typed), then:
  - for the Accept headers Prometheus sends (recent, 2.42, pre-1.0), gzip and not, the answer is
    OpenMetrics 1.0 (or the 0.0.1 draft's type when that is asked first) and
    prometheus_client.openmetrics.parser (Debian's python3-prometheus-client) accepts it whole;
  - without Accept, and for a browser's, the answer is text 0.0.4 without '# EOF';
  - the OpenMetrics body carries the same series as the text body (counters named with _total);
  - junk Accept headers get text, never an error.
  openmetrics_check.py BINARY [--wine]
"""
import argparse
import gzip
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

from prometheus_client.openmetrics.parser import text_string_to_metric_families as parse_openmetrics
from prometheus_client.parser import text_string_to_metric_families as parse_text
from prometheus_client.utils import floatToGoString

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pylib"))
from free_port import free_port  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLE = os.path.join(HERE, "..", "data", "textfile", "node_exporter_example.prom")
OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8"
DRAFT = "application/openmetrics-text; version=0.0.1; charset=utf-8"
TEXT = "text/plain; version=0.0.4; charset=utf-8"
PROMETHEUS_ACCEPTS = {
    "recent": ("application/openmetrics-text;version=1.0.0;q=0.5,application/openmetrics-text;"
               "version=0.0.1;q=0.4,text/plain;version=0.0.4;q=0.3,*/*;q=0.2", OPENMETRICS),
    "2.42": ("application/openmetrics-text;version=1.0.0,application/openmetrics-text;"
             "version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1", OPENMETRICS),
    "pre-1.0": ("application/openmetrics-text; version=0.0.1,text/plain;version=0.0.4;q=0.5,"
                "*/*;q=0.1", DRAFT),
}
EDGES = """# HELP edge_jobs Jobs "done" at C:\\\\jobs.
# TYPE edge_jobs counter
edge_jobs{queue="a\\"b"} 3
# TYPE edge_latency_seconds histogram
edge_latency_seconds_bucket{path="/a",le="+Inf"} 4
edge_latency_seconds_bucket{path="/a",le="0.5"} 1
edge_latency_seconds_bucket{path="/b",le="0.5"} 0
edge_latency_seconds_bucket{path="/b",le="+Inf"} 2
edge_latency_seconds_sum{path="/a"} 3.5
edge_latency_seconds_sum{path="/b"} 1
edge_latency_seconds_count{path="/a"} 4
edge_latency_seconds_count{path="/b"} 2
# TYPE edge_no_inf histogram
edge_no_inf_bucket{le="1"} 1
edge_no_inf_sum 1
edge_no_inf_count 1
edge_untyped 7
"""


def get(url, accept=None, gzipped=False):
    headers = {}
    if accept is not None:
        headers["Accept"] = accept
    if gzipped:
        headers["Accept-Encoding"] = "gzip"
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=20) as response:
        body = response.read()
        if response.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        return response.status, response.headers, body.decode("utf-8")


def wait_until(condition, seconds, what, service):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if service.poll() is not None:
            sys.exit(f"FAIL: the service exited while waiting for {what}")
        try:
            if condition():
                return
        except OSError:
            pass
        time.sleep(0.3)
    sys.exit(f"FAIL: {what} did not happen within {seconds} s")


# Families whose OpenMetrics name would be a counter's (docs/metrics.md, Formats): none of ours.
LEFT_OUT = set()


def canonical(labels):
    """Labels as OpenMetrics writes them: le and quantile in the canonical number form."""
    return tuple(sorted((k, floatToGoString(float(v)) if k in ("le", "quantile") else v)
                        for k, v in labels.items()))


def series_of_text(body):
    """(sample name, labels) of a text body as OpenMetrics names them: counters' samples with
    _total, le and quantile canonical."""
    series = set()
    for family in parse_text(body):
        for sample in family.samples:
            name = sample.name
            if name in LEFT_OUT:
                continue
            if family.type == "counter" and not name.endswith(("_total", "_created")):
                name += "_total"
            series.add((name, canonical(sample.labels)))
    return series


def series_of(families):
    return {(s.name, canonical(s.labels)) for f in families for s in f.samples}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("--wine", action="store_true")
    args = ap.parse_args()
    failures = []
    work = tempfile.mkdtemp()
    service = None
    try:
        textfiles = os.path.join(work, "textfile")
        os.mkdir(textfiles)
        shutil.copy(EXAMPLE, os.path.join(textfiles, "example.prom"))
        with open(os.path.join(textfiles, "edges.prom.tmp"), "w") as f:
            f.write(EDGES)
        os.rename(os.path.join(textfiles, "edges.prom.tmp"), os.path.join(textfiles, "edges.prom"))

        def native_path(path):
            return "Z:" + path.replace("/", "\\") if args.wine else path

        def start_service():
            """The service on a port free_port() found; another test may take that port before
            the service binds it, and then the service refuses to start ("in use"): try again
            on another port, a few times, and say why when it exits for any other reason."""
            for _ in range(5):
                port = free_port()
                config = os.path.join(work, "config.json")
                with open(config, "w") as f:
                    json.dump({"listen": f"127.0.0.1:{port}",
                               "collectors": {"textfile": {"interval_seconds": 1,
                                                           "directories": [native_path(textfiles)]}}},
                              f)
                command = [args.binary, "--console", "--config", native_path(config),
                           "--log-level", "warn"]
                if args.wine:
                    command = ["/usr/lib/wine/wine64"] + command
                log_path = os.path.join(work, "service.log")
                with open(log_path, "wb") as log:  # a file, never a pipe (Wine's helpers keep pipes)
                    service = subprocess.Popen(command, stdin=subprocess.DEVNULL,
                                               stdout=subprocess.DEVNULL, stderr=log)
                deadline = time.time() + 90
                while time.time() < deadline and service.poll() is None:
                    try:
                        get(f"http://127.0.0.1:{port}/healthz")
                        return service, port
                    except urllib.error.HTTPError:
                        return service, port  # it answers, healthy or not yet
                    except OSError:
                        time.sleep(0.3)
                if service.poll() is None:
                    return service, port
                with open(log_path, encoding="utf-8", errors="replace") as log:
                    said = log.read()
                if "in use" not in said:
                    sys.exit(f"FAIL: the service exited at start (code {service.returncode}): {said}")
            sys.exit("FAIL: every port free_port() found was taken before the service bound it")

        service, port = start_service()
        base = f"http://127.0.0.1:{port}"

        def textfiles_served():
            status, _, body = get(base + "/api/v1/textfile")
            files = json.loads(body)["files"] if status == 200 else []
            return len(files) == 2 and all(not f.get("error") for f in files)

        wait_until(textfiles_served, 90, "both textfiles served", service)

        def every_collector_ran():
            status, _, body = get(base + "/api/v1/collectors")
            return status == 200 and all(c.get("state") != "pending"
                                         for c in json.loads(body)["collectors"])

        # Under Wine the first connections read walks every host socket, minutes on a loaded
        # machine beside the other Wine tests: the same 180 s tests/e2e/lib.sh allows.
        wait_until(every_collector_ran, 180 if args.wine else 90,
                   "every collector's first success", service)

        _, _, text_before = get(base + "/metrics")
        for name, (accept, content_type) in PROMETHEUS_ACCEPTS.items():
            for gzipped in (False, True):
                where = f"Accept of Prometheus {name}{' with gzip' if gzipped else ''}"
                status, headers, body = get(base + "/metrics", accept, gzipped)
                if status != 200 or headers.get("Content-Type") != content_type:
                    failures.append(f"{where}: {status} {headers.get('Content-Type')}")
                    continue
                if gzipped and headers.get("Content-Encoding") != "gzip":
                    failures.append(f"{where}: not gzipped")
                try:
                    families = list(parse_openmetrics(body))
                except ValueError as error:
                    failures.append(f"{where}: the OpenMetrics parser refused it: {error}")
                    continue
                types = {f.name: f.type for f in families}
                expected = {"my_batch_job_rows": "counter", "my_batch_job_duration_seconds": "histogram",
                            "my_request_latency_seconds": "summary", "edge_jobs": "counter",
                            "edge_latency_seconds": "histogram", "edge_no_inf_bucket": "unknown",
                            "edge_untyped": "unknown", "sysmetrics_collector_runs": "counter",
                            "sysmetrics_collector_success": "gauge",
                            "sysmetrics_http_connections_rejected": "counter"}
                for family, kind in expected.items():
                    if types.get(family) != kind:
                        failures.append(f"{where}: {family} is {types.get(family)}, not {kind}")
                if not gzipped and name == "recent":
                    _, _, text_after = get(base + "/metrics")
                    ours = series_of(families)
                    steady = series_of_text(text_before) & series_of_text(text_after)
                    seen = series_of_text(text_before) | series_of_text(text_after)
                    missing, extra = steady - ours, ours - seen
                    if missing or extra:
                        failures.append(f"{where}: series differ from text: missing "
                                        f"{sorted(missing)[:5]}, extra {sorted(extra)[:5]}")
                    print(f"{len(families)} families, {len(ours)} series, all accepted by "
                          "prometheus_client.openmetrics.parser")

        for accept in (None, "", "text/html,application/xhtml+xml,*/*;q=0.8", "*/*", "garbage;;;q=x",
                       "application/openmetrics-text;q=0", "application/openmetrics-text;version=2.0.0"):
            status, headers, body = get(base + "/metrics", accept)
            if status != 200 or headers.get("Content-Type") != TEXT or "# EOF" in body:
                failures.append(f"Accept {accept!r}: {status} {headers.get('Content-Type')}")
        if "Accept" not in (get(base + "/metrics")[1].get("Vary") or ""):
            failures.append("/metrics does not say it varies by Accept")
        if service.poll() is not None:
            failures.append("the service exited")
    finally:
        if service and service.poll() is None:
            service.send_signal(signal.SIGINT if args.wine else signal.SIGTERM)
            try:
                service.wait(timeout=30)
            except subprocess.TimeoutExpired:
                service.kill()
                service.wait()
        shutil.rmtree(work, ignore_errors=True)
    for failure in failures:
        print("FAIL:", failure)
    print(f"openmetrics_check{' (wine)' if args.wine else ''}: "
          f"{'FAIL' if failures else 'PASS'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
