"""Reads behind the dashboards: scoring's results (never recomputed here) plus a few grouped queries for what scoring
does not keep (the month-by-month path, the largest projects). A fixed number of queries whatever the data."""

import datetime as dt
import threading
import time
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import OuterRef, Subquery, Sum
from django.db.models.functions import ExtractMonth, TruncMonth

from core.formatting import plain
from projects.models import FundsInPlace, Project, ProjectStart, Status
from reports.dashboards import forecast as fc
from scoring import rules as r
from scoring import selectors
from scoring.selectors.progress import commitments
from scoring.selectors.scores import counted_contracts, counted_funds, year_start
from targets.access import my_units

ZERO = Decimal("0")
RISK_CODES = ("yellow", "orange", "red")
LAGGING_CODES = ("orange", "red")
MILESTONE_STATES = {"met": "已达节点", "missed": "未达节点", "open": "进行中", "future": "未开始"}


@dataclass(frozen=True)
class UnitStanding:
    """One responsible unit at the cut-off: scoring's result, its progress bands and its year-end forecast."""

    score: r.UnitScore
    contract: r.Progress
    funds: r.Progress
    contract_forecast: fc.Forecast
    funds_forecast: fc.Forecast

    @property
    def unit_id(self) -> int:
        return self.score.unit_id

    @property
    def name(self) -> str:
        return self.score.name

    @property
    def at_risk(self) -> bool:
        return self.contract_forecast.at_risk or self.funds_forecast.at_risk

    @property
    def lagging(self) -> bool:
        """Behind time progress by more than the yellow band (橙 or 红) on either amount."""
        return self.contract.band.code in LAGGING_CODES or self.funds.band.code in LAGGING_CODES

    @property
    def worst_gap(self) -> Decimal:
        gaps = [g for g in (self.contract.gap_points, self.funds.gap_points) if g is not None]
        return min(gaps, default=ZERO)


@dataclass(frozen=True)
class Standings:
    year: object
    as_of: dt.date
    scheme: object
    scores: r.YearScores
    units: tuple[UnitStanding, ...]  # in the order of the breakdown table

    @property
    def rules(self) -> r.Rules:
        return self.scores.rules

    @property
    def time_progress(self) -> Decimal:
        return r.half_up(r.time_progress(self.as_of), 4)

    @property
    def funds_time_progress(self) -> Decimal:
        return r.half_up(r.funds_time_progress(self.as_of, self.rules), 4)

    @property
    def ranking(self) -> list[UnitStanding]:
        by_id = {u.unit_id: u for u in self.units}
        return [by_id[s.unit_id] for s in self.scores.ranking]

    def unit(self, unit_id: int) -> UnitStanding | None:
        return next((u for u in self.units if u.unit_id == unit_id), None)

    @property
    def lagging(self) -> list[UnitStanding]:
        return sorted((u for u in self.units if u.lagging), key=lambda u: (u.worst_gap, u.score.rank))

    @property
    def at_risk(self) -> list[UnitStanding]:
        return sorted((u for u in self.units if u.at_risk), key=lambda u: (-int(u.funds_forecast.at_risk), u.name))


_STANDINGS: dict[tuple, tuple[float, "Standings"]] = {}
_STANDINGS_LOCK = threading.Lock()


def standings(year, as_of: dt.date, scheme=None, *, fresh: bool = False) -> Standings:
    """Scoring's year at the cut-off (``scoring.selectors.year_scores``), each unit with its bands and forecast.

    Kept in the worker's memory for STANDINGS_CACHE_SECONDS (default 30) per year, cut-off and scheme version: the
    home page and every dashboard of the month-end peak read the same standings, and scoring the year is about a dozen
    queries and most of these pages' time. A confirmation shows on the dashboards at most that many seconds later
    (the score pages under /scoring/ always compute afresh); a new scheme version shows at once (it is in the key).
    ``fresh``: documents that go out (the bulletin's snapshot, the five-colour chart, the quarterly review, the ranking
    notice) never take the cached copy."""
    scheme = scheme or selectors.current_scheme(year)
    ttl = settings.STANDINGS_CACHE_SECONDS
    if ttl <= 0 or fresh:
        return _standings(year, as_of, scheme)
    key = (year.pk, as_of, scheme.pk, scheme.number)
    now = time.monotonic()
    hit = _STANDINGS.get(key)
    if hit is not None and hit[0] > now:
        return hit[1]
    result = _standings(year, as_of, scheme)
    with _STANDINGS_LOCK:
        for stale in [k for k, (expires, _) in _STANDINGS.items() if expires <= now]:
            _STANDINGS.pop(stale, None)
        if len(_STANDINGS) < 64:
            _STANDINGS[key] = (now + ttl, result)
    return result


