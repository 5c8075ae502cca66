#!/usr/bin/env python3
"""Checks against a real Prometheus that scrapes sysmetrics (driven by e2e.sh).

  panels PROM DASHBOARDS EXPECTED LINUX_INSTANCE WINDOWS_INSTANCE SECONDS
      every panel and variable query of every dashboard returns data for the platform it is
      for (the Windows host dashboard on the Wine instance, the Linux one on the native
      instance, the fleet overview on both), polling until SECONDS have passed; a query listed
      in EXPECTED (no_data_expected.yml) may stay empty. Then every recording rule has data and
      every rule group evaluates without error.
  config OUT LINUX_TARGET WINDOWS_TARGET TOKEN_FILE CA_FILE
      writes a prometheus.yml built from the examples in monitoring/prometheus/: the native
      service through scrape-tls-bearer.yml's job (HTTPS, bearer token), the Wine service
      through scrape-file-sd.yml's job (a target file beside OUT), both with their relabeling;
      and beside it test-only copies of the rules, every for: cut to FAST_FOR seconds
  alerts PROM SECONDS SPEC...
      NAME:LABEL=VALUE waits until that alert is firing (at most SECONDS);
      !NAME:LABEL=VALUE checks it is not firing now.
"""
import concurrent.futures
import json
import os
import sys
import time
import urllib.parse
import urllib.request

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import monitoring_check  # noqa: E402

FAST_FOR = 10  # seconds: every for: in the test-only copy of the alerts
RATE_INTERVAL = "12s"  # Grafana's $__rate_interval: 4 scrape intervals (3 s, see config())


def api(prom, path, **params):
    url = f"{prom}/api/v1/{path}"
    if params:
        url += "?" + urllib.parse.urlencode(params)
    with urllib.request.urlopen(url, timeout=10) as response:
        body = json.load(response)
    if body.get("status") != "success":
        raise RuntimeError(f"{url}: {body}")
    return body["data"]


def query(prom, expr):
    data = api(prom, "query", query=expr)
    if data["resultType"] == "scalar":
        return [{"metric": {}, "value": data["result"]}]
    return data["result"]


def instances_of(result):
    return {sample["metric"].get("instance") for sample in result}


def panel_checks(dashboards, linux, windows):
    """(where, expr, instances that must appear or None = any data) for every query."""
    checks = []
    for where, expr in monitoring_check.all_queries(dashboards):
        values = {"__rate_interval": RATE_INTERVAL, "__interval": "1s", "__range": "5m"}
        if "windows-host" in where:
            values.update(job=".*", instance=windows)
            wanted = {windows}
        elif "linux-host" in where:
            values.update(job=".*", instance=linux)
            wanted = {linux}
        else:
            values.update(job=".*", instance=".*")
            wanted = {linux, windows}
        checks.append((where, monitoring_check.substitute(expr, values), wanted))
    return checks


def panels(prom, dashboards, expected_path, linux, windows, seconds):
    with open(expected_path) as f:
        expected = yaml.safe_load(f)
    may_be_empty = {key: f"{kind}: {why}" for kind, entries in expected.items()
                    for key, why in entries.items()}
    checks = panel_checks(dashboards, linux, windows)
    unknown = set(may_be_empty) - {where for where, _, _ in checks}
    if unknown:
        print(f"no_data_expected.yml names queries no dashboard has: {sorted(unknown)}")
        return 1
    deadline = time.monotonic() + seconds
    pending = {where: (expr, wanted) for where, expr, wanted in checks if where not in may_be_empty}
    missing = {}
    def has_data(item):
        where, (expr, wanted) = item
        result = query(prom, expr)
        seen = instances_of(result)
        # Aggregates without an instance label only need data; per-host series need each host.
        if result and (seen == {None} or wanted <= seen):
            return where, None
        return where, f"{len(result)} series, instances {sorted(map(str, seen))}"

    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        while pending and time.monotonic() < deadline:
            for where, why in pool.map(has_data, list(pending.items())):
                if why is None:
                    del pending[where]
                else:
                    missing[where] = why
            if pending:
                time.sleep(1)
    failures = 0
    for where in sorted(pending):
        print(f"FAIL no data: {where}: {pending[where][0]} ({missing.get(where)})")
        failures += 1
    empty_ok = 0
    for where, expr, _ in checks:
        if where in may_be_empty:
            if query(prom, expr):
                print(f"    note: listed as empty but has data here: {where}")
            else:
                empty_ok += 1
    print(f"    {len(checks) - len(may_be_empty) - failures} of {len(checks) - len(may_be_empty)} "
          f"panel/variable queries returned data; {empty_ok} listed as empty were empty "
          f"(no_data_expected.yml)")

    # Polled, as the panels are: one failed scrape of the Wine service marks its series stale, and a
    # recording rule evaluated just then lacks that instance until its next evaluation.
    platform_of = {"windows": {windows}, "node": {linux}, "host": {linux, windows},
                   "sysmetrics": {linux, windows}}
    rules_deadline = max(deadline, time.monotonic() + 30)
    while True:
        groups = api(prom, "rules")["groups"]
        records = [rule for group in groups for rule in group["rules"]
                   if rule["type"] == "recording"]
        unmet = []
        for group in groups:
            for rule in group["rules"]:
                if rule.get("health") != "ok":
                    unmet.append(f"FAIL rule {rule['name']} in {group['name']}: health "
                                 f"{rule.get('health')} {rule.get('lastError', '')}")
        for rule in records:
            want = platform_of[rule["name"].split(":")[1].split("_")[0]]
            seen = instances_of(query(prom, rule["name"]))
            if not want <= seen:
                unmet.append(f"FAIL recording rule {rule['name']}: instances "
                             f"{sorted(map(str, seen))}, want {sorted(want)}")
        if not unmet or time.monotonic() >= rules_deadline:
            break
        time.sleep(1)
    for line in unmet:
        print(line)
    failures += len(unmet)
    print(f"    {len(records)} recording rules evaluated, {len(groups)} rule groups healthy"
          if not failures else f"{failures} failures")
    return 1 if failures else 0


