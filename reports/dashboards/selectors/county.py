"""The county view: scoring's county progress, the forecasts, the month-by-month path, the milestones and the
largest projects."""

import datetime as dt
from decimal import Decimal

from django.db.models import Sum

from core.formatting import plain
from projects.models import Project, ProjectStart, Status
from reports.dashboards import forecast as fc
from reports.dashboards.selectors.base import standings
from reports.dashboards.selectors.trend import monthly_cumulative, quarter_milestones
from scoring import selectors
from scoring.selectors.scores import counted_contracts, counted_funds

ZERO = Decimal("0")


def largest_projects(year, as_of: dt.date, limit: int = 10) -> list[dict]:
    """The projects with the largest confirmed formal contract amount signed this year to date (counted in C):
    four queries whatever the number of projects."""
    top = list(
        counted_contracts(year, as_of)
        .values("project")
        .annotate(total=Sum("amount"))
        .order_by("-total", "project")[:limit]
    )
    ids = [row["project"] for row in top]
    projects = {
        p.pk: p
        for p in Project.objects.filter(pk__in=ids)
        .select_related("sector", "investor")
        .prefetch_related("credits__unit")
    }
    funds = {
        row["project"]: row["total"]
        for row in counted_funds(year, as_of).filter(project__in=ids).values("project").annotate(total=Sum("amount"))
    }
    starts = dict(
        ProjectStart.objects.filter(project__in=ids, status=Status.CONFIRMED, started_on__lte=as_of).values_list(
            "project_id", "started_on"
        )
    )
    rows = []
    for row in top:
        p = projects[row["project"]]
        rows.append(
            {
                "project": p,
                "amount": row["total"],
                "funds": funds.get(p.pk) or ZERO,
                "started_on": starts.get(p.pk),
                "units": "、".join(
                    f"{c.unit.name}{'' if c.share == 100 else f' {plain(c.share)}%'}" for c in p.credits.all()
                ),
            }
        )
    return rows


def county_dashboard(year, as_of: dt.date) -> dict:
    """Everything the county view shows."""
    st = standings(year, as_of)
    rules = st.rules
    overview = selectors.county_progress(year, as_of, rules)
    county = overview["county"]
    trend = monthly_cumulative(
        year, as_of, contract_total=county["contract"].actual, funds_total=county["funds"].actual
    )
    return {
        "standings": st,
        "rules": rules,
        "overview": overview,
        "county": county,
        "contract_forecast": fc.contract_forecast(county["contract"].actual, county["contract"].target, as_of, rules),
        "funds_forecast": fc.funds_forecast(county["funds"].actual, county["funds"].target, as_of, rules),
        "trend": trend,
        "milestones": quarter_milestones(year, as_of, trend["funds"], rules),
        "largest": largest_projects(year, as_of),
    }
