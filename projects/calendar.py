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
