#!/usr/bin/env python3
"""Checks the Grafana dashboard against what a relay really exports.

    deploy/grafana/check-dashboard.py [DASHBOARD.json] SCRAPE

SCRAPE is a relay's /metrics URL (http://127.0.0.1:5224/metrics) or a file holding a scrape.
Every relay_* name in every query must be a series of the scrape; every label a query matches
(label="value") or groups by (by (label)) must be on that metric. Meters tagged by a reason or an
outcome appear once the first one happened: drive some traffic first (see docs/operations.md).
Exit status 1 lists what does not match.
"""
import json
import re
import sys
import urllib.request
from pathlib import Path

SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s')
LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')
SELECTOR = re.compile(r'\b(relay_[a-zA-Z0-9_]+)\s*(?:\{([^}]*)\})?')
MATCHER = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!=|!~|=)\s*"([^"]*)"')
BY = re.compile(r'\b(?:by|without)\s*\(([^)]*)\)')
ALWAYS = {"le", "instance", "job"}  # added by the histogram or by Prometheus


def read_scrape(source):
    if source.startswith(("http://", "https://")):
        with urllib.request.urlopen(source, timeout=10) as r:
            return r.read().decode()
    return Path(source).read_text()


def series(text):
    """{metric name: [ {label: value} ... ]} of every sample in a Prometheus text exposition."""
    found = {}
    for line in text.splitlines():
        m = SAMPLE.match(line)
        if not m or line.startswith("#"):
            continue
        found.setdefault(m.group(1), []).append(dict(LABEL.findall(m.group(2) or "")))
    return found


def queries(dashboard):
    """(where, expression) of every panel target and query variable."""
    def panels(ps):
        for p in ps:
            yield p
            yield from panels(p.get("panels", []))
    for p in panels(dashboard.get("panels", [])):
        for t in p.get("targets", []):
            if t.get("expr"):
                yield f'panel "{p.get("title")}" {t.get("refId")}', t["expr"]
    for v in dashboard.get("templating", {}).get("list", []):
        q = v.get("query")
        q = q.get("query") if isinstance(q, dict) else q
        if v.get("type") == "query" and q:
            yield f'variable "{v["name"]}"', q


def check(dashboard, exported):
    problems, used = [], set()
    for where, expr in queries(dashboard):
        names = []
        for name, matchers in SELECTOR.findall(expr):
            names.append(name)
            used.add(name)
            if name not in exported:
                problems.append(f"{where}: {name} is not exported")
                continue
            for label, op, value in MATCHER.findall(matchers):
                if label in ALWAYS or op != "=":
                    continue
                if not any(s.get(label) == value for s in exported[name]):
                    problems.append(f'{where}: no {name} series with {label}="{value}"')
        for group in BY.findall(expr):
            for label in filter(None, (l.strip() for l in group.split(","))):
                if label in ALWAYS:
                    continue
                if not any(label in s for n in names if n in exported for s in exported[n]):
                    problems.append(f"{where}: none of {names} has the label {label}")
    return problems, used


def main(args):
    if len(args) == 1:
        args = [str(Path(__file__).with_name("chat-relay-dashboard.json"))] + args
    if len(args) != 2:
        sys.exit(__doc__)
    dashboard = json.loads(Path(args[0]).read_text())
    exported = series(read_scrape(args[1]))
    problems, used = check(dashboard, exported)
    families = {re.sub(r"_(bucket|count|sum|max)$", "", n) for n in exported if n.startswith("relay_")}
    shown = {re.sub(r"_(bucket|count|sum|max)$", "", n) for n in used}
    print(f"{len(used)} metric names in {sum(1 for _ in queries(dashboard))} queries checked "
          f"against {len(exported)} exported names")
    unshown = sorted(families - shown)
    if unshown:
        print("exported but not on the dashboard: " + ", ".join(unshown))
    for p in problems:
        print("MISMATCH " + p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
