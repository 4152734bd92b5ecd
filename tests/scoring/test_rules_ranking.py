"""Totals, ranks with ties, targets met, reward eligibility and what each unit lacks."""

import datetime as dt
from decimal import Decimal

from scoring.rules import MonthReport, competition_ranks
from tests.scoring.rulekit import bonus_project, score, unit

D = Decimal
ALL = frozenset({"signing", "funds", "starts", "visits", "publicity"})
FULL_YEAR = tuple(MonthReport(dt.date(2023, m, 1), ALL) for m in range(1, 13))


def u(uid, *, c, f, tc=10, tf=10, signed=1, started=1):
    """A unit whose funds rate and start rate equal the average, so those indicators are worth 20 each."""
    return unit(uid, tc=tc, tf=tf, c=c, f=f, signed=signed, started=started, reports=FULL_YEAR)


def test_competition_ranks_share_a_rank_and_skip_the_next():
    assert competition_ranks({"a": 90, "b": 85, "c": 85, "d": 70}) == {"a": 1, "b": 2, "c": 2, "d": 4}


def test_total_adds_the_four_indicators_the_bonus_and_daily_work():
    # r = 0.5 for all: funds rate 20; start rate 1 for all: 20; daily 10
    result = score([u(1, c=6, f=3, tc=12, tf=10), u(2, c=4, f=2)]).unit(1)
    # 6/12×20 = 10; 3/10×30 = 9; 20; 20; 0; 10
    assert result.total == D("69.00")


def test_units_with_equal_shown_totals_share_a_rank():
    units = [u(1, c=10, f=10), u(2, c=5, f=5), u(3, c=5, f=5), u(4, c=1, f=1)]
    ranks = {x.unit_id: x.rank for x in score(units).units}
    assert ranks == {1: 1, 2: 2, 3: 2, 4: 4}


def bonus(uid, points):
    """A project of unit ``uid`` worth ``points`` bonus points (10 亿 → 4, 5 亿 → 3, 3 亿 → 2, 1 亿 → 1)."""
    amount = {4: 10, 3: 5, 2: 3, 1: 1}[points]
    return bonus_project(uid * 10 + points, amount=amount, tags={"global500"}, credits=((uid, 100),))


def test_ranks_one_two_earn_twenty_and_three_four_fifteen_wan_top_four_get_excellent_places():
    # every unit: C = TC, F = TF, r = 1, k = 1, daily 10 → 100 + its bonus
    units = [u(i, c=10, f=10) for i in range(1, 6)]
    projects = [bonus(1, 4), bonus(2, 3), bonus(3, 2), bonus(4, 1)]
    scores = score(units, projects=projects)
    got = [(x.unit_id, x.total, x.rank, x.reward.amount_wan, x.reward.excellent) for x in scores.ranking]
    assert got == [
        (1, D("104.00"), 1, D("20"), True),
        (2, D("103.00"), 2, D("20"), True),
        (3, D("102.00"), 3, D("15"), True),
        (4, D("101.00"), 4, D("15"), True),
        (5, D("100.00"), 5, None, False),
    ]
    assert scores.unit(5).reward.reasons == ("排名不在奖励名次内",)


def test_tied_units_share_the_reward_of_their_rank():
    units = [u(i, c=10, f=10) for i in range(1, 5)]
    scores = score(units, projects=[bonus(1, 4), bonus(2, 4), bonus(3, 2), bonus(4, 1)])
    got = [(x.unit_id, x.rank, x.reward.amount_wan) for x in scores.ranking]
    assert got == [(1, 1, D("20")), (2, 1, D("20")), (3, 3, D("15")), (4, 4, D("15"))]


def test_a_unit_that_missed_a_target_gets_no_reward_whatever_its_rank():
    # unit 1: C = 9.5 of 10 → 19 points; F = 9.5 of 9.5 → 30; r = 1 → 20; k = 1 → 20; daily 10; bonus 4 → 103
    units = [u(1, c="9.5", f="9.5", tf="9.5"), u(2, c=10, f=10)]
    scores = score(units, projects=[bonus(1, 4)])
    first = scores.unit(1)
    assert (first.total, first.rank, first.targets_met) == (D("103.00"), 1, False)
    assert (first.reward.eligible, first.reward.amount_wan) == (False, None)
    assert first.reward.reasons == ("未完成年度目标任务",)
    assert first.reward.excellent is True  # the excellent places follow the rank alone
    assert first.lacks.contract_short == D("0.5")
    second = scores.unit(2)
    assert (second.rank, second.reward.amount_wan) == (2, D("20"))
    relaxed = score(units, projects=[bonus(1, 4)], reward_requires_targets=False).unit(1)
    assert relaxed.reward.amount_wan == D("20")


