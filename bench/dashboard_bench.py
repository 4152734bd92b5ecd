#!/usr/bin/env python
"""Dashboards benchmark (issue 5): each dashboard's query count on a small and on a large generated year (they must
be equal: no page queries per unit or per project) and its render time.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wushan_bench .venv/bin/python bench/dashboard_bench.py \
        [--small 20] [--large 5000] [--runs 5]

The database named by DATABASE_URL is migrated and its project tables are emptied and refilled: use a scratch one.
Data: the 2023 plan (26 units) and ``reports.dashboards.generate.generate_year`` (contracts, starts, monthly funds,
work reports), cut off at 31 October; pages are read at that cut-off.
"""

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wushan_invest.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/wushan_bench")
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from accounts.models import Role, User  # noqa: E402
from projects.models import (  # noqa: E402
    Contract,
    FundsInPlace,
    Investor,
    MonthlyReport,
    Project,
    ProjectCredit,
    ProjectStart,
)
from reports.dashboards.generate import generate_year  # noqa: E402
from targets.models import AssessmentYear, Leader, Unit  # noqa: E402

AS_OF = dt.date(2023, 10, 31)
Q = "?as_of=2023-10-31"


def prepare() -> dict:
    call_command("migrate", verbosity=0)
    if not AssessmentYear.objects.filter(year=2023).exists():
        call_command("import_targets", str(ROOT / "targets" / "data" / "targets_2023.csv"), year=2023, verbosity=0)
    for y in (2021, 2022):
        AssessmentYear.objects.get_or_create(year=y)
    tourism = Unit.objects.get(name="县文化旅游委")
    people = {
        "auditor": ("bench_auditor", Role.AUDITOR, {}),
        "leader": ("bench_leader", Role.LEADER, {"leader": Leader.objects.get(name="王军")}),
        "office": ("bench_office", Role.OFFICE, {}),
        "filer": ("bench_filer", Role.FILER, {"unit": tourism}),
    }
    users = {}
    for key, (username, role, extra) in people.items():
        users[key], _ = User.objects.get_or_create(username=username, defaults={"role": role, **extra})
    users["tourism"] = tourism
    return users


def empty():
    for model in (FundsInPlace, ProjectStart, Contract, ProjectCredit, MonthlyReport, Project, Investor):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"TRUNCATE {model._meta.db_table} CASCADE")
        else:
            model.objects.all().delete()


def pages(users) -> list[tuple[str, str, str]]:
    t = users["tourism"].pk
    return [
        ("全县驾驶舱", "leader", f"/dashboards/county/2023/{Q}"),
        ("全县驾驶舱 .xlsx", "leader", f"/dashboards/county/2023/county.xlsx{Q}"),
        ("全县驾驶舱 PDF", "leader", f"/dashboards/county/2023/county.pdf{Q}"),
        ("我牵头的单位", "leader", f"/dashboards/my-units/2023/{Q}"),
        ("本单位看板", "filer", f"/dashboards/unit/{t}/2023/{Q}"),
        ("办公室工作台", "office", f"/dashboards/office/2023/{Q}"),
        ("季度点评（三季度）", "office", "/dashboards/review/2023/q3/"),
        ("季度点评 PDF", "office", "/dashboards/review/2023/q3/review.pdf"),
        ("排名公示", "office", f"/dashboards/ranking/2023/{Q}"),
        ("排名公示 PDF", "office", f"/dashboards/ranking/2023/notice.pdf{Q}"),
    ]


def measure(users, runs: int) -> dict:
    clients = {}
    for role in ("leader", "filer", "office"):
        clients[role] = Client()
        clients[role].force_login(users[role])
    results = {}
    for name, role, url in pages(users):
        clients[role].get(url)  # warm
        connection.queries_log.clear()  # the log keeps the last 9 000 queries: the data generation filled it
        with CaptureQueriesContext(connection) as queries:
            response = clients[role].get(url)
        assert response.status_code == 200, (url, response.status_code)
        times = []
        for _ in range(runs if "PDF" not in name else max(1, runs // 2)):
            start = time.perf_counter()
            clients[role].get(url)
            times.append(time.perf_counter() - start)
        results[name] = (len(queries), statistics.median(times))
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=20, help="projects in the small year")
    parser.add_argument("--large", type=int, default=5000, help="projects in the large year")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    users = prepare()
    year = AssessmentYear.objects.get(year=2023)
    sizes, found = {}, {}
    for label, n in (("small", args.small), ("large", args.large)):
        empty()
        start = time.perf_counter()
        made = generate_year(year, projects=n, by=users["auditor"], until=AS_OF)
        sizes[label] = (made, time.perf_counter() - start)
        if connection.vendor == "postgresql":
            # fresh statistics, as autovacuum keeps them in production; without them the planner picks wrong indexes
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        found[label] = measure(users, args.runs)
    print(
        f"database: {connection.vendor}; cut-off {AS_OF}; median of {args.runs} renders (PDF: {max(1, args.runs // 2)})"
    )
    for label, (made, seconds) in sizes.items():
        print(
            f"{label}: {made['projects']} projects, {made['contracts']} contracts, {made['funds']} funds rows "
            f"(generated in {seconds:.1f} s)"
        )
    print(f"{'page':<20} {'queries small':>13} {'queries large':>13} {'ms small':>9} {'ms large':>9}")
    equal = True
    for name in found["small"]:
        (qs, ts), (ql, tl) = found["small"][name], found["large"][name]
        equal &= qs == ql
        print(f"{name:<20} {qs:>13} {ql:>13} {ts * 1000:>9.0f} {tl * 1000:>9.0f}")
    print("query counts equal on both sizes:", "yes" if equal else "NO")
    return 0 if equal else 1


if __name__ == "__main__":
    sys.exit(main())
