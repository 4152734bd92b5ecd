"""Guarantee-unit ratings and the 2-point appraisal by deduction, on plain data."""

import datetime as dt
from decimal import Decimal

from scoring.rules import (
    Criterion,
    Finding,
    RatingInput,
    Rules,
    appraisals,
    check_criteria,
    check_rating,
    guarantee_scores,
)

D = Decimal
RULES = Rules(year=2023)
NAMES = ("手续办理", "要素保障", "营商环境", "征地拆迁", "用工保障")


def rating(rid, unit_id, *points):
    return RatingInput(rid, unit_id, tuple(zip(NAMES, (D(str(p)) for p in points), strict=True)))


def test_a_guarantee_unit_scores_the_average_of_its_ratings_out_of_100():
    ratings = (rating(1, 1, 20, 18, 17, 16, 19), rating(2, 1, 15, 15, 15, 15, 15), rating(3, 2, 20, 20, 20, 20, 20))
    results = guarantee_scores(((1, "县税务局"), (2, "大昌镇"), (3, "县人力社保局")), ratings, RULES)
    by_id = {g.unit_id: g for g in results}
    assert by_id[1].score == D("82.50")  # (90 + 75) / 2
    assert dict(by_id[1].criteria_shown)["手续办理"] == D("17.50")
    assert (by_id[2].rank, by_id[1].rank, by_id[3].rank) == (1, 2, None)
    assert (by_id[2].reward_wan, by_id[1].reward_wan) == (D("5"), D("5"))
    assert by_id[3].score is None and by_id[3].reward_wan is None
    assert [g.unit_id for g in results] == [2, 1, 3]


def test_guarantee_rewards_need_eighty_and_ranks_three_four_get_three_wan():
    ratings = tuple(rating(i, i, *(s,) * 5) for i, s in enumerate([19, 18, 17, 16, 15], start=1))
    results = guarantee_scores(tuple((i, f"单位{i}") for i in range(1, 6)), ratings, RULES)
    got = [(g.score, g.rank, g.reward_wan, g.excellent) for g in results]
    assert got == [
        (D("95.00"), 1, D("5"), True),
        (D("90.00"), 2, D("5"), True),
        (D("85.00"), 3, D("3"), False),
        (D("80.00"), 4, D("3"), False),
        (D("75.00"), 5, None, False),
    ]


def test_a_rating_is_checked_against_the_criteria():
    criteria = RULES.guarantee_criteria
    assert check_rating(dict(zip(NAMES, ["20", "0", "12.5", "7", "19.9"], strict=True)), criteria) == {}
    errors = check_rating({"手续办理": "21", "要素保障": "-1", "营商环境": "abc", "征地拆迁": "1.25"}, criteria)
    assert set(errors) == set(NAMES)
    assert errors["用工保障"] == "请为“用工保障”打分"


def test_criteria_must_be_named_once_and_add_up_to_100():
    assert check_criteria(RULES.guarantee_criteria) == []
    bad = (Criterion("手续办理", D("50")), Criterion("手续办理", D("40")))
    assert check_criteria(bad) == ["指标名称不能重复", "各项指标分值之和必须为100，现为90"]


def test_the_two_point_appraisal_deducts_per_finding_down_to_zero():
    findings = tuple(Finding(i, 1, dt.date(2023, 1 + i % 12, 1), "外出招商") for i in range(25))
    found = (Finding(99, 2, dt.date(2023, 3, 1), "项目签约", "无签约佐证"),)
    results = {a.unit_id: a for a in appraisals(((1, "大昌镇"), (2, "福田镇"), (3, "双龙镇")), findings + found, RULES)}
    assert results[1].score == D("0.00")  # 2 − 25 × 0.1, floor 0
    assert results[2].score == D("1.90")
    assert results[3].score == D("2.00")
