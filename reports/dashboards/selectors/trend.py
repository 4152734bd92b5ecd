"""The month-by-month paths scoring does not keep: the county's and a unit's cumulative amounts at each month end,
and the funds milestones of the quarters. A fixed number of grouped queries whatever the data."""

import datetime as dt
from decimal import Decimal

from django.db.models import OuterRef, Subquery, Sum
from django.db.models.functions import ExtractMonth, TruncMonth

from projects.models import FundsInPlace, ProjectStart, Status
from scoring import rules as r
from scoring.selectors.scores import counted_contracts, year_start

ZERO = Decimal("0")
MILESTONE_STATES = {"met": "已达节点", "missed": "未达节点", "open": "进行中", "future": "未开始"}


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


def unit_monthly(year, as_of: dt.date, unit, rules: r.Rules, records: dict) -> dict:
    """A unit's credited cumulative contract amount and funds at each month end (the last point is scoring's).

    Every point credits the unit with the shares in force at the page's cut-off, as the score does (the contract
    lines and ``shares`` of ``records`` carry them already), so a confirmed change of shares dated after the cut-off
    is in no point."""
    months = as_of.month
    by_month = {}
    for line in records["contracts"]:
        by_month[line.date.month] = by_month.get(line.date.month, ZERO) + line.credited
    shares = records["shares"]
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
