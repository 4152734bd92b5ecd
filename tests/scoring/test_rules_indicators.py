"""Indicators 1–4 on plain data, with expectations computed by hand."""

from decimal import Decimal

from scoring.rules import Credited
from tests.scoring.rulekit import score, unit

D = Decimal


def test_contract_indicator_is_completion_times_twenty():
    result = score([unit(1, tc=30, c="12.34")]).unit(1)
    # 12.34 / 30 × 20 = 8.2266… → 8.23
    assert result.contract.score == D("8.23")
    assert result.contract.value == D("0.4113")
    assert "12.3400 ÷ 30.0000 × 20" in result.contract.formula


def test_funds_indicator_is_completion_times_thirty():
    result = score([unit(1, tf=4, f="3.1")]).unit(1)
    assert result.funds.score == D("23.25")  # 3.1 / 4 × 30


def test_funds_weight_follows_ambiguity_a():
    result = score([unit(1, tf=4, f="3.1")], weight_funds=D("40")).unit(1)
    assert result.funds.score == D("31.00")  # 3.1 / 4 × 40


def test_indicators_one_and_two_are_capped_at_their_weight():
    result = score([unit(1, tc=30, c=45, tf=4, f=9)]).unit(1)
    assert (result.contract.score, result.funds.score) == (D("20.00"), D("30.00"))
    assert result.contract.note == "已达权重上限"


def test_zero_target_scores_in_full_with_any_confirmed_amount_by_default():
    units = [unit(1, tc=0, c="0.5", tf=0, f=0), unit(2, tc=0, c=0)]
    scores = score(units)
    assert scores.unit(1).contract.score == D("20.00")
    assert scores.unit(1).funds.score == D("0.00")  # nothing confirmed
    assert scores.unit(2).contract.score == D("0.00")
    assert scores.unit(1).contract.value is None


def test_zero_target_scores_nothing_under_the_alternative_setting():
    assert score([unit(1, tc=0, c="0.5")], zero_target="zero").unit(1).contract.score == D("0.00")


def funds_rate_units():
    return [
        unit(1, c=10, f=2),  # r = 0.2
        unit(2, c=4, f=2),  # r = 0.5
        unit(3, c=5, f="1.5"),  # r = 0.3
        unit(4, c=0, f=1),  # no new contract, some funds
        unit(5, c=0, f=0),
    ]


def test_funds_rate_is_relative_to_the_average_of_units_with_contracts():
    scores = score(funds_rate_units())
    # average of 0.2, 0.5, 0.3 = 1/3; units 4 and 5 are left out (ambiguity C)
    assert scores.unit(1).funds_rate.average == D("0.3333")
    assert scores.unit(1).funds_rate.score == D("12.00")  # 0.2 ÷ ⅓ × 20
    assert scores.unit(2).funds_rate.score == D("20.00")  # 30 capped at 20
    assert scores.unit(3).funds_rate.score == D("18.00")  # 0.3 ÷ ⅓ × 20


def test_funds_rate_without_contracts_scores_full_with_funds_by_default():
    scores = score(funds_rate_units())
    assert scores.unit(4).funds_rate.value is None
    assert scores.unit(4).funds_rate.in_average is False
    assert scores.unit(4).funds_rate.score == D("20.00")
    assert scores.unit(5).funds_rate.score == D("0.00")


def test_funds_rate_without_contracts_scores_nothing_under_the_alternative_setting():
    scores = score(funds_rate_units(), funds_rate_without_contracts="zero")
    assert scores.unit(4).funds_rate.score == D("0.00")
    assert scores.unit(1).funds_rate.score == D("12.00")  # the average is unchanged


def test_zero_average_scores_the_indicator_zero_for_everyone():
    scores = score([unit(1, c=5, f=0), unit(2, c=3, f=0), unit(3, c=0, f=2)])
    assert scores.unit(1).funds_rate.score == D("0.00")
    assert scores.unit(2).funds_rate.score == D("0.00")
    assert scores.unit(1).funds_rate.average == D("0.0000")
    assert scores.unit(3).funds_rate.score == D("0.00")  # "0 for everyone", even a unit left out of the average


def test_without_any_unit_in_the_average_the_left_out_units_keep_their_ambiguity_c_score():
    scores = score([unit(1, c=0, f=2), unit(2, c=0, f=0)])
    assert scores.unit(1).funds_rate.average is None
    assert (scores.unit(1).funds_rate.score, scores.unit(2).funds_rate.score) == (D("20.00"), D("0.00"))


def start_rate_units():
    return [unit(1, signed=4, started=3), unit(2, signed=2, started=1), unit(3, signed=0, started=0)]


def test_start_rate_is_relative_to_the_average_and_units_without_signings_are_left_out():
    scores = score(start_rate_units())
    # average of 0.75 and 0.5 = 0.625
    assert scores.unit(1).start_rate.average == D("0.6250")
    assert scores.unit(1).start_rate.score == D("20.00")  # 0.75 ÷ 0.625 × 20 = 24, capped
    assert scores.unit(2).start_rate.score == D("16.00")  # 0.5 ÷ 0.625 × 20
    assert scores.unit(3).start_rate.score == D("0.00")
    assert scores.unit(3).start_rate.value is None


def test_start_rate_alternative_counts_units_without_signings_as_zero_in_the_average():
    scores = score(start_rate_units(), start_rate_without_signings="include_zero")
    # average of 0.75, 0.5 and 0 = 5/12
    assert scores.unit(1).start_rate.average == D("0.4167")
    assert scores.unit(2).start_rate.score == D("20.00")  # 0.5 ÷ 5/12 × 20 = 24, capped
    assert scores.unit(3).start_rate.score == D("0.00")


def test_joint_amounts_use_the_shares_by_default_and_the_whole_under_the_alternative():
    joint = unit(1, tc=10, c=Credited(D("3"), D("5")), tf=10, f=Credited(D("1"), D("2")))
    assert score([joint]).unit(1).contract.score == D("6.00")  # 3 / 10 × 20
    whole = score([joint], joint_split="full").unit(1)
    assert (whole.contract.score, whole.funds.score) == (D("10.00"), D("6.00"))


def test_shares_of_start_counts_make_fractional_rates():
    a = unit(1, signed=Credited(D("1.5"), D("2")), started=Credited(D("0.5"), D("1")))
    b = unit(2, signed=1, started=1)
    scores = score([a, b])
    # k1 = 0.5 / 1.5 = ⅓, k2 = 1; average ⅔; score1 = ⅓ ÷ ⅔ × 20 = 10
    assert scores.unit(1).start_rate.value == D("0.3333")
    assert scores.unit(1).start_rate.score == D("10.00")
