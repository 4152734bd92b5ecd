"""Daily work (日常工作情况, Annex 2 §三(六)): 10 points minus 1 per missing item or missed event, floor 0."""

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import cached_property

from scoring.rules.inputs import UnitFigures
from scoring.rules.numbers import ZERO, exact, half_up
from scoring.rules.scheme import Rules


@dataclass(frozen=True)
class Deduction:
    kind: str  # "report" or "event"
    on: dt.date  # the report's month, or the event's date
    item: str
    cause: str
    points: Decimal
    record_id: int | None = None  # the monthly report, when one was filed
    event_id: int | None = None


@dataclass(frozen=True)
class DailyResult:
    weight: Decimal
    months_due: tuple[dt.date, ...]
    deductions: tuple[Deduction, ...]

    @cached_property
    def deducted(self) -> Decimal:
        return sum((d.points for d in self.deductions), Decimal("0"))

    @cached_property
    def score_exact(self) -> Fraction:
        return max(ZERO, exact(self.weight) - exact(self.deducted))

    @cached_property
    def score(self) -> Decimal:
        return half_up(self.score_exact, 2)


def report_deadline(month: dt.date, work_due_day: int) -> dt.date:
    return month.replace(day=min(work_due_day, calendar.monthrange(month.year, month.month)[1]))


def months_due(year: int, as_of: dt.date, work_due_day: int) -> tuple[dt.date, ...]:
    """Months of the year whose monthly work report was due on or before the cut-off."""
    months = (dt.date(year, m, 1) for m in range(1, 13))
    return tuple(m for m in months if report_deadline(m, work_due_day) <= as_of)


def daily_work(figures: UnitFigures, rules: Rules, *, year: int, as_of: dt.date) -> DailyResult:
    due = months_due(year, as_of, rules.work_due_day)
    reports = {r.month: r for r in figures.reports}
    per_item = rules.daily_deduction
    deductions = []
    for month in due:
        report = reports.get(month)
        label = f"{month.month}月工作情况"
        if report is None:
            cause = "当月工作情况未报送（或未经认定）"
            deductions += [Deduction("report", month, name, cause, per_item) for _, name in rules.report_items]
        elif report.is_late and rules.late_counts_as_missing:
            cause = "逾期报送，按方案视为未报送"
            deductions += [
                Deduction("report", month, name, cause, per_item, report.record_id) for _, name in rules.report_items
            ]
        else:
            deductions += [
                Deduction("report", month, name, f"{label}“{name}”未填写", per_item, report.record_id)
                for code, name in rules.report_items
                if code not in report.filled
            ]
    for event in sorted(figures.missed_events, key=lambda e: (e.held_on, e.event_id)):
        what = "招商培训" if event.kind == "training" else "招商活动"
        deductions.append(
            Deduction("event", event.held_on, event.title, f"未参加{what}", per_item, event_id=event.event_id)
        )
    return DailyResult(rules.weight_daily, due, tuple(deductions))
