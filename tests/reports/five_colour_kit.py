"""Data for the five-colour chart tests: two more units filed by hand on top of dashboard_kit's hand year, chosen so
that their bands move through the year (worked out in the docstring), and a reader of each cell."""

import datetime as dt

import pytest

from accounts.models import Role
from tests.conftest import make_user
from tests.helpers import confirmed_contract, confirmed_funds, confirmed_start, make_project, unit
from tests.reports.dashboard_kit import frozen

SCIENCE, URBAN = "县科技局", "县城管局"  # targets 0.5 / 0.1 and 1 / 0.5 亿元


@pytest.fixture
def colour_year(hand_year, auditor):
    """县科技局: contract 0.25 on 15 Jan (c = 50 %); started 1 Feb; funds Jan 0.01 + Mar 0.02 (F from Feb 0.01 = 10 %,
    from Mar 0.03 = 30 %). 县城管局: contract 1.2 on 10 Feb (120 %: green from Feb), no funds.
    dashboard_kit's hand year: 县文化旅游委 C 3 from March, 7 from July (of 30); F 0.3 from April, 0.9 from May (of 4);
    县交通局 C 2 from March (of 50), F 0.2 from April, 0.6 from May (of 7)."""
    science = make_user("filer_science", Role.FILER, unit=unit(SCIENCE))
    urban = make_user("filer_urban", Role.FILER, unit=unit(URBAN))
    with frozen():
        p = make_project(by=science, code="S1", credits=[(SCIENCE, 100)])
        confirmed_contract(p, filer=science, auditor=auditor, amount="0.25", signed_on="2023-01-15")
        confirmed_start(p, filer=science, auditor=auditor, started_on="2023-02-01")
        confirmed_funds(p, filer=science, auditor=auditor, month="2023-01", amount="0.01")
        confirmed_funds(p, filer=science, auditor=auditor, month="2023-03", amount="0.02")
        u = make_project(by=urban, code="U1", credits=[(URBAN, 100)])
        confirmed_contract(u, filer=urban, auditor=auditor, amount="1.2", signed_on="2023-02-10")
    return hand_year


def row_of(data: dict, name: str) -> dict:
    return next(row for row in data["rows"] if row["unit"] == name)


def month_end(month: int) -> dt.date:
    from scoring.selectors import month_ends

    return month_ends(2023)[month - 1]
