"""The monthly bulletin's figures (招商引资工作月通报): gathered once at the cut-off from scoring's and the dashboards'
selectors (never recomputed here) into a JSON snapshot, Decimals as strings. Every rendering — page, PDF, .xlsx —
reads only the snapshot (``reports.bulletin.render``), so a published bulletin never changes.

    snap = bulletin_figures(year, 12)          # cut-off 2023-12-31 (or today, if earlier)
"""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from reports.dashboards import selectors as dash
from reports.five_colour import five_colour_data
from scoring import rules as r
from scoring import selectors as scoring_selectors

SNAPSHOT_VERSION = 1
ZERO = Decimal("0")


class BulletinError(Exception):
    """Bad input or a forbidden change; the message is Chinese and shown as it is."""


def month_end(year: int, month: int) -> dt.date:
    return scoring_selectors.month_ends(year)[month - 1]


def check_month(month) -> int:
    try:
        month = int(month)
    except (TypeError, ValueError):
        raise BulletinError("月份应为1—12的整数") from None
    if not 1 <= month <= 12:
        raise BulletinError(f"月份应为1—12，不能是{month}")
    return month


def plan_year(year):
    """The AssessmentYear of ``year`` (an int) with a breakdown table, else BulletinError."""
    from targets.models import AssessmentYear

    try:
        number = int(year)
    except (TypeError, ValueError):
        raise BulletinError("年度应为四位数字，例如2023") from None
    found = AssessmentYear.objects.filter(year=number).first()
    if found is None or not found.target_rows.exists():
        raise BulletinError(f"{number}年度没有目标任务分解表，不能生成月通报")
    return found


def cut_off(year: int, month: int, today: dt.date | None = None) -> dt.date:
    """The month's end, or today if earlier; a month that has not begun has no bulletin."""
    today = today or timezone.localdate()
    first = dt.date(year, month, 1)
    if today < first:
        raise BulletinError(f"{year}年{month}月尚未开始，不能生成该月月通报")
    return min(month_end(year, month), today)


# --- JSON helpers -------------------------------------------------------------------------------------------------


def s(value) -> str | None:
    """A Decimal (or int) as a string that reads back exactly; None stays None."""
    if value is None:
        return None
    return f"{Decimal(value):f}"


def progress_json(p: r.Progress) -> dict:
    return {
        "label": p.label,
        "actual": s(p.actual),
        "target": s(p.target),
        "completion": s(p.completion),
        "progress": s(p.progress),
        "gap": s(p.gap_points),
        "expected": s(p.expected),
        "band": p.band.code,
    }


def _leaders_of_units(year) -> tuple[dict[int, list[str]], list[tuple[str, list[int]]]]:
    """Each unit's lead leaders (Annex 1 order) and each leader's units; one query."""
    from targets.models import TargetRowLeader

    per_unit: dict[int, list[str]] = {}
    per_leader: dict[int, tuple[str, list[int]]] = {}
    links = (
        TargetRowLeader.objects.filter(row__year=year)
        .select_related("leader")
        .order_by("leader__position", "leader_id", "row__sector__position", "row__position", "position")
        .values_list("leader_id", "leader__name", "row__unit_id")
    )
    for leader_id, name, unit_id in links:
        names = per_unit.setdefault(unit_id, [])
        if name not in names:
            names.append(name)
        units = per_leader.setdefault(leader_id, (name, []))[1]
        if unit_id not in units:
            units.append(unit_id)
    return per_unit, list(per_leader.values())


def unit_json(u: dash.UnitStanding, leaders: list[str]) -> dict:
    sc = u.score
    return {
        "id": u.unit_id,
        "name": u.name,
        "leaders": leaders,
        "rank": sc.rank,
        "contract": progress_json(u.contract),
        "funds": progress_json(u.funds),
        "scores": {
            "contract": s(sc.contract.score),
            "funds": s(sc.funds.score),
            "funds_rate": s(sc.funds_rate.score),
            "start_rate": s(sc.start_rate.score),
            "bonus": s(sc.bonus.score),
            "daily": s(sc.daily.score),
            "total": s(sc.total),
        },
        "funds_rate": s(sc.funds_rate.value),
        "start_rate": s(sc.start_rate.value),
        "targets_met": sc.targets_met,
        "lagging": u.lagging,
    }


