"""Loads a year's confirmed records at a cut-off in a fixed, small number of queries (sums and GROUP BY in the
database) and hands plain data to the rules."""

import datetime as dt
from decimal import Decimal

from django.db.models import Exists, Min, OuterRef, Sum
from django.db.models.functions import Length, Trim

from projects.models import (
    Attendance,
    Contract,
    ContractKind,
    FundsInPlace,
    MonthlyReport,
    ProjectStart,
    Status,
)
from scoring import rules as r
from scoring.selectors import sql
from scoring.selectors.scheme import current_scheme
from targets.models import TargetRow

ZERO = Decimal("0")
CONFIRMED = Status.CONFIRMED


def year_start(year) -> dt.date:
    return dt.date(year.year, 1, 1)


def formal_contracts(*, until: dt.date):
    return Contract.objects.filter(status=CONFIRMED, kind=ContractKind.FORMAL, signed_on__lte=until)


def started_by(as_of: dt.date, project_ref: str = "project"):
    """EXISTS a confirmed start of the outer project dated on or before the cut-off."""
    return Exists(ProjectStart.objects.filter(project=OuterRef(project_ref), status=CONFIRMED, started_on__lte=as_of))


def counted_contracts(year, as_of):
    """C: confirmed formal contracts signed 1 January … cut-off."""
    return formal_contracts(until=as_of).filter(signed_on__gte=year_start(year))


def counted_funds(year, as_of):
    """F: confirmed funds of January … the cut-off's month, of projects with a confirmed start on or before it."""
    return FundsInPlace.objects.filter(
        status=CONFIRMED, month__gte=year_start(year), month__lte=as_of.replace(day=1)
    ).filter(started_by(as_of))


def window_projects(year, as_of, years: int):
    """Projects whose first confirmed formal contract is dated within 1 January (Y − years + 1) … cut-off."""
    window_start = dt.date(year.year - years + 1, 1, 1)
    return (
        formal_contracts(until=as_of)
        .values("project")
        .annotate(first=Min("signed_on"))
        .filter(first__gte=window_start)
        .values("project")
    )


def _bonus_projects(candidates: list[dict], rules: r.Rules) -> tuple[r.BonusProject, ...]:
    tiers = rules.bonus_major_tiers + rules.bonus_service_tiers
    if not tiers:
        return ()
    smallest = min(t.threshold for t in tiers)
    return tuple(
        r.BonusProject(
            project_id=row["project"],
            code=row["code"],
            name=row["name"],
            first_signed=row["first"],
            amount=row["amount"],
            tags=frozenset(row["tags"]),
            kind=row["kind"],
            is_major=row["is_major"],
            service_kind=row["service_kind"],
            credits=tuple(row["credits"].items()),
        )
        for row in candidates
        if row["amount"] >= smallest
    )


def _reports(year, as_of, unit_ids, rules) -> dict[int, list[r.MonthReport]]:
    items = [code for code, _ in rules.report_items]
    rows = (
        MonthlyReport.objects.filter(
            status=CONFIRMED, unit_id__in=unit_ids, month__gte=year_start(year), month__lte=as_of
        )
        .annotate(**{f"len_{item}": Length(Trim(item)) for item in items})
        .values("id", "unit_id", "month", "is_late", *[f"len_{item}" for item in items])
    )
    reports: dict[int, list[r.MonthReport]] = {}
    for row in rows:
        filled = frozenset(item for item in items if row[f"len_{item}"])
        reports.setdefault(row["unit_id"], []).append(r.MonthReport(row["month"], filled, row["is_late"], row["id"]))
    return reports


def _missed_events(year, as_of, unit_ids) -> dict[int, list[r.MissedEvent]]:
    rows = Attendance.objects.filter(
        event__year=year, event__held_on__lte=as_of, attended=False, excused=False, unit_id__in=unit_ids
    ).values("unit_id", "event_id", "event__title", "event__held_on", "event__kind")
    missed: dict[int, list[r.MissedEvent]] = {}
    for row in rows:
        missed.setdefault(row["unit_id"], []).append(
            r.MissedEvent(row["event_id"], row["event__title"], row["event__held_on"], row["event__kind"])
        )
    return missed


def year_inputs(year, as_of: dt.date, rules: r.Rules) -> r.YearInputs:
    """Everything the rules need for a year at a cut-off: five queries whatever the amount of data."""
    targets = list(
        TargetRow.objects.filter(year=year)
        .values("unit_id", "unit__name")
        .annotate(signed=Sum("signed_target"), funded=Sum("funded_target"), first=Min("position"))
        .order_by("first", "unit_id")
    )
    unit_ids = [t["unit_id"] for t in targets]
    window_start = dt.date(year.year - rules.start_rate_years + 1, 1, 1)
    contracts, signed, started = {}, {}, {}
    unit_rows, candidates = sql.contract_sums(
        year_start=year_start(year), window_start=window_start, as_of=as_of, tags=rules.bonus_tags
    )
    for unit, share, total, n_signed, n_started in unit_rows:
        contracts[unit] = contracts.get(unit, r.Credited()) + r.Credited(r.share_of(total, share), total)
        signed[unit] = signed.get(unit, r.Credited()) + r.Credited(
            r.share_of(Decimal(n_signed), share), Decimal(n_signed)
        )
        started[unit] = started.get(unit, r.Credited()) + r.Credited(
            r.share_of(Decimal(n_started), share), Decimal(n_started)
        )
    funds = {}
    for unit, share, total in sql.credited_funds(year_start=year_start(year), as_of=as_of):
        funds[unit] = funds.get(unit, r.Credited()) + r.Credited(r.share_of(total, share), total)
    reports = _reports(year, as_of, unit_ids, rules)
    missed = _missed_events(year, as_of, unit_ids)
    units = tuple(
        r.UnitFigures(
            unit_id=t["unit_id"],
            name=t["unit__name"],
            signed_target=t["signed"] or ZERO,
            funded_target=t["funded"] or ZERO,
            contract=contracts.get(t["unit_id"], r.Credited()),
            funds=funds.get(t["unit_id"], r.Credited()),
            signed_projects=signed.get(t["unit_id"], r.Credited()),
            started_projects=started.get(t["unit_id"], r.Credited()),
            reports=tuple(reports.get(t["unit_id"], ())),
            missed_events=tuple(missed.get(t["unit_id"], ())),
        )
        for t in targets
    )
    return r.YearInputs(year.year, as_of, units, _bonus_projects(candidates, rules))


def year_scores(year, as_of: dt.date, scheme=None) -> r.YearScores:
    """The year's scores at the cut-off under the given scheme version (the current one by default)."""
    rules = (scheme or current_scheme(year)).as_rules()
    return r.score_year(year_inputs(year, as_of, rules), rules)
