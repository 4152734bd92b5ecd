"""Loads a year's confirmed records at a cut-off in a fixed, small number of queries (sums and GROUP BY in the
database) and hands plain data to the rules."""

import datetime as dt
from decimal import Decimal

from django.db.models import Count, Exists, F, Min, OuterRef, Q, Sum
from django.db.models.functions import Length, Trim

from projects.models import (
    Attendance,
    Contract,
    ContractKind,
    FundsInPlace,
    Investor,
    ProjectCredit,
    ProjectKind,
    ProjectStart,
    Status,
)
from scoring import rules as r
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


def _credited(rows, unit="credit_unit", share="credit_share") -> dict[int, r.Credited]:
    """Rows grouped by (unit, share) → per unit the shared sum (Σ total × share) and the whole sum."""
    result: dict[int, r.Credited] = {}
    for row in rows:
        if row[unit] is None:
            continue
        total = Decimal(row["total"] or 0)
        part = r.Credited(r.share_of(total, row[share]), total)
        result[row[unit]] = result.get(row[unit], r.Credited()) + part
    return result


def _by_credit(queryset, field: str):
    return (
        queryset.values(credit_unit=F("project__credits__unit_id"), credit_share=F("project__credits__share"))
        .annotate(total=Sum(field))
        .order_by()
    )


def _bonus_projects(year, as_of, rules: r.Rules) -> tuple[r.BonusProject, ...]:
    tiers = rules.bonus_major_tiers + rules.bonus_service_tiers
    if not tiers:
        return ()
    tagged = Exists(
        Investor.tags.through.objects.filter(
            investor_id=OuterRef("project__investor_id"), investortag__code__in=rules.bonus_tags
        )
    )
    rows = (
        formal_contracts(until=as_of)
        .filter(tagged | Q(project__kind=ProjectKind.PRODUCER_SERVICE, project__is_major=True))
        .values(
            "project", "project__code", "project__name", "project__kind", "project__is_major", "project__investor_id"
        )
        .annotate(first=Min("signed_on"), amount=Sum("amount"))
        .filter(first__gte=year_start(year), amount__gte=min(t.threshold for t in tiers))
        .order_by("project")
    )
    rows = list(rows)
    if not rows:
        return ()
    ids = [row["project"] for row in rows]
    credits: dict[int, list] = {}
    for c in (
        ProjectCredit.objects.filter(project_id__in=ids)
        .values("project_id", "unit_id", "share")
        .order_by("-share", "id")
    ):
        credits.setdefault(c["project_id"], []).append((c["unit_id"], c["share"]))
    tags: dict[int, set] = {}
    investor_ids = {row["project__investor_id"] for row in rows}
    for t in Investor.tags.through.objects.filter(investor_id__in=investor_ids).values(
        "investor_id", "investortag__code"
    ):
        tags.setdefault(t["investor_id"], set()).add(t["investortag__code"])
    return tuple(
        r.BonusProject(
            project_id=row["project"],
            code=row["project__code"],
            name=row["project__name"],
            first_signed=row["first"],
            amount=row["amount"],
            tags=frozenset(tags.get(row["project__investor_id"], ())),
            kind=row["project__kind"],
            is_major=row["project__is_major"],
            credits=tuple(credits.get(row["project"], ())),
        )
        for row in rows
    )


def _reports(year, as_of, unit_ids, rules) -> dict[int, list[r.MonthReport]]:
    from projects.models import MonthlyReport

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
    """Everything the rules need for a year at a cut-off: nine queries whatever the amount of data."""
    targets = list(
        TargetRow.objects.filter(year=year)
        .values("unit_id", "unit__name")
        .annotate(signed=Sum("signed_target"), funded=Sum("funded_target"), first=Min("position"))
        .order_by("first", "unit_id")
    )
    unit_ids = [t["unit_id"] for t in targets]
    contracts = _credited(_by_credit(counted_contracts(year, as_of), "amount"))
    funds = _credited(_by_credit(counted_funds(year, as_of), "amount"))
    window = (
        ProjectCredit.objects.filter(project__in=window_projects(year, as_of, rules.start_rate_years))
        .annotate(started=started_by(as_of))
        .values("unit_id", "share", "started")
        .annotate(total=Count("id"))
        .order_by()
    )
    window = list(window)
    signed = _credited(window, unit="unit_id", share="share")
    started = _credited([row for row in window if row["started"]], unit="unit_id", share="share")
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
    return r.YearInputs(year.year, as_of, units, _bonus_projects(year, as_of, rules))


def year_scores(year, as_of: dt.date, scheme=None) -> r.YearScores:
    """The year's scores at the cut-off under the given scheme version (the current one by default)."""
    rules = (scheme or current_scheme(year)).as_rules()
    return r.score_year(year_inputs(year, as_of, rules), rules)
