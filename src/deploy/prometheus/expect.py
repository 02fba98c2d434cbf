#!/usr/bin/env python3
"""Asks Prometheus' HTTP query API until each expectation holds (check.sh).

Usage: expect.py PROMETHEUS_URL < lines of "description|expr|expected value"
Each expression is an instant query (its series summed); it is polled until it answers the expected value or
15 s have passed. One line per check; exit status 1 when any failed.
"""
import json
import sys
import time
import urllib.parse
import urllib.request


def value(prom, expr):
    url = prom + "/api/v1/query?" + urllib.parse.urlencode({"query": expr})
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            result = json.load(response)["data"]["result"]
    except OSError:
        return None
    return sum(float(r["value"][1]) for r in result) if result else None


def main():
    prom, failed = sys.argv[1], 0
    for line in sys.stdin:
        if not line.strip():
            continue
        what, expr, want = line.rstrip("\n").split("|")
        deadline = time.monotonic() + 15
        while True:
            got = value(prom, expr)
            if got is not None and got == float(want):
                print(f"ok   {what}: {expr} = {got:g}", flush=True)
                break
            if time.monotonic() > deadline:
                print(f"FAIL {what}: {expr} = {got}, expected {want}", flush=True)
                failed = 1
                break
            time.sleep(0.25)
    sys.exit(failed)


if __name__ == "__main__":
    main()
