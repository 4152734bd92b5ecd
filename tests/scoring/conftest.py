"""A small year of confirmed records, set up through the real services, shared by the scoring tests."""

import datetime as dt

import pytest

from projects import services
from targets.models import AssessmentYear
from tests.helpers import (
    confirmed_contract,
    confirmed_funds,
    confirmed_report,
    confirmed_start,
    make_project,
    pdf_file,
    required_event,
    unit,
)

TOURISM, TRANSPORT, TRAVEL_GROUP = "县文化旅游委", "县交通局", "旅发集团"


@pytest.fixture
def earlier_years(plan_2023):
    for y in (2020, 2021, 2022):
        AssessmentYear.objects.get_or_create(year=y)


@pytest.fixture
def small_year(filer, auditor, earlier_years):
    """Hand-checked figures (see test_selector.py):
    文旅 C = 6 + 5×60% = 9, F = 0.5 + 1.2 + 0.7 + 2×60% = 3.6, window 1.6 signed / 1.6 started;
    交通 C = 5×40% = 2, F = 2×40% = 0.8, window 2.4 signed / 1.4 started."""
    ctx = {"filer": filer, "auditor": auditor}
    p1 = make_project(by=filer, code="P1", credits=[(TOURISM, 100)], investor="甲央企", investor_tags=["global500"])
    confirmed_contract(p1, **ctx, amount="6", signed_on="2023-03-10")
    confirmed_contract(p1, **ctx, amount="10", signed_on="2023-04-01", kind="intention")  # never counts
    confirmed_start(p1, **ctx, started_on="2023-04-01")
    confirmed_funds(p1, **ctx, month="2023-03", amount="0.5")
    april = confirmed_funds(p1, **ctx, month="2023-04", amount="1.0")
    confirmed_funds(p1, **ctx, month="2023-12", amount="0.7")
    correction = services.record_correct(record=april, by=filer, amount=april.amount + 0 + type(april.amount)("0.2"))
    services.evidence_attach(record=correction, file=pdf_file(), by=filer)
    services.record_submit(record=correction, by=filer)
    services.record_confirm(record=correction, by=auditor)  # April is now 1.2

    p2 = make_project(
        by=filer,
        code="P2",
        credits=[(TOURISM, 60), (TRANSPORT, 40)],
        investor="乙中央企业",
        investor_tags=["central_soe"],
    )
    confirmed_contract(p2, **ctx, amount="5", signed_on="2023-05-20")
    confirmed_start(p2, **ctx, started_on="2023-06-15")
    confirmed_funds(p2, **ctx, month="2023-06", amount="2")

    p3 = make_project(by=filer, code="P3", credits=[(TRANSPORT, 100)], year=2022, investor_tags=["global500"])
    confirmed_contract(p3, **ctx, amount="3", signed_on="2022-08-01")
    confirmed_funds(p3, **ctx, month="2023-02", amount="1")  # not started: never counts

    p4 = make_project(by=filer, code="P4", credits=[(TRANSPORT, 100)], year=2021)
    confirmed_contract(p4, **ctx, amount="2", signed_on="2021-02-01")
    confirmed_start(p4, **ctx, started_on="2021-06-01")

    p5 = make_project(by=filer, code="P5", credits=[(TRANSPORT, 100)], year=2020)
    confirmed_contract(p5, **ctx, amount="2", signed_on="2020-12-31")  # outside the three-year window

    p6 = make_project(by=filer, code="P6", credits=[(TOURISM, 100)], total_investment="60")
    draft = services.record_create(
        record_type="contract", unit=unit(TOURISM), by=filer, project=p6, signed_on=dt.date(2023, 7, 1), amount=50
    )
    services.evidence_attach(record=draft, file=pdf_file(), by=filer)
    services.record_submit(record=draft, by=filer)  # submitted, never confirmed

    for month in range(1, 13):
        missing = ["visits"] if month == 2 else []
        confirmed_report(unit(TOURISM), **ctx, month=f"2023-{month:02d}", missing=missing)
    required_event(
        by=auditor,
        held_on="2023-06-10",
        title="招商大讲堂",
        kind="training",
        attended=[TOURISM],
        missed=[TRANSPORT],
        excused=[TRAVEL_GROUP],
    )
    return {"p1": p1, "p2": p2, "p3": p3, "p4": p4, "p5": p5, "p6": p6}
