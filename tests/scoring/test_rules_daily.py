"""Daily work: one point per unfilled item of each due monthly report and per missed required event, floor 0."""

import datetime as dt
from decimal import Decimal

from scoring.rules import MissedEvent, MonthReport, months_due
from tests.scoring.rulekit import score, unit

D = Decimal
ALL = frozenset({"signing", "funds", "starts", "visits", "publicity"})


def report(month, filled=ALL, late=False):
    return MonthReport(dt.date(2023, month, 1), frozenset(filled), late, record_id=month)


def test_a_month_counts_once_its_report_deadline_has_passed():
    assert months_due(2023, dt.date(2023, 3, 24), 25) == (dt.date(2023, 1, 1), dt.date(2023, 2, 1))
    assert len(months_due(2023, dt.date(2023, 3, 25), 25)) == 3
    assert len(months_due(2023, dt.date(2023, 12, 31), 25)) == 12


def test_each_unfilled_item_and_each_missing_month_costs_a_point():
    reports = [report(1), report(2, ALL - {"visits", "publicity"})]  # March not filed at all
    daily = score([unit(1, reports=reports)], as_of="2023-03-31").unit(1).daily
    assert daily.score == D("3.00")  # 10 − 2 − 5
    causes = [(x.on.month, x.item) for x in daily.deductions]
    assert causes[:2] == [(2, "外出拜访"), (2, "宣传活动")]
    assert [x.item for x in daily.deductions[2:]] == ["项目签约", "资金到位", "项目开工", "外出拜访", "宣传活动"]
    assert daily.deductions[0].record_id == 2


def test_reports_of_months_not_yet_due_are_not_counted():
    daily = score([unit(1, reports=[report(1)])], as_of="2023-02-24").unit(1).daily
    assert daily.score == D("10.00")


def test_each_missed_required_event_costs_a_point():
    missed = [MissedEvent(7, "招商大讲堂", dt.date(2023, 1, 10), "training")]
    daily = score([unit(1, reports=[report(1)], missed=missed)], as_of="2023-01-31").unit(1).daily
    assert daily.score == D("9.00")
    assert daily.deductions[0].cause == "未参加招商培训"


def test_a_late_report_counts_only_when_the_scheme_says_late_is_missing():
    reports = [report(1, late=True)]
    assert score([unit(1, reports=reports)], as_of="2023-01-31").unit(1).daily.score == D("10.00")
    strict = score([unit(1, reports=reports)], as_of="2023-01-31", late_counts_as_missing=True).unit(1).daily
    assert strict.score == D("5.00")
    assert strict.deductions[0].cause == "逾期报送，按方案视为未报送"


def test_daily_work_never_falls_below_zero():
    daily = score([unit(1)], as_of="2023-03-31").unit(1).daily  # 15 items missing
    assert daily.deducted == D("15")
    assert daily.score == D("0.00")


def test_the_deduction_per_item_is_a_scheme_setting():
    daily = score([unit(1, reports=[report(1, ALL - {"funds"})])], as_of="2023-01-31", daily_deduction=D("0.5"))
    assert daily.unit(1).daily.score == D("9.50")
