"""Small builders of plain rule inputs for the pure-rule tests (no database)."""

import datetime as dt
from decimal import Decimal

from scoring.rules import BonusProject, Credited, Rules, UnitFigures, YearInputs, score_year


def d(value) -> Decimal:
    return Decimal(str(value))


def both(value) -> Credited:
    """A figure with no joint project: the shared and the whole amount are the same."""
    return Credited(d(value), d(value))


def unit(uid, *, tc=10, tf=10, c=0, f=0, signed=0, started=0, reports=(), missed=(), name=None) -> UnitFigures:
    return UnitFigures(
        unit_id=uid,
        name=name or f"单位{uid}",
        signed_target=d(tc),
        funded_target=d(tf),
        contract=c if isinstance(c, Credited) else both(c),
        funds=f if isinstance(f, Credited) else both(f),
        signed_projects=signed if isinstance(signed, Credited) else both(signed),
        started_projects=started if isinstance(started, Credited) else both(started),
        reports=tuple(reports),
        missed_events=tuple(missed),
    )


def bonus_project(
    pid, *, amount, first="2023-03-01", tags=(), kind="other", major=False, service_kind="", credits=((1, 100),)
):
    return BonusProject(
        project_id=pid,
        code=f"P{pid}",
        name=f"项目{pid}",
        first_signed=dt.date.fromisoformat(first),
        amount=d(amount),
        tags=frozenset(tags),
        kind=kind,
        is_major=major,
        service_kind=service_kind,
        credits=tuple((u, d(s)) for u, s in credits),
    )


def score(units, *, as_of="2023-12-31", projects=(), rules=None, **settings):
    rules = rules or Rules(year=2023, **settings)
    inputs = YearInputs(2023, dt.date.fromisoformat(as_of), tuple(units), tuple(projects))
    return score_year(inputs, rules)
