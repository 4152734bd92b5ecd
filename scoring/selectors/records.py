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
    return Subquery(
        ProjectStart.objects.filter(project=OuterRef("project"), status=Status.CONFIRMED).values("started_on")[:1]
    )


def unit_records(year, as_of, unit, rules: r.Rules) -> dict:
    """Contracts, funds (per project), and the start-rate projects behind the unit's indicators."""
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
    funds_rows = (
        FundsInPlace.objects.filter(
            status=Status.CONFIRMED,
            month__gte=year_start(year),
            month__lte=as_of.replace(day=1),
            project_id__in=shares,
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
        .filter(project=OuterRef("pk"))
        .values("project")
        .annotate(first=Min("signed_on"))
        .values("first")
    )
    started_on = Subquery(
        ProjectStart.objects.filter(project=OuterRef("pk"), status=Status.CONFIRMED).values("started_on")[:1]
    )
    window = []
    for p in (
        # the unit's own projects (credited at the cut-off) first, then their first signing
        Project.objects.filter(pk__in=shares)
        .annotate(first_signed=first_signed, started_on=started_on)
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
    return {"contracts": contracts, "funds": funds, "funds_not_counted": not_counted, "window": window}
