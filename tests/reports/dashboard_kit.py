"""Data for the dashboard, review and ranking tests: a hand-checked year filed through the services, and a generated
year for the query counts."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.db.models import Sum

from projects import services
from projects.models import Contract, FundsInPlace, ProjectStart, Status
from reports.dashboards.generate import generate_year
from targets.models import AssessmentYear
from tests.helpers import confirmed_contract, confirmed_funds, confirmed_start, make_project, pdf_file, unit

AS_OF = dt.date(2023, 10, 31)
CST = dt.timezone(dt.timedelta(hours=8))
TOURISM, TRANSPORT = "县文化旅游委", "县交通局"


def frozen(day=dt.date(2023, 11, 5)):
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, 10, tzinfo=CST), tick=False)


@pytest.fixture
def hand_year(filer, other_filer, auditor):
    """文旅 C = 4 + 5×60% = 7, F = (0.5 + 1.0)×60% = 0.9; 交通 C = 5×40% = 2, F = 1.5×40% = 0.6.
    County C = 9, F = 1.5 (P2's funds are not counted: it never started)."""
    ctx = {"filer": filer, "auditor": auditor}
    with frozen():
        p1 = make_project(by=filer, code="D1", credits=[(TOURISM, 60), (TRANSPORT, 40)])
        confirmed_contract(p1, **ctx, amount="5", signed_on="2023-03-10")
        confirmed_contract(p1, **ctx, amount="8", signed_on="2023-04-01", kind="intention")  # never counts
        confirmed_start(p1, **ctx, started_on="2023-04-01")
        confirmed_funds(p1, **ctx, month="2023-03", amount="0.5")
        confirmed_funds(p1, **ctx, month="2023-05", amount="1.0")
        p2 = make_project(by=filer, code="D2", credits=[(TOURISM, 100)])
        confirmed_contract(p2, **ctx, amount="4", signed_on="2023-07-20")
        confirmed_funds(p2, **ctx, month="2023-08", amount="0.7")  # not started: never counts
        draft = services.record_create(
            record_type="contract", unit=unit(TOURISM), by=filer, project=p2, signed_on=dt.date(2023, 9, 1), amount=2
        )
        services.evidence_attach(record=draft, file=pdf_file(), by=filer)
        services.record_submit(record=draft, by=filer)  # submitted, never confirmed
    return {"p1": p1, "p2": p2}


def generated(by, projects: int, prefix: str = "G"):
    return generate_year(AssessmentYear.objects.get(year=2023), projects=projects, by=by, until=AS_OF, prefix=prefix)


def confirmed_totals(as_of=AS_OF) -> tuple[Decimal, Decimal]:
    """The county's C and F summed straight from the confirmed records (the reconciliation's reference)."""
    c = Contract.objects.filter(
        status=Status.CONFIRMED, kind="formal", signed_on__gte=dt.date(as_of.year, 1, 1), signed_on__lte=as_of
    ).aggregate(s=Sum("amount"))["s"] or Decimal("0")
    started = ProjectStart.objects.filter(status=Status.CONFIRMED, started_on__lte=as_of).values("project_id")
    f = FundsInPlace.objects.filter(
        status=Status.CONFIRMED,
        month__gte=dt.date(as_of.year, 1, 1),
        month__lte=as_of.replace(day=1),
        project_id__in=started,
    ).aggregate(s=Sum("amount"))["s"] or Decimal("0")
    return Decimal(c), Decimal(f)


def pdf_text(pdf: bytes) -> str:
    """The PDF's text as pdftotext extracts it (poppler-utils), spaces removed so figures read as one word."""
    import subprocess

    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    return out.decode("utf-8")


def fonts_embedded(pdf: bytes) -> bool:
    import subprocess
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf)
        f.flush()
        lines = subprocess.run(["pdffonts", f.name], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    return bool(lines) and all(line.split()[-5] == "yes" for line in lines)