def test_a_unit_below_eighty_gets_no_reward_and_is_told_how_many_points_it_lacks():
    units = [u(1, c=10, f=10), u(2, c=2, f=2)]
    low = score(units).unit(2)
    # 2/10×20 = 4; 2/10×30 = 6; 20; 20; daily 10 → 60
    assert low.total == D("60.00")
    assert low.reward.eligible is False
    assert low.lacks.to_pass == D("20.00")
    assert low.lacks.to_next_rank == D("40.00")
    assert low.lacks.next_units == ("单位1",)
    assert (low.lacks.contract_short, low.lacks.funds_short) == (D("8"), D("8"))
    top = score(units).unit(1)
    assert top.lacks.to_pass is None and top.lacks.to_next_rank is None


def test_total_rounding_setting_sums_exact_parts_or_rounded_parts():
    # indicator 1: 1/3 × 20 = 6.666…; indicator 2: 1/3 × 30 = 10
    units = [unit(1, tc=3, c=1, tf=3, f=1, signed=0, reports=FULL_YEAR)]
    exact_total = score(units).unit(1).total  # 6.666… + 10 + 20 (rate: no contract? c=1 so r=1, avg 1) …
    rounded_total = score(units, total_rounding="sum_of_rounded").unit(1).total
    assert exact_total == D("46.67")  # 6.6667 + 10 + 20 + 0 + 0 + 10
    assert rounded_total == D("46.67")
    units = [unit(1, tc=3, c=1, tf=9, f=1, signed=0, reports=FULL_YEAR)]
    # 6.666… + 3.333… = 10 exactly: exact total 40.00, sum of rounded parts 6.67 + 3.33 = 10.00 → 40.00
    assert score(units).unit(1).total == D("40.00")
    units = [unit(1, tc=6, c=1, tf=9, f=1, signed=0, reports=FULL_YEAR)]
    # 3.333… + 3.333… = 6.666…: exact → 36.67; rounded parts 3.33 + 3.33 → 36.66
    assert score(units).unit(1).total == D("36.67")
    assert score(units, total_rounding="sum_of_rounded").unit(1).total == D("36.66")


def test_ambiguity_g_places_by_overall_rank_leave_an_unqualified_units_place_unused():
    # the case: three tied 1st, the 4th misses its target, two tied 5th qualify
    units = [u(i, c=10, f=10) for i in (1, 2, 3)] + [u(4, c="9.9", f=10), u(5, c=10, f=10), u(6, c=10, f=10)]
    projects = [bonus(1, 4), bonus(2, 4), bonus(3, 4), bonus(4, 4), bonus(5, 1), bonus(6, 1)]
    literal = score(units, projects=projects)
    got = {x.unit_id: (x.rank, x.reward.place, x.reward.amount_wan) for x in literal.units}
    assert got[1] == got[2] == got[3] == (1, 1, D("20"))
    assert got[4][:2] == (4, 4) and got[4][2] is None  # missed its target
    assert got[5] == got[6] == (5, 5, None)  # the 3–4 places go unused
    eligible = score(units, projects=projects, reward_places="eligible")
    got = {x.unit_id: (x.rank, x.reward.place, x.reward.amount_wan) for x in eligible.units}
    assert got[1] == got[2] == got[3] == (1, 1, D("20"))
    assert got[4] == (4, None, None) and eligible.unit(4).reward.reasons == ("未完成年度目标任务", "排名不在奖励名次内")
    assert got[5] == got[6] == (5, 4, D("15"))  # 4th among the eligible units


def test_ambiguity_g_gives_the_same_rewards_when_every_unit_qualifies():
    units = [u(i, c=10, f=10) for i in range(1, 6)]
    projects = [bonus(1, 4), bonus(2, 3), bonus(3, 2), bonus(4, 1)]
    literal = [(x.unit_id, x.reward.amount_wan) for x in score(units, projects=projects).ranking]
    eligible = [
        (x.unit_id, x.reward.amount_wan) for x in score(units, projects=projects, reward_places="eligible").ranking
    ]
    assert literal == eligible