def _standings(year, as_of: dt.date, scheme) -> Standings:
    scores = selectors.year_scores(year, as_of, scheme)
    rules = scores.rules
    t, tf = r.time_progress(as_of), r.funds_time_progress(as_of, rules)
    units = []
    for s in scores.units:
        c, ct = s.contract.numerator, s.contract.denominator
        f, ft = s.funds.numerator, s.funds.denominator
        units.append(
            UnitStanding(
                s,
                r.progress("正式合同额", c, ct, t, rules),
                r.progress("到位资金", f, ft, tf, rules),
                fc.contract_forecast(c, ct, as_of, rules),
                fc.funds_forecast(f, ft, as_of, rules),
            )
        )
    return Standings(year, as_of, scheme, scores, tuple(units))


def _start_month():
    return Subquery(
        ProjectStart.objects.filter(project=OuterRef("project"), status=Status.CONFIRMED)
        .annotate(sm=TruncMonth("started_on"))
        .values("sm")[:1]
    )


def _as_date(value) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, str):
        return dt.date.fromisoformat(value[:10])
    return value


def monthly_cumulative(year, as_of: dt.date, *, contract_total: Decimal, funds_total: Decimal) -> dict:
    """County cumulative contract amount and funds in place at each month end up to the cut-off's month, by the same
    rules as scoring (a month end's funds count projects started by that month end). Two queries.

    The cut-off month's point is scoring's own figure (``contract_total``/``funds_total``), so the last point always
    equals the totals on the page."""
    months = as_of.month
    signed = {
        row["m"]: row["total"] or ZERO
        for row in counted_contracts(year, as_of)
        .annotate(m=ExtractMonth("signed_on"))
        .values("m")
        .annotate(total=Sum("amount"))
        .order_by()
    }
    funds_rows = list(
        FundsInPlace.objects.filter(
            status=Status.CONFIRMED, month__gte=year_start(year), month__lte=as_of.replace(day=1)
        )
        .annotate(m=ExtractMonth("month"), sm=_start_month())
        .exclude(sm=None)
        .values("m", "sm")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    contract, funds = [], []
    running = ZERO
    for m in range(1, months + 1):
        running += signed.get(m, ZERO)
        contract.append(running)
        first = dt.date(year.year, m, 1)
        funds.append(
            sum(
                (row["total"] or ZERO for row in funds_rows if row["m"] <= m and _as_date(row["sm"]) <= first),
                ZERO,
            )
        )
    contract[-1], funds[-1] = contract_total, funds_total
    return {"contract": contract, "funds": funds}


def quarter_milestones(year, as_of: dt.date, funds_by_month: list[Decimal], rules: r.Rules) -> list[dict]:
    """Each quarter's funds milestone (amount due by its end) against the funds in place by then (or to date)."""
    target = year.county_funded_target
    rows = []
    for q in range(1, 5):
        end_month = 3 * q
        share = rules.milestones[q - 1]
        due = r.half_up(r.exact(target) * r.exact(share) / 100, 4)
        if as_of.month < end_month - 2:
            actual, state = None, "future"
        else:
            actual = funds_by_month[min(end_month, as_of.month) - 1]
            ended = as_of.month > end_month or (as_of.month == end_month and _is_month_end(as_of))
            state = "met" if actual >= due else ("missed" if ended else "open")
        rows.append(
            {
                "quarter": q,
                "label": f"{q}季度末",
                "share": share,
                "due": due,
                "actual": actual,
                "completion": None if actual is None or not due else r.half_up(r.exact(actual) / r.exact(due), 4),
                "state": state,
                "state_label": MILESTONE_STATES[state],
            }
        )
    return rows


def _is_month_end(day: dt.date) -> bool:
    return (day + dt.timedelta(days=1)).month != day.month


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


# --- a leader's units, a unit, the office -------------------------------------------------------------------------


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
        "at_risk": [u for u in units if u.at_risk],
        "contract": r.progress("正式合同额", c, ct, t, rules),
        "funds": r.progress("到位资金", f, ftg, tf, rules),
        "contract_forecast": fc.contract_forecast(c, ct, as_of, rules),
        "funds_forecast": fc.funds_forecast(f, ftg, as_of, rules),
        "trips": trips,
    }


