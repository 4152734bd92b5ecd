"""A county leader's units and one unit's own view: their standings, paths and credited projects."""

import datetime as dt
from decimal import Decimal

from projects.models import ProjectStart, Status
from reports.dashboards import forecast as fc
from reports.dashboards.selectors.base import standings
from reports.dashboards.selectors.trend import unit_monthly
from scoring import rules as r
from scoring import selectors
from scoring.selectors import sql
from scoring.selectors.progress import commitments

ZERO = Decimal("0")


def leader_dashboard(year, as_of: dt.date, leader) -> dict:
    """The units a county leader leads in the year's breakdown table, at the cut-off, with their totals."""
    from targets.models import TargetRow

    st = standings(year, as_of)
    mine = set(
        TargetRow.objects.filter(year=year, leader_links__leader=leader).values_list("unit_id", flat=True).distinct()
    )
    units = [u for u in st.units if u.unit_id in mine]
    rules = st.rules
    c = sum((u.contract.actual for u in units), ZERO)
    ct = sum((u.contract.target for u in units), ZERO)
    f = sum((u.funds.actual for u in units), ZERO)
    ftg = sum((u.funds.target for u in units), ZERO)
    t, tf = r.time_progress(as_of), r.funds_time_progress(as_of, rules)
    trips = next(
        (row for row in commitments(year, as_of, rules)["leaders"] if row["leader"].pk == leader.pk),
        None,
    )
    return {
        "standings": st,
        "rules": rules,
        "leader": leader,
        "units": units,
        "ranked": sorted(units, key=lambda u: u.score.rank),
        "lagging": [u for u in units if u.lagging],
        "at_risk": [u for u in st.at_risk if u.unit_id in mine],
        "contract": r.progress("正式合同额", c, ct, t, rules),
        "funds": r.progress("到位资金", f, ftg, tf, rules),
        "contract_forecast": fc.contract_forecast(c, ct, as_of, rules),
        "funds_forecast": fc.funds_forecast(f, ftg, as_of, rules),
        "trips": trips,
    }


def unit_projects(year, as_of: dt.date, unit, records: dict, limit: int = 50, credits=None) -> dict:
    """The unit's credited projects with this year's counted figures (from scoring's records) and their stage, with
    the share and sector in force at the cut-off (those the score counts, docs/integrity.md): ``credits`` as
    ``sql.unit_credits`` gives them, read here unless the caller has them."""
    from projects.models import Project
    from targets.models import Sector

    if credits is None:
        credits = sql.unit_credits(unit_id=unit.pk, as_of=as_of)
    projects = Project.objects.in_bulk([project for project, _, _ in credits])
    sectors = Sector.objects.in_bulk({sector for _, _, sector in credits if sector is not None})
    contract = {}
    for line in records["contracts"]:
        contract[line.project_id] = contract.get(line.project_id, ZERO) + line.credited
    funds = {line.project_id: line.credited for line in records["funds"]}
    started = dict(
        ProjectStart.objects.filter(project_id__in=list(projects), status=Status.CONFIRMED, started_on__lte=as_of)
        .values_list("project_id", "started_on")
        .order_by()
    )
    rows = [
        {
            "project": projects[pid],
            "share": share,
            "sector": sectors.get(sector),
            "contract": contract.get(pid, ZERO),
            "funds": funds.get(pid, ZERO),
            "started_on": started.get(pid),
        }
        for pid, share, sector in credits
    ]
    rows.sort(key=lambda row: (-(row["contract"] + row["funds"]), row["project"].code))
    return {"rows": rows[:limit], "count": len(rows)}


def unit_dashboard(year, as_of: dt.date, unit, today: dt.date) -> dict:
    from projects.selectors import home_panel

    st = standings(year, as_of)
    standing = st.unit(unit.pk)
    rules = st.rules
    data = {"standings": st, "rules": rules, "standing": standing, "unit": unit}
    if standing is not None:
        credits = sql.unit_credits(unit_id=unit.pk, as_of=as_of)  # the shares the records and the list both need
        records = selectors.unit_records(year, as_of, unit, rules, shares={p: share for p, share, _ in credits})
        data["records"] = records
        data["trend"] = unit_monthly(year, as_of, unit, rules, records)
        data["trend"]["contract"][-1] = standing.contract.actual
        data["trend"]["funds"][-1] = standing.funds.actual
        data["projects"] = unit_projects(year, as_of, unit, records, credits=credits)
        data["story"] = {
            "explained": r.explain_unit(standing.score, rules),
            "period": st.period,
            "needs": st.needs(unit.pk),
        }
    data["due"] = home_panel(unit, today)
    return data
