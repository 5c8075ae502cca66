#!/usr/bin/env python3
"""compat_wine_check.py METRICS_MD BODY NOTES

The windows_exporter compatibility table of docs/metrics.md against a /metrics body of the
Windows build running under Wine: every family the table says we export (EXACT or DIFF) is in the
body, unless the table's "Under Wine" list names it with the Wine limitation that keeps it out;
a family on that list is really absent (the list is not stale; "Under Wine, by host" lists the
ones that depend on the Linux host, present or absent), and the collector's notes in
/api/v1/collectors (NOTES: their text, one per line) name the missing source, so an admin sees why.
"""
import re
import sys


def cells(line):
    return [c.strip() for c in line.strip().strip("|").split("|")]


def family(cell):
    m = re.fullmatch(r"`(windows_[a-z0-9_]+)`", cell)
    return m.group(1) if m else None


def read_table(path):
    exported, under_wine, by_host, part = [], {}, set(), None
    inside = False
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if line.startswith("## "):
            inside = line == "## windows_exporter compatibility"
            continue
        if not inside:
            continue
        if line.startswith("### "):
            part = line[4:]
            continue
        if not line.startswith("| `windows_"):
            continue
        row = cells(line)
        if part == "Families" and len(row) == 6 and row[4] in ("EXACT", "DIFF"):
            exported.append(family(row[0]))
        elif part in ("Under Wine", "Under Wine, by host") and len(row) == 3:
            under_wine[family(row[0])] = (row[1], row[2])  # (source named in the notes, why)
            if part == "Under Wine, by host":
                by_host.add(family(row[0]))
    return exported, under_wine, by_host


def main():
    metrics_md, body_path, notes_path = sys.argv[1:4]
    exported, under_wine, by_host = read_table(metrics_md)
    if len(exported) < 100:
        sys.exit(f"FAIL: only {len(exported)} exported families read from {metrics_md}")
    present = set()
    for line in open(body_path, encoding="utf-8"):
        m = re.match(r"([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]", line)
        if m and not line.startswith("#"):
            present.add(m.group(1))
    notes = open(notes_path, encoding="utf-8").read()
    problems = []
    for name in exported:
        if name not in present and name not in under_wine:
            problems.append(f"{name}: exported by the table, absent under Wine, not under 'Under Wine'")
    for name, (source, _) in under_wine.items():
        if name in present and name not in by_host:
            problems.append(f"{name}: listed under 'Under Wine' but present: drop it from the list")
        elif name not in present and source != "–" and source.strip("`") not in notes:
            problems.append(f"{name}: absent, but no collector note names {source}")
    for p in problems:
        print("FAIL: " + p, file=sys.stderr)
    absent = sum(1 for n in exported if n not in present)
    print(f"    {len(exported) - absent} of {len(exported)} exported families present under Wine; "
          f"{absent} absent, each listed with Wine's limitation")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
