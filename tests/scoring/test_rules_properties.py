"""Laws of the rules, checked with hypothesis on generated plain data."""

import datetime as dt
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.rules import Credited, UnitFigures, share_of
from tests.scoring.rulekit import bonus_project, score

amounts = st.decimals(min_value=0, max_value=500, places=4, allow_nan=False, allow_infinity=False)
targets = st.decimals(min_value=0, max_value=100, places=4, allow_nan=False, allow_infinity=False)
counts = st.integers(min_value=0, max_value=30)


@st.composite
def unit_figures(draw, uid):
    signed = draw(counts)
    started = draw(st.integers(min_value=0, max_value=signed))
    c, f = draw(amounts), draw(amounts)
    return UnitFigures(
        unit_id=uid,
        name=f"单位{uid}",
        signed_target=draw(targets),
        funded_target=draw(targets),
        contract=Credited(c, c),
        funds=Credited(f, f),
        signed_projects=Credited(Decimal(signed), Decimal(signed)),
        started_projects=Credited(Decimal(started), Decimal(started)),
    )


@st.composite
def years(draw):
    n = draw(st.integers(min_value=1, max_value=8))
    return [draw(unit_figures(uid)) for uid in range(1, n + 1)]


SETTINGS = st.fixed_dictionaries(
    {
        "zero_target": st.sampled_from(["full_if_any", "zero"]),
        "funds_rate_without_contracts": st.sampled_from(["full_if_funds", "zero"]),
        "start_rate_without_signings": st.sampled_from(["exclude", "include_zero"]),
        "weight_funds": st.sampled_from([Decimal("30"), Decimal("40")]),
    }
)


@settings(max_examples=150, deadline=None)
@given(units=years(), options=SETTINGS)
def test_no_indicator_exceeds_its_weight_nor_falls_below_zero(units, options):
    for result in score(units, **options).units:
        for indicator in result.indicators:
            assert 0 <= indicator.score_exact <= indicator.weight
            assert 0 <= indicator.score <= indicator.weight
        assert 0 <= result.daily.score_exact <= result.daily.weight


@settings(max_examples=150, deadline=None)
@given(units=years(), more_c=amounts, more_f=amounts, options=SETTINGS)
def test_indicators_one_and_two_never_fall_when_a_units_confirmed_amounts_rise(units, more_c, more_f, options):
    before = score(units, **options).unit(1)
    first = units[0]
    raised = UnitFigures(
        **{
            **first.__dict__,
            "contract": first.contract + Credited(more_c, more_c),
            "funds": first.funds + Credited(more_f, more_f),
        }
    )
    after = score([raised, *units[1:]], **options).unit(1)
    assert after.contract.score_exact >= before.contract.score_exact
    assert after.funds.score_exact >= before.funds.score_exact


shares_strategy = st.lists(st.integers(min_value=1, max_value=9999), min_size=1, max_size=5).map(
    lambda parts: [Decimal(p) for p in parts]
)


def to_percent_shares(parts):
    """Whole-cent percentages summing to exactly 100, as the project form enforces."""
    total = sum(parts)
    shares = [(p * 10000 // total) / Decimal(100) for p in parts]
    shares[0] += Decimal(100) - sum(shares)
    return shares


@settings(max_examples=200, deadline=None)
@given(amount=amounts, parts=shares_strategy)
def test_the_shares_of_a_joint_amount_add_up_to_the_whole(amount, parts):
    shares = to_percent_shares(parts)
    if any(s <= 0 for s in shares):
        return
    assert sum(share_of(amount, s) for s in shares) == amount


@settings(max_examples=100, deadline=None)
@given(amount=amounts, parts=shares_strategy)
def test_the_shares_of_a_joint_projects_bonus_add_up_to_its_points(amount, parts):
    shares = to_percent_shares(parts)
    if any(s <= 0 for s in shares):
        return
    credits = tuple((uid, s) for uid, s in enumerate(shares, start=1))
    project = bonus_project(1, amount=amount, tags={"global500"}, credits=credits)
    units = [UnitFigures(unit_id=uid, name=str(uid)) for uid, _ in credits]
    results = score(units, projects=[project])
    whole = score([UnitFigures(unit_id=1, name="1")], projects=[bonus_project(1, amount=amount, tags={"global500"})])
    assert sum(r.bonus.score_exact for r in results.units) == whole.unit(1).bonus.score_exact


@settings(max_examples=100, deadline=None)
@given(units=years(), bonuses=st.lists(st.integers(min_value=0, max_value=4), min_size=8, max_size=8))
def test_reading_places_among_eligible_units_never_takes_a_reward_away_nor_gives_one_to_an_unqualified_unit(
    units, bonuses
):
    projects = [
        bonus_project(uid, amount={0: 0, 1: 1, 2: 3, 3: 5, 4: 10}[b], tags={"global500"}, credits=((uid, 100),))
        for uid, b in zip(range(1, len(units) + 1), bonuses, strict=False)
        if b
    ]
    literal = score(units, projects=projects)
    eligible = score(units, projects=projects, reward_places="eligible")
    for a, b in zip(literal.units, eligible.units, strict=True):
        assert a.rank == b.rank and a.total == b.total
        if a.reward.eligible:
            assert b.reward.eligible and b.reward.amount_wan >= a.reward.amount_wan
        if b.reward.eligible:
            assert b.targets_met and b.total >= 80
    # a place among the eligible is never worse than the overall rank
    assert all(b.reward.place <= b.rank for b in eligible.units if b.reward.place is not None)


@settings(max_examples=100, deadline=None)
@given(
    amount=amounts,
    kind=st.sampled_from(["manufacturing", "producer_service", "other"]),
    service_kind=st.sampled_from(["", "R", "05"]),
    major=st.booleans(),
    requires_major=st.booleans(),
    industrial=st.booleans(),
)
def test_a_bonus_award_is_one_of_the_scheme_tiers_and_never_more_than_the_top_of_its_ladders(
    amount, kind, service_kind, major, requires_major, industrial
):
    from scoring.rules import Rules, project_award

    rules = Rules(year=2023, service_requires_major=requires_major, industrial_ladder=industrial)
    project = bonus_project(1, amount=amount, kind=kind, service_kind=service_kind, major=major)
    award = project_award(project, rules, year=2023, as_of=dt.date(2023, 12, 31))
    if award is None:
        return
    assert award.tier in rules.bonus_major_tiers + rules.bonus_service_tiers
    if award.ladder == "service":
        assert service_kind and (major or not requires_major)
    if award.ladder == "industrial":
        assert industrial and kind == "manufacturing" and amount >= rules.industrial_threshold
