#!/usr/bin/env python
"""Five-colour chart benchmark (issue 5): the page, its .xlsx and PDF on a small and on a large generated year (the
query counts must be equal) and what the month view adds to scoring's year (``five_colour_data`` against
``standings`` alone).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wushan_bench .venv/bin/python bench/five_colour_bench.py \
        [--small 20] [--large 5000] [--runs 5]

The database named by DATABASE_URL is migrated and its project tables are emptied and refilled: use a scratch one.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from dashboard_bench import AS_OF, Q, empty, prepare  # noqa: E402  (sets Django up)
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from reports.dashboards.generate import generate_year  # noqa: E402
from reports.dashboards.selectors import standings  # noqa: E402
from reports.five_colour import five_colour_data, five_colour_views  # noqa: E402
from targets.models import AssessmentYear  # noqa: E402

PAGES = [
    ("五色图", f"/reports/five-colour/2023/{Q}"),
    ("五色图 .xlsx", f"/reports/five-colour/2023/five-colour.xlsx{Q}"),
    ("五色图 PDF", f"/reports/five-colour/2023/five-colour.pdf{Q}"),
]


def median_ms(call, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def measure(users, year, runs: int) -> dict:
    client = Client()
    client.force_login(users["leader"])
    results = {}
    for name, url in PAGES:
        client.get(url)  # warm
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        results[name] = (len(queries), median_ms(lambda url=url: client.get(url), runs))
    with CaptureQueriesContext(connection) as queries:
        five_colour_data(year, AS_OF)
    results["five_colour_data"] = (len(queries), median_ms(lambda: five_colour_data(year, AS_OF), runs))
    with CaptureQueriesContext(connection) as queries:
        standings(year, AS_OF)
    results["standings（对照）"] = (len(queries), median_ms(lambda: standings(year, AS_OF), runs))
    data = five_colour_data(year, AS_OF)
    results["five_colour_views"] = (0, median_ms(lambda: five_colour_views(data), runs))
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=20)
    parser.add_argument("--large", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    users = prepare()
    year = AssessmentYear.objects.get(year=2023)
    found, sizes = {}, {}
    for label, n in (("small", args.small), ("large", args.large)):
        empty()
        sizes[label] = generate_year(year, projects=n, by=users["auditor"], until=AS_OF)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # fresh statistics, as autovacuum keeps them in production
        found[label] = measure(users, year, args.runs)
    print(f"database: {connection.vendor}; cut-off {AS_OF}; median of {args.runs}")
    for label, made in sizes.items():
        print(f"{label}: {made['projects']} projects, {made['contracts']} contracts, {made['funds']} funds rows")
    print(f"{'what':<22} {'queries small':>13} {'queries large':>13} {'ms small':>9} {'ms large':>9}")
    equal = True
    for name in found["small"]:
        (qs, ts), (ql, tl) = found["small"][name], found["large"][name]
        equal &= qs == ql
        print(f"{name:<22} {qs:>13} {ql:>13} {ts:>9.0f} {tl:>9.0f}")
    print("query counts equal on both sizes:", "yes" if equal else "NO")
    return 0 if equal else 1


if __name__ == "__main__":
    sys.exit(main())
