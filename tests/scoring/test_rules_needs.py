"""What a unit needs for its next points, in money (scoring.rules.needs): each goal found by scoring the year again."""

from decimal import Decimal

from scoring.rules import MonthReport
from scoring.rules.needs import unit_needs
from tests.scoring.rulekit import score, unit

D = Decimal
ALL_ITEMS = frozenset({"signing", "funds", "starts", "visits", "publicity"})


def reports():
    """Every month's work report filed in full: daily work scores its 10 points."""
    import datetime as dt

    return [MonthReport(dt.date(2023, m, 1), ALL_ITEMS) for m in range(1, 13)]


def by_key(needs):
    return {n.key: n for n in needs}


def test_the_indicator_shortfalls_are_the_missing_amounts():
    # 单位1: 20 of 30 signed, 2 of 4 funded; 单位2 the same rate (r = 0.1) so the average is 0.1.
    scores = score([unit(1, tc=30, c=20, tf=4, f=2, reports=reports()), unit(2, c=10, f=1, reports=reports())])
    needs = by_key(unit_needs(scores, 1))
    assert needs["contract"].contract == D("10") and not needs["contract"].reached
    assert needs["funds"].funds == D("2") and needs["funds"].text == "再到位资金 2 亿元"
    assert needs["funds_rate"].reached  # r = 0.1 = the average


def test_a_unit_already_in_full_needs_nothing_on_those_indicators():
    scores = score([unit(1, tc=10, c=12, tf=4, f=5, signed=2, started=2, reports=reports())])
    needs = by_key(unit_needs(scores, 1))
    assert all(needs[k].reached for k in ("contract", "funds", "funds_rate", "start_rate", "pass"))
    assert needs["next_rank"].reached and needs["next_rank"].text == "已是第1名"


def test_the_pass_score_by_funds_alone_is_the_least_amount_that_reaches_it():
    # 单位1: contracts full (20), funds 1 of 10 (3.00), funds rate full (20: its own r is the only one), start rate
    # full (20), daily 10 → 73.00; 80 needs 7 more points of funds: 7/30 × 10 = 2.3333… 亿 → 2.34.
    scores = score([unit(1, tc=10, c=10, tf=10, f=1, signed=1, started=1, reports=reports())])
    need = by_key(unit_needs(scores, 1))["pass"]
    assert scores.unit(1).total == D("73.00")
    assert need.funds == D("2.34") and need.contract is None
    again = score([unit(1, tc=10, c=10, tf=10, f=D("3.34"), signed=1, started=1, reports=reports())])
    assert again.unit(1).total >= D("80")
    short = score([unit(1, tc=10, c=10, tf=10, f=D("3.33"), signed=1, started=1, reports=reports())])
    assert short.unit(1).total < D("80")


def test_a_goal_money_cannot_reach_says_so():
    # No reports, no projects: daily work 0, start rate 0; contracts and funds in full give at most 70.
    scores = score([unit(1, tc=10, c=0, tf=10, f=0)])
    need = by_key(unit_needs(scores, 1))["pass"]
    assert not need.reached and need.contract is None and need.funds is None
    assert need.text == "仅靠签约或到位资金无法达到"


def test_the_next_rank_counts_a_tie_as_reaching_it():
    # 单位2 leads with 5 of 10 funded; 单位1 has 4: one more 亿 ties it, and a tie shares the rank.
    units = [unit(1, tc=0, tf=10, f=4, reports=reports()), unit(2, tc=0, tf=10, f=5, reports=reports())]
    scores = score(units)
    assert (scores.unit(1).rank, scores.unit(2).rank) == (2, 1)
    need = by_key(unit_needs(scores, 1))["next_rank"]
    assert need.goal == "上升一个名次（第1名：单位2）"
    assert need.funds is not None and need.funds <= D("1")
    moved = score([unit(1, tc=0, tf=10, f=4 + need.funds, reports=reports()), units[1]])
    assert moved.unit(1).rank == 1


def test_a_unit_tied_first_is_told_so():
    units = [unit(1, tf=10, f=5, reports=reports()), unit(2, tf=10, f=5, reports=reports())]
    need = by_key(unit_needs(score(units), 1))["next_rank"]
    assert need.reached and need.text == "已是第1名（与单位2并列）"


def test_a_reward_place_first_needs_both_targets_met():
    # 单位1 would rank first, but has signed 8 of 10: the reward needs the target met first, nothing more after.
    units = [
        unit(1, tc=10, c=8, tf=2, f=2, signed=1, started=1, reports=reports()),
        unit(2, tc=10, c=2, tf=2, f=D("0.5"), reports=reports()),
    ]
    scores = score(units)
    assert not scores.unit(1).reward.eligible
    need = by_key(unit_needs(scores, 1))["reward_1_2"]
    assert need.base_contract == D("2") and need.base_funds == 0 and need.funds == 0
    assert need.text == "先完成年度目标（再签约正式合同 2 亿元）"


def test_a_unit_in_the_reward_places_is_told_so():
    scores = score([unit(1, tc=10, c=10, tf=2, f=2, signed=1, started=1, reports=reports())])
    needs = by_key(unit_needs(scores, 1))
    assert needs["reward_1_2"].reached and needs["reward_1_2"].text == "已进入奖励名次第1—2名"


def test_the_start_rate_need_is_a_count_of_projects():
    units = [unit(1, signed=4, started=1, reports=reports()), unit(2, signed=2, started=2, reports=reports())]
    # With n more started 单位1's k = (1 + n) / 4 and the average (k + 1) / 2: k reaches the average only at 1.
    need = by_key(unit_needs(score(units), 1))["start_rate"]
    assert need.starts == 4 - 1 and need.text == "已签约项目中再有 3 个开工"
