#!/usr/bin/env python3
"""Offline checks of monitoring/ and the helpers the end-to-end test uses.

  lint-rules ALERTS OUT      every alert has for:, a severity, summary/description/runbook;
                             writes OUT: the alerts with only `summary` kept, which
                             alerts.test.yml checks (promtool compares every annotation, and the
                             runbook prose is not what the unit tests are about)
  fresh DIR                  the dashboards in DIR are what DIR/generate.py writes
  promql DIR OUT             every PromQL expression of every panel and variable, Grafana's
                             variables substituted, as recording rules in OUT for promtool
"""
import glob
import importlib.util
import json
import os
import re
import sys

import yaml

SEVERITIES = {"warning", "critical"}
# Grafana's variables, replaced by what promtool can parse; the end-to-end test passes real values.
OFFLINE_VALUES = {"job": ".*", "instance": ".*", "__rate_interval": "1m", "__interval": "1m",
                  "__range": "1h"}
VARIABLE = re.compile(r"\$\{(\w+)(?::\w+)?\}|\$(\w+)")


def substitute(expr, values):
    def replace(match):
        name = match.group(1) or match.group(2)
        if name not in values:
            raise KeyError(f"unknown Grafana variable ${name} in: {expr}")
        return values[name]
    return VARIABLE.sub(replace, expr)


def variable_expr(query):
    """The PromQL inside a Prometheus variable query, or None when it has none."""
    text = query["query"] if isinstance(query, dict) else query
    for function in ("label_values", "query_result"):
        if text.startswith(function + "("):
            inner = text[len(function) + 1:-1]
            if function == "label_values":
                if "," not in inner:
                    return None  # label_values(label): no expression
                inner = inner[:inner.rindex(",")]
            return inner.strip()
    return None if text.startswith(("label_names(", "metrics(")) else text


def dashboard_queries(path):
    """(where, expr) for every panel target and query variable of one dashboard."""
    with open(path) as f:
        board = json.load(f)
    name = os.path.basename(path)
    found = []
    for variable in board.get("templating", {}).get("list", []):
        if variable.get("type") == "query":
            expr = variable_expr(variable["query"])
            if expr:
                found.append((f"{name}: variable {variable['name']}", expr))

    def walk(panels):
        for panel in panels:
            walk(panel.get("panels", []))
            for t in panel.get("targets", []):
                if t.get("expr"):
                    found.append((f"{name}: {panel['title']} [{t['refId']}]", t["expr"]))
    walk(board.get("panels", []))
    return found


def all_queries(directory):
    queries = []
    for path in sorted(glob.glob(os.path.join(directory, "*.json"))):
        queries.extend(dashboard_queries(path))
    return queries


def lint_rules(alerts_path, out_path):
    with open(alerts_path) as f:
        rules = yaml.safe_load(f)
    problems, names = [], set()
    for group in rules["groups"]:
        for rule in group["rules"]:
            if "alert" not in rule:
                continue
            name = rule["alert"]
            if name in names:
                problems.append(f"{name}: defined twice")
            names.add(name)
            if not rule.get("for"):
                problems.append(f"{name}: no for:")
            if rule.get("labels", {}).get("severity") not in SEVERITIES:
                problems.append(f"{name}: severity must be one of {sorted(SEVERITIES)}")
            for key in ("summary", "description", "runbook"):
                if len(rule.get("annotations", {}).get(key, "")) < 20:
                    problems.append(f"{name}: annotation {key} missing or too short")
            rule["annotations"] = {"summary": rule["annotations"].get("summary", "")}
    with open(out_path, "w") as f:
        yaml.safe_dump(rules, f, sort_keys=False, width=1000)
    for problem in problems:
        print(problem)
    print(f"{len(names)} alerts checked")
    return 1 if problems else 0


def fresh(directory):
    spec = importlib.util.spec_from_file_location("generate", os.path.join(directory, "generate.py"))
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    stale = []
    for name, make in generate.DASHBOARDS.items():
        path = os.path.join(directory, name)
        if not os.path.exists(path) or open(path).read() != generate.render(make):
            stale.append(name)
    for name in stale:
        print(f"{name} differs from generate.py's output: run python3 {directory}/generate.py")
    print(f"{len(generate.DASHBOARDS)} dashboards compared")
    return 1 if stale else 0


def promql(directory, out_path):
    queries = all_queries(directory)
    rules = [{"record": f"dashboard:expr_{i}", "expr": substitute(expr, OFFLINE_VALUES)}
             for i, (_, expr) in enumerate(queries)]
    with open(out_path, "w") as f:
        yaml.safe_dump({"groups": [{"name": "dashboard-expressions", "rules": rules}]}, f, width=1000)
    with open(out_path + ".where", "w") as f:
        for i, (where, _) in enumerate(queries):
            f.write(f"dashboard:expr_{i}\t{where}\n")
    print(f"{len(rules)} expressions extracted from {directory}")
    return 0


def fast_rules(in_path, out_path, seconds):
    """A test-only copy of a rule file: every for: and group interval cut to `seconds`, so
    alerts fire within a short run (used by prometheus_e2e.py)."""
    with open(in_path) as f:
        rules = yaml.safe_load(f)
    for group in rules["groups"]:
        if "interval" in group:
            group["interval"] = f"{seconds}s"
        for rule in group["rules"]:
            if "for" in rule:
                rule["for"] = f"{seconds}s"
    with open(out_path, "w") as f:
        yaml.safe_dump(rules, f, sort_keys=False, width=1000)
    return 0


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    if command == "lint-rules":
        sys.exit(lint_rules(*args))
    if command == "fresh":
        sys.exit(fresh(*args))
    if command == "promql":
        sys.exit(promql(*args))
    sys.exit(f"unknown command {command}")
