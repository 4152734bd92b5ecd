"""The office's view (filing completeness, the auditors' queue, what to chase, the month's bulletin) and the home
page's panel."""

import datetime as dt
from decimal import Decimal

from django.db.models import Sum

from reports.dashboards.selectors.base import standings
from scoring import rules as r
from scoring.selectors.scores import counted_contracts, counted_funds
from targets.access import my_unit_ids

ZERO = Decimal("0")


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
    mine = my_unit_ids(user, year)
    summary["mine"] = [u for u in st.ranking if u.unit_id in mine]
    if len(summary["mine"]) == 1:  # a unit's own panel: what it needs next, in money
        summary["needs"] = st.needs(summary["mine"][0].unit_id, only=("pass", "next_rank"))
    return summary
