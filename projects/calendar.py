"""The monthly filing calendar (考核办法 六(一)): which deadline a record answers to, and whether it was late.

Days come from the year's settings (AssessmentYear.contracts_due_day, work_due_day, funds_window_*_day).
Pure functions over dates: the caller passes the year's settings.
"""

import calendar
import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class FilingCalendar:
    contracts_due_day: int = 23
    work_due_day: int = 25
    funds_window_start_day: int = 1
    funds_window_end_day: int = 7

    @classmethod
    def of(cls, year) -> "FilingCalendar":
        return cls(
            contracts_due_day=year.contracts_due_day,
            work_due_day=year.work_due_day,
            funds_window_start_day=year.funds_window_start_day,
            funds_window_end_day=year.funds_window_end_day,
        )


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months(month: dt.date, n: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)


def month_end(month: dt.date) -> dt.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def _on_day(month: dt.date, day: int) -> dt.date:
    return month.replace(day=min(day, calendar.monthrange(month.year, month.month)[1]))


def _next_cut(day: dt.date, due_day: int) -> dt.date:
    """The first monthly cut-off on or after ``day``: what happens after the cut belongs to next month's filing."""
    cut = _on_day(month_start(day), due_day)
    return cut if day <= cut else _on_day(add_months(month_start(day), 1), due_day)


def contracts_due(cal: FilingCalendar, day: dt.date) -> dt.date:
    """A contract signed (or a project started) on ``day`` is due, with evidence, by this date."""
    return _next_cut(day, cal.contracts_due_day)


def work_due(cal: FilingCalendar, day: dt.date) -> dt.date:
    """The month's work (activities) done on ``day`` is due by this date."""
    return _next_cut(day, cal.work_due_day)


def report_due(cal: FilingCalendar, month: dt.date) -> dt.date:
    """The monthly work report of ``month`` is due on that month's work day."""
    return _on_day(month_start(month), cal.work_due_day)


def funds_window(cal: FilingCalendar, month: dt.date) -> tuple[dt.date, dt.date]:
    """Funds in place of ``month`` are filed between these days of the following month."""
    following = add_months(month_start(month), 1)
    return _on_day(following, cal.funds_window_start_day), _on_day(following, cal.funds_window_end_day)


def due_date(cal: FilingCalendar, kind: str, period: dt.date) -> dt.date:
    """The deadline of a record of ``kind`` whose period (signing date, start date, month, activity date) is given."""
    if kind in ("contract", "start"):
        return contracts_due(cal, period)
    if kind == "funds":
        return funds_window(cal, period)[1]
    if kind == "report":
        return report_due(cal, period)
    return work_due(cal, period)


def is_late(cal: FilingCalendar, kind: str, period: dt.date, submitted_on: dt.date) -> bool:
    return submitted_on > due_date(cal, kind, period)


# --- what a unit owes each month ---------------------------------------------------------------------------------

# States of one filing obligation, worst first (the matrix shows a unit-month's worst).
OVERDUE = "overdue"  # deadline passed, nothing submitted
RETURNED = "returned"  # sent back by the center, to be corrected and resubmitted
LATE = "late"  # submitted after the deadline
DUE = "due"  # window open, deadline not passed, not yet submitted
DONE = "done"  # submitted or confirmed in time
UPCOMING = "upcoming"  # the window has not opened yet
SEVERITY = [OVERDUE, RETURNED, LATE, DUE, DONE, UPCOMING]
STATE_LABELS = {
    OVERDUE: "逾期未报",
    RETURNED: "被退回待改",
    LATE: "逾期报送",
    DUE: "待报送",
    DONE: "已报送",
    UPCOMING: "未到报送期",
}
FILED = ("submitted", "confirmed", "superseded")


@dataclass(frozen=True)
class Filing:
    """A record as the calendar sees it."""

    pk: int
    status: str
    is_late: bool = False


@dataclass(frozen=True)
class Obligation:
    key: str  # stable id of what is owed, e.g. report:2023-03 or funds:2023-02:12
    kind: str  # report | funds
    period: dt.date  # the month it is about
    opens: dt.date
    due: dt.date
    label: str
    state: str
    record_pk: int | None = None
    project_id: int | None = None

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def needs_action(self) -> bool:
        return self.state in (OVERDUE, RETURNED, DUE)


def state_of(filings: list[Filing], *, opens: dt.date, due: dt.date, today: dt.date) -> tuple[str, int | None]:
    """The state of one obligation from the records filed for it (any status), and the record to point at."""
    live = [f for f in filings if f.status != "superseded"] or list(filings)
    filed = [f for f in live if f.status in FILED]
    if filed:
        best = min(filed, key=lambda f: (f.is_late, f.pk))
        return (LATE if best.is_late else DONE), best.pk
    returned = [f for f in live if f.status == "returned"]
    if returned:
        return RETURNED, returned[0].pk
    pk = live[0].pk if live else None
    if today > due:
        return OVERDUE, pk
    if today >= opens:
        return DUE, pk
    return UPCOMING, pk


def month_label(month: dt.date) -> str:
    return f"{month.year}年{month.month}月"


def report_obligation(cal: FilingCalendar, month: dt.date, filings: list[Filing], today: dt.date) -> Obligation:
    month = month_start(month)
    due = report_due(cal, month)
    state, pk = state_of(filings, opens=month, due=due, today=today)
    return Obligation(
        key=f"report:{month:%Y-%m}",
        kind="report",
        period=month,
        opens=month,
        due=due,
        label=f"{month_label(month)}工作情况",
        state=state,
        record_pk=pk,
    )


def funds_obligation(
    cal: FilingCalendar, month: dt.date, project_id: int, project_label: str, filings: list[Filing], today: dt.date
) -> Obligation:
    month = month_start(month)
    opens, due = funds_window(cal, month)
    state, pk = state_of(filings, opens=opens, due=due, today=today)
    return Obligation(
        key=f"funds:{month:%Y-%m}:{project_id}",
        kind="funds",
        period=month,
        opens=opens,
        due=due,
        label=f"{month_label(month)}到位资金 · {project_label}",
        state=state,
        record_pk=pk,
        project_id=project_id,
    )


def funds_months(start_month: dt.date, until: dt.date):
    """Months from a project's start to ``until``: a started project files its funds in place every month
    (0 when nothing arrived)."""
    month = month_start(start_month)
    while month <= until:
        yield month
        month = add_months(month, 1)


def worst(states) -> str | None:
    states = list(states)
    return min(states, key=SEVERITY.index) if states else None
