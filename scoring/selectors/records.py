"""The confirmed records behind one unit's figures, for its score page: a fixed number of queries per page."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Max, Min, OuterRef, Subquery, Sum

from projects.models import FundsInPlace, Project, ProjectStart, Status
from scoring import rules as r
from scoring.selectors import sql
from scoring.selectors.scores import counted_contracts, formal_contracts, year_start


@dataclass(frozen=True)
class Line:
    """One record (or one project's group of records) behind an amount, with the unit's credited part."""

    project_id: int
    code: str
    name: str
    amount: Decimal
    share: Decimal
    credited: Decimal
    record_id: int | None = None
    date: object = None
    months: int = 0
    started_on: object = None
    counted: bool = True


def _credit(amount, share, rules):
    return amount if rules.joint_split == "full" else r.share_of(amount, share)


def _start_date():
    """A project's confirmed start (there is at most one: a unique constraint)."""
    return Subquery(
        ProjectStart.objects.filter(project=OuterRef("pk"), status=Status.CONFIRMED).values("started_on")[:1]
    )


def unit_records(year, as_of, unit, rules: r.Rules, shares: dict | None = None) -> dict:
    """Contracts, funds (per project), and the start-rate projects behind the unit's indicators; ``shares``: the
    unit's {project: share} in force at the cut-off they were credited by (read here unless the caller has them)."""
    if shares is None:
        shares = sql.unit_shares(unit_id=unit.pk, as_of=as_of)
    contracts = [
        Line(
            c.project_id,
            c.project.code,
            c.project.name,
            c.amount,
            shares[c.project_id],
            _credit(c.amount, shares[c.project_id], rules),
            record_id=c.pk,
            date=c.signed_on,
        )
        for c in counted_contracts(year, as_of)
        .filter(project_id__in=shares)
        .select_related("project")
        .order_by("signed_on", "id")
    ]
    # grouped by project alone (no join, no per-row subquery: a city-scale unit has thousands of funds rows), then
    # the projects' codes, names and first confirmed start in one query for the few hundred projects found
    totals = {
        row["project_id"]: row
        for row in FundsInPlace.objects.filter(
            status=Status.CONFIRMED,
            month__gte=year_start(year),
            month__lte=as_of.replace(day=1),
            project_id__in=shares,
        )
        .values("project_id")
        .annotate(total=Sum("amount"), months=Count("id"), first=Min("month"), last=Max("month"))
        .order_by()
    }
    funds, not_counted = [], []
    for pk, code, name, started_on in (
        Project.objects.filter(pk__in=totals)
        .annotate(started_on=_start_date())
        .order_by("code")
        .values_list("pk", "code", "name", "started_on")
    ):
        row, share = totals[pk], shares[pk]
        started = started_on is not None and started_on <= as_of
        line = Line(
            pk,
            code,
            name,
            row["total"],
            share,
            _credit(row["total"], share, rules) if started else Decimal("0"),
            date=(row["first"], row["last"]),
            months=row["months"],
            started_on=started_on,
            counted=started,
        )
        (funds if started else not_counted).append(line)
    first_signed = Subquery(
        formal_contracts(until=as_of)
        .filter(project=OuterRef("pk"))
        .values("project")
        .annotate(first=Min("signed_on"))
        .values("first")
    )
    window = []
    for p in (
        # the unit's own projects (credited at the cut-off) first, then their first signing
        Project.objects.filter(pk__in=shares)
        .annotate(first_signed=first_signed, started_on=_start_date())
        .filter(first_signed__gte=dt.date(year.year - rules.start_rate_years + 1, 1, 1))
        .order_by("first_signed", "pk")
    ):
        started = p.started_on is not None and p.started_on <= as_of
        one = Decimal("1")
        share = shares[p.pk]
        window.append(
            Line(
                p.pk,
                p.code,
                p.name,
                one,
                share,
                _credit(one, share, rules),
                date=p.first_signed,
                started_on=p.started_on,
                counted=started,
            )
        )
    return {
        "contracts": contracts,
        "funds": funds,
        "funds_not_counted": not_counted,
        "window": window,
        "shares": shares,
    }
