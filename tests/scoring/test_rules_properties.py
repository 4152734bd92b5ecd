"""Laws of the rules, checked with hypothesis on generated plain data."""

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
