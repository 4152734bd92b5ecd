"""Server-side cost of each page of the load test's mix, in-process (Django's test client, no HTTP, no gunicorn):
queries per request and median time over a few runs; ``--profile NAME`` prints cProfile's top functions of one page.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wushan_load .venv/bin/python bench/load_profile.py [--runs 5]
        [--profile unit_dashboard]

Run it on the load-test database after a run (bench/load_test.sh), so the tables hold the month's filings.
"""

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wushan_invest.settings")
os.environ.setdefault("SECRET_KEY", "profile-only")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("SECURE_COOKIES", "0")
os.environ.setdefault("STATIC_ROOT", str(ROOT / "var" / "load" / "static"))

import django  # noqa: E402

django.setup()


from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from accounts.models import User  # noqa: E402
from projects.models import Project  # noqa: E402


def pages():
    filer = User.objects.get(username="lt01_1")
    project = Project.objects.filter(code__startswith="LT-lt01_1-").order_by("pk").first()
    record = filer_record(filer)
    year = 2023
    out = [
        ("home_filer", filer, "/"),
        ("project_list", filer, "/projects/"),
        ("project_detail", filer, f"/projects/{project.pk}/"),
        ("record_list_funds", filer, "/filing/?kind=funds"),
        ("record_list_report", filer, "/filing/?kind=report"),
        ("funds_form", filer, f"/projects/{project.pk}/funds/new/"),
        ("unit_dashboard", filer, f"/dashboards/unit/{filer.unit_id}/{year}/"),
    ]
    if record:
        out.append(("record_detail", filer, f"/filing/funds/{record.pk}/"))
    auditor = User.objects.get(username="lt_aud1")
    leader = User.objects.get(username="lt_ldr1")
    office = User.objects.get(username="lt_office")
    out += [
        ("audit_queue_funds", auditor, "/audit-queue/?kind=funds"),
        ("county_dashboard", leader, f"/dashboards/county/{year}/"),
        ("ranking", leader, f"/scoring/ranking/{year}/"),
        ("my_units", leader, f"/dashboards/my-units/{year}/"),
        ("home_leader", leader, "/"),
        ("office_desk", office, f"/dashboards/office/{year}/"),
        ("filing_status", office, "/filing-status/"),
    ]
    return out


PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n%"


def posts():
    """The load test's form posts (bench/locustfile.py), each with a new month and a new file: (name, user, form URL,
    post URL or None for the form's own, fields, with a file). Timed inside a transaction that is rolled back."""
    filer = User.objects.get(username="lt01_1")
    project = Project.objects.filter(code__startswith="LT-lt01_1-").order_by("pk").first()
    record = filer_record(filer)
    months = iter(f"20{y:02d}-{m:02d}" for y in range(10, 23) for m in range(1, 13))
    funds = lambda: {"month": next(months), "amount": "0.0123", "source": "bank", "note": ""}  # noqa: E731
    form = f"/projects/{project.pk}/funds/new/"
    out = [
        ("funds_post_submit", filer, form, None, lambda: {**funds(), "submit": "1"}, True),
        ("funds_post_draft", filer, form, None, lambda: {**funds(), "save": ""}, False),
    ]
    if record:
        detail = f"/filing/funds/{record.pk}/"
        out.append(("evidence_upload", filer, detail, f"{detail}evidence/", lambda: {"description": "扫描件"}, True))
    return out


def time_posts(args, clients, cpu_by_page):
    import re
    import uuid

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import transaction

    token_re = re.compile(r'name="form_token" value="([^"]+)"')
    csrf_re = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
    for name, user, form_url, post_url, fields, with_file in posts():
        if args.only and name not in args.only.split(","):
            continue
        client = clients.get(user.pk)
        if client is None:
            client = clients[user.pk] = Client(enforce_csrf_checks=True)
            client.force_login(user)
        times, cpu, statuses, profiler = [], [], set(), None
        for run in range(args.runs + 1):
            page = client.get(form_url).content.decode()
            data = {"csrfmiddlewaretoken": csrf_re.search(page)[1], **fields()}
            token = token_re.search(page)
            if token:
                data["form_token"] = token[1]
            if with_file:
                pdf = PDF + uuid.uuid4().hex.encode() + b"0" * 120_000 + b"\ntrailer<</Root 1 0 R>>\n%%EOF\n"
                data["ev-file" if post_url is None else "file"] = SimpleUploadedFile("佐证.pdf", pdf, "application/pdf")
            if run == args.runs and args.profile == name:
                profiler = cProfile.Profile()
            with transaction.atomic():
                started, started_cpu = time.perf_counter(), time.process_time()
                log = []
                if profiler:
                    profiler.enable()
                with connection.execute_wrapper(
                    lambda execute, sql, *rest, log=log: log.append(sql) or execute(sql, *rest)
                ):
                    response = client.post(post_url or form_url, data)
                if profiler:
                    profiler.disable()
                if run:  # the first is a warm-up
                    times.append((time.perf_counter() - started) * 1000)
                    cpu.append((time.process_time() - started_cpu) * 1000)
                statuses.add(response.status_code)
                transaction.set_rollback(True)
        status = ",".join(map(str, sorted(statuses)))
        cpu_by_page[name] = statistics.median(cpu)
        print(
            f"{name:<22} {status:>6} {len(log):>7} {statistics.median(times):>9.0f} {min(times):>7.0f}"
            f" {statistics.median(cpu):>7.0f}"
        )
        if profiler:
            pstats.Stats(profiler).sort_stats(args.sort).print_stats(int(os.environ.get("PROFILE_LINES", 45)))
            for sql in log:
                print(f"  {sql[:300]}")