def unit_monthly(year, as_of: dt.date, unit, rules: r.Rules, records: dict) -> dict:
    """A unit's credited cumulative contract amount and funds at each month end (the last point is scoring's)."""
    from projects.models import ProjectCredit

    months = as_of.month
    by_month = {}
    for line in records["contracts"]:
        by_month[line.date.month] = by_month.get(line.date.month, ZERO) + line.credited
    shares = dict(ProjectCredit.objects.filter(unit=unit).values_list("project_id", "share"))
    funds_rows = list(
        FundsInPlace.objects.filter(
            status=Status.CONFIRMED,
            month__gte=year_start(year),
            month__lte=as_of.replace(day=1),
            project_id__in=list(shares),
        )
        .annotate(m=ExtractMonth("month"), sm=_start_month())
        .exclude(sm=None)
        .values("project_id", "m", "sm")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    contract, funds, running = [], [], ZERO
    for m in range(1, months + 1):
        running += by_month.get(m, ZERO)
        contract.append(running)
        first = dt.date(year.year, m, 1)
        total = ZERO
        for row in funds_rows:
            if row["m"] <= m and _as_date(row["sm"]) <= first:
                amount = row["total"] or ZERO
                total += amount if rules.joint_split == "full" else r.share_of(amount, shares[row["project_id"]])
        funds.append(total)
    return {"contract": contract, "funds": funds}


def unit_projects(year, as_of: dt.date, unit, records: dict, limit: int = 50) -> dict:
    """The unit's credited projects with this year's counted figures (from scoring's records) and their stage."""
    from projects.models import ProjectCredit

    credits = list(
        ProjectCredit.objects.filter(unit=unit)
        .select_related("project__sector")
        .order_by("-project__created_at", "-project_id")
    )
    contract = {}
    for line in records["contracts"]:
        contract[line.project_id] = contract.get(line.project_id, ZERO) + line.credited
    funds = {line.project_id: line.credited for line in records["funds"]}
    started = dict(
        ProjectStart.objects.filter(project__credits__unit=unit, status=Status.CONFIRMED, started_on__lte=as_of)
        .values_list("project_id", "started_on")
        .order_by()
    )
    rows = [
        {
            "project": c.project,
            "share": c.share,
            "contract": contract.get(c.project_id, ZERO),
            "funds": funds.get(c.project_id, ZERO),
            "started_on": started.get(c.project_id),
        }
        for c in credits
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
        records = selectors.unit_records(year, as_of, unit, rules)
        data["records"] = records
        data["trend"] = unit_monthly(year, as_of, unit, rules, records)
        data["trend"]["contract"][-1] = standing.contract.actual
        data["trend"]["funds"][-1] = standing.funds.actual
        data["projects"] = unit_projects(year, as_of, unit, records)
    data["due"] = home_panel(unit, today)
    return data


def bulletin_link(year: int, month: int) -> str:
    """The bulletin pages of the month, by URL name, when the bulletin is installed; "" otherwise."""
    from django.urls import NoReverseMatch, reverse

    for name, args in (
        ("reports:bulletin", (year, month)),
        ("reports:bulletin_detail", (year, month)),
        ("reports:bulletins", ()),
        ("reports:bulletin_list", ()),
        ("reports:bulletin_archive", ()),
    ):
        try:
            return reverse(name, args=args)
        except NoReverseMatch:
            continue
    return ""


def office_dashboard(year, as_of: dt.date, today: dt.date) -> dict:
    """Filing completeness across units, the auditors' queue, what to chase, and the month's bulletin."""
    from projects import calendar
    from projects.selectors import queue_counts, status_matrix

    months, rows = status_matrix(year, today)
    month = as_of.replace(day=1)
    index = months.index(month) if month in months else len(months) - 1
    filed_states = (calendar.DONE, calendar.LATE)
    chase, per_unit = [], []
    for unit, cells in rows:
        items = [o for cell in cells for o in cell.items if o.state in (calendar.OVERDUE, calendar.RETURNED)]
        cell = cells[index]
        per_unit.append({"unit": unit, "cell": cell, "overdue": len(items)})
        if items:
            chase.append({"unit": unit, "items": items})
    chase.sort(key=lambda c: (-len(c["items"]), c["unit"].position, c["unit"].pk))
    completeness = []
    for i, m in enumerate(months):
        states = [cells[i].state for _unit, cells in rows]
        owed = [s for s in states if s is not None]
        completeness.append(
            {"month": m, "units": len(owed), "filed": sum(1 for s in owed if s in filed_states), "open": m > today}
        )
    counts = queue_counts()
    st = standings(year, as_of)
    return {
        "standings": st,
        "rules": st.rules,
        "month": month,
        "per_unit": per_unit,
        "chase": chase,
        "completeness": completeness,
        "queue": counts,
        "queue_total": sum(counts.values()),
        "bulletin_url": bulletin_link(year.year, as_of.month),
        "state_labels": calendar.STATE_LABELS,
    }


def home_summary(year, as_of: dt.date, user, county: bool = True) -> dict:
    """The home page's dashboard panel: the county at a glance (``county``: for those who see the county view; a
    filer's panel shows only their unit, so its two county sums are not read), and the user's own units or unit."""
    st = standings(year, as_of)
    rules = st.rules
    summary = {"standings": st, "rules": rules, "contract": None, "funds": None}
    if county:
        c = counted_contracts(year, as_of).aggregate(s=Sum("amount"))["s"] or ZERO
        f = counted_funds(year, as_of).aggregate(s=Sum("amount"))["s"] or ZERO
        t, tf = r.time_progress(as_of), r.funds_time_progress(as_of, rules)
        summary["contract"] = r.progress("正式合同额", c, year.county_signed_target, t, rules)
        summary["funds"] = r.progress("到位资金", f, year.county_funded_target, tf, rules)
    mine = set(my_units(user, year).values_list("pk", flat=True))
    summary["mine"] = [u for u in st.ranking if u.unit_id in mine]
    return summary
