"""The confirmed records behind one unit's figures, for its score page: a fixed number of queries per page."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Max, Min, OuterRef, Subquery, Sum

from projects.models import FundsInPlace, ProjectCredit, ProjectStart, Status
from scoring import rules as r
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
    return Subquery(
        ProjectStart.objects.filter(project=OuterRef("project"), status=Status.CONFIRMED).values("started_on")[:1]
    )


def unit_records(year, as_of, unit, rules: r.Rules) -> dict:
    """Contracts, funds (per project), and the start-rate projects behind the unit's indicators."""
    shares = dict(ProjectCredit.objects.filter(unit=unit).values_list("project_id", "share"))
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
        .filter(project__credits__unit=unit)
        .select_related("project")
        .order_by("signed_on", "id")
    ]
    funds_rows = (
        FundsInPlace.objects.filter(
            status=Status.CONFIRMED,
            month__gte=year_start(year),
            month__lte=as_of.replace(day=1),
            project__credits__unit=unit,
        )
        .annotate(started_on=_start_date())
        .values("project_id", "project__code", "project__name", "started_on")
        .annotate(total=Sum("amount"), months=Count("id"), first=Min("month"), last=Max("month"))
        .order_by("project__code")
    )
    funds, not_counted = [], []
    for row in funds_rows:
        share = shares[row["project_id"]]
        started = row["started_on"] is not None and row["started_on"] <= as_of
        line = Line(
            row["project_id"],
            row["project__code"],
            row["project__name"],
            row["total"],
            share,
            _credit(row["total"], share, rules) if started else Decimal("0"),
            date=(row["first"], row["last"]),
            months=row["months"],
            started_on=row["started_on"],
            counted=started,
        )
        (funds if started else not_counted).append(line)
    first_signed = Subquery(
        formal_contracts(until=as_of)
        .filter(project=OuterRef("project"))
        .values("project")
        .annotate(first=Min("signed_on"))
        .values("first")
    )
    window = []
    for c in (
        # the unit's own projects first, then their first signing: not a GROUP BY over every project in the county
        ProjectCredit.objects.filter(unit=unit)
        .annotate(first_signed=first_signed, started_on=_start_date())
        .filter(first_signed__gte=dt.date(year.year - rules.start_rate_years + 1, 1, 1))
        .select_related("project")
        .order_by("first_signed", "project_id")
    ):
        started = c.started_on is not None and c.started_on <= as_of
        one = Decimal("1")
        window.append(
            Line(
                c.project_id,
                c.project.code,
                c.project.name,
                one,
                c.share,
                _credit(one, c.share, rules),
                date=c.first_signed,
                started_on=c.started_on,
                counted=started,
            )
        )
    return {"contracts": contracts, "funds": funds, "funds_not_counted": not_counted, "window": window}