def leader_json(name: str, unit_ids: list[int], st: dash.Standings) -> dict:
    """A county leader's units (by rank) and their summed figures, as the leader's dashboard sums them."""
    rules = st.rules
    units = sorted((u for u in (st.unit(i) for i in unit_ids) if u is not None), key=lambda u: u.score.rank)
    c = sum((u.contract.actual for u in units), ZERO)
    ct = sum((u.contract.target for u in units), ZERO)
    f = sum((u.funds.actual for u in units), ZERO)
    ft = sum((u.funds.target for u in units), ZERO)
    t, tf = r.time_progress(st.as_of), r.funds_time_progress(st.as_of, rules)
    return {
        "name": name,
        "units": [
            {
                "name": u.name,
                "rank": u.score.rank,
                "total": s(u.score.total),
                "contract_band": u.contract.band.code,
                "funds_band": u.funds.band.code,
                "lagging": u.lagging,
            }
            for u in units
        ],
        "contract": progress_json(r.progress("正式合同额", c, ct, t, rules)),
        "funds": progress_json(r.progress("到位资金", f, ft, tf, rules)),
    }


def bulletin_figures(year, month: int, *, today: dt.date | None = None, now: dt.datetime | None = None) -> dict:
    """Every figure of the bulletin of ``month`` of ``year`` (an AssessmentYear) at its cut-off, as JSON."""
    month = check_month(month)
    as_of = cut_off(year.year, month, today)
    st = dash.standings(year, as_of, fresh=True)
    rules = st.rules
    overview = scoring_selectors.county_progress(year, as_of, rules)
    county = overview["county"]
    trend = dash.monthly_cumulative(
        year, as_of, contract_total=county["contract"].actual, funds_total=county["funds"].actual
    )
    milestones = dash.quarter_milestones(year, as_of, trend["funds"], rules)
    per_unit, per_leader = _leaders_of_units(year)
    visits = overview["commitments"]["visits"]["progress"]
    return {
        "version": SNAPSHOT_VERSION,
        "year": year.year,
        "month": month,
        "number": month,
        "as_of": as_of.isoformat(),
        "computed_at": (now or timezone.now()).isoformat(),
        "scheme": st.scheme.label if st.scheme else "",
        "time_progress": s(st.time_progress),
        "funds_time_progress": s(st.funds_time_progress),
        "pass_score": s(rules.pass_score),
        "weights": {
            "contract": s(rules.weight_contract),
            "funds": s(rules.weight_funds),
            "funds_rate": s(rules.weight_funds_rate),
            "start_rate": s(rules.weight_start_rate),
            "daily": s(rules.weight_daily),
        },
        "bands": [{"code": b.code, "label": b.label, "colour": b.colour} for b in rules.bands],
        "county": {"contract": progress_json(county["contract"]), "funds": progress_json(county["funds"])},
        "quarter": overview["quarter"],
        "milestone": {"share": s(overview["milestone"]), "amount": s(overview["milestone_amount"])},
        "milestones": [
            {
                "quarter": m["quarter"],
                "label": m["label"],
                "share": s(m["share"]),
                "due": s(m["due"]),
                "actual": s(m["actual"]),
                "completion": s(m["completion"]),
                "state": m["state"],
                "state_label": m["state_label"],
            }
            for m in milestones
        ],
        "monthly": {"contract": [s(v) for v in trend["contract"]], "funds": [s(v) for v in trend["funds"]]},
        "visits": {"actual": s(visits.actual), "target": s(visits.target), "completion": s(visits.completion)},
        "sectors": [
            {"name": x["name"], "contract": progress_json(x["contract"]), "funds": progress_json(x["funds"])}
            for x in overview["sectors"]
        ],
        "units": [unit_json(u, per_unit.get(u.unit_id, [])) for u in st.ranking],
        "leaders": [leader_json(name, ids, st) for name, ids in per_leader],
        "five_colour": five_colour_data(year, as_of, st.scheme, st=st),
    }
