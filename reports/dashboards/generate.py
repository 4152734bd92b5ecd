"""A generated year of records for the dashboards' query-count tests, the benchmark and the demo screens.

Deterministic (the same ``projects`` gives the same rows) and fast: rows go in with ``bulk_create`` in their final
state (confirmed, or left submitted/draft to prove they never count), as the filing workflow would leave them.
Not for production data: real records go through projects.services.
"""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from projects.models import (
    Contract,
    ContractKind,
    FundsInPlace,
    Investor,
    MonthlyReport,
    Project,
    ProjectCredit,
    ProjectStart,
    Stage,
    Status,
)
from targets.models import AssessmentYear, Sector, TargetRow

C = Status.CONFIRMED


def _amount(i: int, low: str, high: str) -> Decimal:
    """A deterministic amount in 亿元 with 4 places between ``low`` and ``high``, varied by ``i``."""
    low_d, high_d = Decimal(low), Decimal(high)
    return (low_d + (high_d - low_d) * Decimal((i * 7919) % 10000) / 10000).quantize(Decimal("0.0001"))


@transaction.atomic
def generate_year(year: AssessmentYear, *, projects: int, by, until: dt.date | None = None, prefix: str = "G") -> dict:
    """``projects`` projects credited to the year's assessed units (every 6th a joint 60/40 project), each with a
    formal contract (every 9th also an intention agreement, which never counts), most started with monthly funds
    in place, plus monthly work reports; a few records left submitted or draft. Records dated after ``until``
    (default 31 December) are not created."""
    until = until or dt.date(year.year, 12, 31)
    now = timezone.now()
    units = list(
        dict.fromkeys(TargetRow.objects.filter(year=year).order_by("position", "id").values_list("unit_id", flat=True))
    )
    sectors = list(Sector.objects.filter(year=year).values_list("id", flat=True)) or [None]
    investors = [Investor(name=f"{prefix}{year.year}示例投资有限公司{k:04d}") for k in range(max(projects // 4, 1))]
    Investor.objects.bulk_create(investors)
    investors = list(Investor.objects.filter(name__startswith=f"{prefix}{year.year}示例投资").order_by("id"))
    rows = []
    for i in range(projects):
        signed_month = 1 + (i * 5) % 12
        rows.append(
            Project(
                code=f"{prefix}{year.year}-{i:05d}",
                name=f"示例项目{i:05d}",
                investor=investors[i % len(investors)],
                year=year,
                sector_id=sectors[i % len(sectors)],
                total_investment=_amount(i, "5", "20"),
                stage=Stage.STARTED if i % 10 < 7 else Stage.SIGNED,
                created_by=by,
            )
        )
    Project.objects.bulk_create(rows)
    made = list(Project.objects.filter(code__startswith=f"{prefix}{year.year}-").order_by("code"))
    credits, contracts, starts, funds = [], [], [], []
    confirmed = {"status": C, "created_by": by, "submitted_at": now, "confirmed_at": now, "confirmed_by": by}
    for i, project in enumerate(made):
        first = units[i % len(units)]
        if i % 6 == 5 and len(units) > 1:
            second = units[(i + 7) % len(units)]
            credits += [
                ProjectCredit(project=project, unit_id=first, share=60),
                ProjectCredit(project=project, unit_id=second, share=40),
            ]
        else:
            credits.append(ProjectCredit(project=project, unit_id=first, share=100))
        signed_month = 1 + (i * 5) % 12
        signed_on = dt.date(year.year, signed_month, 1 + i % 27)
        if signed_on > until:
            continue
        contracts.append(
            Contract(
                project=project,
                unit_id=first,
                kind=ContractKind.FORMAL,
                signed_on=signed_on,
                amount=_amount(i, "0.2", "3.2"),
                **confirmed,
            )
        )
        if i % 9 == 4:
            contracts.append(
                Contract(
                    project=project,
                    unit_id=first,
                    kind=ContractKind.INTENTION,
                    signed_on=signed_on,
                    amount=Decimal("5"),
                    **confirmed,
                )
            )
        if i % 17 == 3:  # filed, never confirmed: never counts
            contracts.append(
                Contract(
                    project=project,
                    unit_id=first,
                    signed_on=signed_on,
                    amount=Decimal("3"),
                    status=Status.SUBMITTED,
                    created_by=by,
                    submitted_at=now,
                )
            )
        if i % 10 >= 7:
            continue
        start_month = min(signed_month + 1 + i % 2, 12)
        started_on = dt.date(year.year, start_month, 10)
        if started_on > until:
            continue
        starts.append(ProjectStart(project=project, unit_id=first, started_on=started_on, **confirmed))
        for month in range(max(start_month - 1, 1), 13):
            first_day = dt.date(year.year, month, 1)
            if first_day > until:
                break
            funds.append(
                FundsInPlace(
                    project=project,
                    unit_id=first,
                    month=first_day,
                    amount=_amount(i + month, "0.03", "0.25"),
                    **confirmed,
                )
            )
    ProjectCredit.objects.bulk_create(credits)
    Contract.objects.bulk_create(contracts, batch_size=2000)
    ProjectStart.objects.bulk_create(starts, batch_size=2000)
    FundsInPlace.objects.bulk_create(funds, batch_size=2000)
    reports = []
    filed = set(MonthlyReport.objects.filter(unit_id__in=units, status=C).values_list("unit_id", "month"))
    for k, unit_id in enumerate(units):
        for month in range(1, 13):
            first_day = dt.date(year.year, month, 1)
            if dt.date(year.year, month, 25) > until or (unit_id, first_day) in filed:
                continue
            blank = "" if (k + month) % 11 == 0 else "已按要求开展"
            reports.append(
                MonthlyReport(
                    unit_id=unit_id,
                    month=first_day,
                    signing="已报送",
                    funds="已报送",
                    starts="已报送",
                    visits=blank,
                    publicity="已报送",
                    **confirmed,
                )
            )
    MonthlyReport.objects.bulk_create(reports)
    return {"projects": len(made), "contracts": len(contracts), "starts": len(starts), "funds": len(funds)}
