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
from scoring.selectors import sql
from scoring.selectors.scores import counted_contracts, counted_funds

ZERO = Decimal("0")


def largest_projects(year, as_of: dt.date, limit: int = 10) -> list[dict]:
    """The projects with the largest confirmed formal contract amount signed this year to date (counted in C), with
    their sector and credited units in force at the cut-off: a fixed number of queries whatever the data."""
    from targets.models import Sector, Unit

    top = list(
        counted_contracts(year, as_of)
        .values("project")
        .annotate(total=Sum("amount"))
        .order_by("-total", "project")[:limit]
    )
    ids = [row["project"] for row in top]
    projects = Project.objects.select_related("investor").in_bulk(ids)
    facts = sql.project_facts(project_ids=ids, as_of=as_of)
    sectors = Sector.objects.in_bulk({f["sector"] for f in facts.values() if f["sector"] is not None})
    units = Unit.objects.in_bulk({u for f in facts.values() for u, _ in f["credits"]})
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
                "sector": sectors.get(facts[p.pk]["sector"]),
                "amount": row["total"],
                "funds": funds.get(p.pk) or ZERO,
                "started_on": starts.get(p.pk),
                "units": "、".join(
                    f"{units[u].name}{'' if share == 100 else f' {plain(share)}%'}"
                    for u, share in facts[p.pk]["credits"]
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
