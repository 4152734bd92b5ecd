"""The bonus: two ladders, highest tier only, first-contract year only, split by shares."""

import datetime as dt
from decimal import Decimal

import pytest

from scoring.rules import Rules, project_award
from tests.scoring.rulekit import bonus_project, score, unit

D = Decimal
RULES = Rules(year=2023)
AS_OF = dt.date(2023, 12, 31)


@pytest.mark.parametrize(
    ("amount", "points"),
    [
        ("0.9999", None),
        ("1", "1"),
        ("2.9999", "1"),
        ("3", "2"),
        ("4.5", "2"),
        ("5", "3"),
        ("9.99", "3"),
        ("10", "4"),
        ("80", "4"),
    ],
)
def test_a_tagged_investor_project_earns_the_tier_of_its_amount(amount, points):
    award = project_award(bonus_project(1, amount=amount, tags={"global500"}), RULES, year=2023, as_of=AS_OF)
    assert (award.points if award else None) == (D(points) if points else None)


@pytest.mark.parametrize(
    ("amount", "points"), [("0.19", None), ("0.2", "1"), ("0.5", "2"), ("0.99", "2"), ("1", "3"), ("12", "3")]
)
def test_a_producer_service_project_of_a_listed_kind_earns_the_service_ladder(amount, points):
    project = bonus_project(1, amount=amount, kind="producer_service", service_kind="R")
    award = project_award(project, RULES, year=2023, as_of=AS_OF)
    assert (award.points if award else None) == (D(points) if points else None)


def test_an_untagged_project_or_one_of_no_listed_kind_earns_nothing():
    assert project_award(bonus_project(1, amount=20), RULES, year=2023, as_of=AS_OF) is None
    # the major flag alone is no listed kind
    service_without_kind = bonus_project(2, amount=2, kind="producer_service", major=True)
    assert project_award(service_without_kind, RULES, year=2023, as_of=AS_OF) is None


def test_a_project_on_both_ladders_scores_once_on_the_higher():
    project = bonus_project(1, amount="1.2", tags={"high_tech"}, kind="producer_service", service_kind="07")
    award = project_award(project, RULES, year=2023, as_of=AS_OF)
    assert (award.ladder, award.points) == ("service", D("3"))  # not 1 + 3
    result = score([unit(1)], projects=[project]).unit(1)
    assert result.bonus.score == D("3.00")
    assert len(result.bonus.items) == 1


def test_a_project_scores_only_in_the_year_of_its_first_formal_contract():
    earlier = bonus_project(1, amount=12, tags={"central_soe"}, first="2022-11-30")
    assert project_award(earlier, RULES, year=2023, as_of=AS_OF) is None
    later = bonus_project(2, amount=12, tags={"central_soe"}, first="2023-07-01")
    assert project_award(later, RULES, year=2023, as_of=dt.date(2023, 6, 30)) is None
    assert project_award(later, RULES, year=2023, as_of=dt.date(2023, 7, 1)).points == D("4")


def test_only_the_scheme_tags_qualify():
    project = bonus_project(1, amount=5, tags={"unicorn"})
    assert project_award(project, Rules(year=2023, bonus_tags=("global500",)), year=2023, as_of=AS_OF) is None


def test_joint_project_points_are_split_by_the_shares():
    project = bonus_project(1, amount=10, tags={"global500"}, credits=((1, "60"), (2, "40")))
    scores = score([unit(1), unit(2)], projects=[project])
    assert (scores.unit(1).bonus.score, scores.unit(2).bonus.score) == (D("2.40"), D("1.60"))
    whole = score([unit(1), unit(2)], projects=[project], joint_split="full")
    assert (whole.unit(1).bonus.score, whole.unit(2).bonus.score) == (D("4.00"), D("4.00"))


def test_bonus_points_add_up_over_projects_without_a_cap():
    projects = [bonus_project(i, amount=10, tags={"global500"}) for i in range(1, 8)]
    assert score([unit(1)], projects=projects).unit(1).bonus.score == D("28.00")


def test_changed_tiers_change_the_award():
    rules = Rules(year=2023, bonus_major_tiers=(Rules(year=2023).bonus_major_tiers[0],))
    award = project_award(bonus_project(1, amount=12, tags={"global500"}), rules, year=2023, as_of=AS_OF)
    assert award.points == D("1")


def test_ambiguity_e_can_also_require_the_major_flag():
    rules = Rules(year=2023, service_requires_major=True)
    plain = bonus_project(1, amount=1, kind="producer_service", service_kind="03")
    major = bonus_project(2, amount=1, kind="producer_service", service_kind="03", major=True)
    assert project_award(plain, RULES, year=2023, as_of=AS_OF).points == D("3")  # default: kind and amount
    assert project_award(plain, rules, year=2023, as_of=AS_OF) is None
    assert project_award(major, rules, year=2023, as_of=AS_OF).points == D("3")


@pytest.mark.parametrize(("amount", "points"), [("99.9999", None), ("100", "4"), ("250", "4")])
def test_ambiguity_f_a_hundred_billion_industrial_project_earns_the_major_ladder_untagged(amount, points):
    project = bonus_project(1, amount=amount, kind="manufacturing")
    award = project_award(project, RULES, year=2023, as_of=AS_OF)
    assert (award.points if award else None) == (D(points) if points else None)
    if award:
        assert award.ladder == "industrial" and "百亿级工业" in award.ladder_label


def test_ambiguity_f_off_or_not_industrial_earns_nothing_untagged():
    big = bonus_project(1, amount=150, kind="manufacturing")
    assert project_award(big, Rules(year=2023, industrial_ladder=False), year=2023, as_of=AS_OF) is None
    assert project_award(bonus_project(2, amount=150, kind="other"), RULES, year=2023, as_of=AS_OF) is None
    lower = Rules(year=2023, industrial_threshold=D("50"))
    assert project_award(bonus_project(3, amount=60, kind="manufacturing"), lower, year=2023, as_of=AS_OF).points == 4