def config(out, linux_target, windows_target, token_file, ca_file):
    monitoring = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../monitoring")
    examples = os.path.join(monitoring, "prometheus")
    rules = []
    for name, seconds in (("sysmetrics-alerts.yml", FAST_FOR), ("sysmetrics-recording.yml", 2)):
        rules.append(os.path.join(os.path.dirname(out), name))
        monitoring_check.fast_rules(os.path.join(monitoring, "rules", name), rules[-1], seconds)
    with open(os.path.join(examples, "scrape-tls-bearer.yml")) as f:
        linux = yaml.safe_load(f)["scrape_configs"][0]
    linux["job_name"] = "sysmetrics-linux"
    linux["authorization"]["credentials_file"] = token_file
    linux["tls_config"]["ca_file"] = ca_file
    linux["static_configs"] = [{"targets": [linux_target]}]
    with open(os.path.join(examples, "scrape-file-sd.yml")) as f:
        windows = yaml.safe_load(f)["scrape_configs"][0]
    windows["job_name"] = "sysmetrics-windows"
    targets = os.path.join(os.path.dirname(out), "targets.yml")
    windows["file_sd_configs"] = [{"files": [targets], "refresh_interval": "1s"}]
    with open(targets, "w") as f:
        yaml.safe_dump([{"targets": [windows_target], "labels": {"env": "test"}}], f)
    # 3 s, not 1: a scrape of the Wine service on a loaded machine can take over a second.
    settings = {"global": {"scrape_interval": "3s", "scrape_timeout": "3s",
                           "evaluation_interval": "1s"},
                "rule_files": list(rules), "scrape_configs": [linux, windows]}
    with open(out, "w") as f:
        yaml.safe_dump(settings, f, sort_keys=False)
    return 0


def firing(prom, name, label, value):
    return [a for a in api(prom, "alerts")["alerts"]
            if a["labels"].get("alertname") == name and a["labels"].get(label) == value]


def alerts(prom, seconds, *specs):
    """Each spec is NAME:LABEL=VALUE (must be firing within SECONDS) or !NAME:LABEL=VALUE
    (must not be firing now)."""
    failures = 0
    for spec in specs:
        absent = spec.startswith("!")
        name, matcher = spec.lstrip("!").split(":", 1)
        label, value = matcher.split("=", 1)
        if absent:
            found = [a for a in firing(prom, name, label, value) if a["state"] == "firing"]
            if found:
                print(f"FAIL {name} {matcher} is firing but should not be: {found}")
                failures += 1
            else:
                print(f"    {name} {matcher} not firing, as expected")
            continue
        started = time.monotonic()
        while not any(a["state"] == "firing" for a in firing(prom, name, label, value)):
            if time.monotonic() - started > seconds:
                print(f"FAIL {name} {matcher} did not fire within {seconds} s: "
                      f"{firing(prom, name, label, value)}")
                failures += 1
                break
            time.sleep(0.5)
        else:
            print(f"    {name} {matcher} fired after {time.monotonic() - started:.1f} s")
    return 1 if failures else 0


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    if command == "panels":
        sys.exit(panels(args[0], args[1], args[2], args[3], args[4], float(args[5])))
    if command == "config":
        sys.exit(config(*args))
    if command == "alerts":
        sys.exit(alerts(args[0], float(args[1]), *args[2:]))
    sys.exit(f"unknown command {command}")
