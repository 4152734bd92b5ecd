"""Data for the month-end load test (bench/load_test.sh), on a scratch database only.

1. The 2023 plan widened to 60 responsible units: the shipped table (26 units) plus 34 synthetic ones (压测单位01…34,
   kind department, 6 per sector), imported through ``import_targets`` (the plan service), so every unit has a row,
   a sector, leaders and targets.
2. ``load_demo``: the demo 2023 of filings through the real services, now for all 60 units (≈ 1 min).
3. Bench accounts (password Wushan@2023, one PBKDF2 hash computed once and shared, so setting up 190 accounts takes no
   minute of hashing): 3 filers per unit ``lt{NN}_{k}`` (NN the unit's place 01–60, k 1–3), 4 auditors ``lt_aud{i}``,
   one leader account per county leader ``lt_ldr{i}``, one office account ``lt_office``.
4. Three fresh projects per filer through ``projects.services.project_create`` (no records yet), so that each simulated
   filer files starts and funds on projects no other simulated user touches: the one-start-per-project and
   one-funds-per-project-month rules can then never refuse a load-test filing by a collision.
5. ``bench/results/load_accounts.json``: the accounts and their projects, read by bench/locustfile.py.

Run it with the app's environment: ``DATABASE_URL=postgres://…/wushan_load .venv/bin/python bench/load_setup.py``.
"""

import csv
import json
import os
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wushan_invest.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import Role, User  # noqa: E402
from projects import services  # noqa: E402
from projects.models import Project  # noqa: E402
from targets.models import AssessmentYear, Leader, TargetRow  # noqa: E402

PLAN = ROOT / "targets" / "data" / "targets_2023.csv"
RESULTS = ROOT / "bench" / "results"
PASSWORD = "Wushan@2023"
UNITS = 60
FILERS_PER_UNIT = 3
PROJECTS_PER_FILER = 3
AUDITORS = 4


def widened_plan(path: Path) -> int:
    """The shipped plan with synthetic units appended to each sector's block until there are UNITS units."""
    with PLAN.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    units = list(dict.fromkeys(r["unit"] for r in rows))
    sectors = list(dict.fromkeys(r["sector"] for r in rows if r["sector"]))
    missing = UNITS - len(units)
    extra = {s: [] for s in sectors}
    for i in range(missing):
        sector = sectors[i % len(sectors)]
        leader = next(r["leaders"] for r in rows if r["sector"] == sector)
        extra[sector].append(
            {
                "year": "2023",
                "sector": sector,
                "leaders": leader,
                "unit": f"压测单位{i + 1:02d}",
                "unit_kind": "department",
                "signed_target_yi": "3",
                "funded_target_yi": "1",
            }
        )
    out = []
    for sector in [*sectors, ""]:
        out += [r for r in rows if r["sector"] == sector] + extra.get(sector, [])
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(out)
    return len(units) + missing


def say(text):
    print(f"[setup {time.strftime('%H:%M:%S', time.gmtime())} UTC] {text}", flush=True)


def main():
    RESULTS.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    if not AssessmentYear.objects.filter(year=2023).exists():
        plan = RESULTS / "plan_2023_60_units.csv"
        count = widened_plan(plan)
        call_command("import_targets", str(plan), year=2023)
        say(f"plan: {count} units imported ({time.monotonic() - started:.0f} s)")
    t = time.monotonic()
    call_command("load_demo")
    say(f"load_demo: {Project.objects.count()} projects ({time.monotonic() - t:.0f} s)")

    t = time.monotonic()
    year = AssessmentYear.objects.get(year=2023)
    rows = list(TargetRow.objects.filter(year=year).select_related("unit", "sector").order_by("position"))
    units = list(dict.fromkeys(r.unit for r in rows))
    sector_of = {}
    for r in rows:
        sector_of.setdefault(r.unit.pk, r.sector)
    if len(units) != UNITS:
        raise SystemExit(f"expected {UNITS} units in the 2023 plan, found {len(units)}")
    hashed = make_password(PASSWORD)
    now = timezone.now()
    leaders = list(Leader.objects.order_by("pk"))
    accounts = []
    with transaction.atomic():
        auditor = User.objects.filter(role=Role.AUDITOR).order_by("pk").first()
        investor_of = {}

        def account(username, role, **fields):
            user, created = User.objects.get_or_create(
                username=username,
                defaults={"role": role, "password": hashed, "password_changed_at": now, **fields},
            )
            return user

        for n, unit in enumerate(units, start=1):
            for k in range(1, FILERS_PER_UNIT + 1):
                user = account(f"lt{n:02d}_{k}", Role.FILER, unit=unit, display_name=f"{unit.name}填报员{k}")
                projects = list(Project.objects.filter(code__startswith=f"LT-{user.username}-").order_by("code"))
                for p in range(len(projects) + 1, PROJECTS_PER_FILER + 1):
                    if unit.pk not in investor_of:
                        investor_of[unit.pk] = services.investor_save(by=auditor, name=f"压测投资企业{n:02d}有限公司")
                    projects.append(
                        services.project_create(
                            by=user,
                            credits=[(unit, Decimal("100"))],
                            code=f"LT-{user.username}-{p}",
                            name=f"压测项目（{unit.name}·{k}-{p}）",
                            investor=investor_of[unit.pk],
                            year=year,
                            sector=sector_of[unit.pk],
                            total_investment=Decimal("50"),
                        )
                    )
                accounts.append(
                    {
                        "username": user.username,
                        "role": "filer",
                        "unit": unit.pk,
                        "projects": [{"pk": p.pk, "total": str(p.total_investment)} for p in projects],
                    }
                )
        for i in range(1, AUDITORS + 1):
            accounts.append({"username": account(f"lt_aud{i}", Role.AUDITOR).username, "role": "auditor"})
        for i, leader in enumerate(leaders, start=1):
            user = account(f"lt_ldr{i}", Role.LEADER, leader=leader, display_name=leader.name)
            accounts.append({"username": user.username, "role": "leader"})
        accounts.append({"username": account("lt_office", Role.OFFICE).username, "role": "office"})
    (RESULTS / "load_accounts.json").write_text(
        json.dumps({"password": PASSWORD, "year": 2023, "accounts": accounts}, ensure_ascii=False, indent=1)
    )
    filers = sum(a["role"] == "filer" for a in accounts)
    say(
        f"accounts: {filers} filers in {len(units)} units, {len(accounts) - filers} staff; "
        f"{filers * PROJECTS_PER_FILER} bench projects ({time.monotonic() - t:.0f} s)"
    )


if __name__ == "__main__":
    main()