# Which of the load test's requests (bench/locustfile.py names) each timed page stands for: ``--mix`` weighs the
# pages' CPU by the counts of the last run (bench/results/locust_stats.csv) into one figure for the mix.
MIX = {
    "home_filer": ["GET / (home)"],
    "project_list": ["GET /projects/ (list)"],
    "project_detail": ["GET /projects/<pk>/"],
    "record_list_funds": ["GET /filing/?kind= (record list)"],
    "funds_form": [f"GET /projects/<pk>/{k}/new/ (form)" for k in ("funds", "contract", "start")],
    "unit_dashboard": ["GET /dashboards/unit/<pk>/<year>/"],
    "record_detail": ["GET /filing/<kind>/<pk>/ (record)"],
    "audit_queue_funds": ["GET /audit-queue/?kind="],
    "county_dashboard": ["GET /dashboards/county/<year>/"],
    "ranking": ["GET /scoring/ranking/<year>/"],
    "my_units": ["GET /dashboards/my-units/<year>/"],
    "office_desk": ["GET /dashboards/office/<year>/"],
    "filing_status": ["GET /filing-status/"],
    "funds_post_submit": [f"POST /projects/<pk>/{k}/new/ (+evidence, submit)" for k in ("funds", "contract", "start")],
    "funds_post_draft": ["POST /projects/<pk>/funds/new/ (draft)"],
    "evidence_upload": ["POST /filing/<kind>/<pk>/evidence/ (upload)"],
}


def print_mix(cpu_by_page):
    import csv

    stats = ROOT / "bench" / "results" / "locust_stats.csv"
    if not stats.exists():
        print("--mix: no bench/results/locust_stats.csv (run make loadtest first)")
        return
    counts = {row["Name"]: int(row["Request Count"]) for row in csv.DictReader(stats.open()) if row["Type"] != ""}
    counts.pop("Aggregated", None)
    weighted = covered = 0
    for page, names in MIX.items():
        if page in cpu_by_page:
            n = sum(counts.get(name, 0) for name in names)
            weighted += n * cpu_by_page[page]
            covered += n
    total = sum(counts.values())
    print(
        f"mix-weighted CPU a request: {weighted / max(covered, 1):.1f} ms in-process, over {covered} of the last load"
        f" test's {total} requests ({100 * covered / max(total, 1):.0f}%: the rest are sign-ins, submits, confirmations)"
    )


def filer_record(filer):
    from projects.models import FundsInPlace

    return (
        FundsInPlace.objects.filter(created_by=filer).order_by("-pk").first()
        or FundsInPlace.objects.filter(unit=filer.unit).order_by("-pk").first()
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--profile", default="")
    parser.add_argument("--only", default="")
    parser.add_argument("--mix", action="store_true", help="weigh the pages by the last load test's counts")
    parser.add_argument("--profile-runs", type=int, default=1, help="requests profiled together")
    parser.add_argument("--sort", default="cumulative", help="cProfile's order: cumulative, tottime, ncalls")
    args = parser.parse_args()
    clients, cpu_by_page = {}, {}
    print(f"{'page':<22} {'status':>6} {'queries':>7} {'median ms':>9} {'min ms':>7} {'cpu ms':>7}")
    for name, user, url in pages():
        if args.only and name not in args.only.split(","):
            continue
        client = clients.get(user.pk)
        if client is None:
            client = clients[user.pk] = Client()
            client.force_login(user)
        response = client.get(url)  # warm-up (template loading, caches)
        log = []

        def timed(execute, sql, params, many, context, log=log):
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                log.append(((time.perf_counter() - started) * 1000, sql))

        with connection.execute_wrapper(timed):
            response = client.get(url)
        times, cpu = [], []
        for _ in range(args.runs):
            started, started_cpu = time.perf_counter(), time.process_time()
            client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        cpu_by_page[name] = statistics.median(cpu)
        print(
            f"{name:<22} {response.status_code:>6} {len(log):>7} {statistics.median(times):>9.0f} {min(times):>7.0f}"
            f" {statistics.median(cpu):>7.0f}"
        )
        if args.profile == name:
            profiler = cProfile.Profile()
            for _ in range(args.profile_runs):
                profiler.enable()
                client.get(url)
                profiler.disable()
            pstats.Stats(profiler).sort_stats(args.sort).print_stats(int(os.environ.get("PROFILE_LINES", 45)))
            for ms, sql in (sorted(log, reverse=True) if os.environ.get("SORT_SQL") else log)[:60]:
                print(f"{ms:7.1f} ms  {sql[:400]}")
    time_posts(args, clients, cpu_by_page)
    if args.mix:
        print_mix(cpu_by_page)


if __name__ == "__main__":
    main()
