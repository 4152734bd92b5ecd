"""The year-end forecast: a linear run-rate for contracts, the milestone path for funds, flagged by the year's bands."""

import datetime as dt
from decimal import Decimal

from reports.dashboards import forecast as fc
from scoring.rules import Rules

RULES = Rules(year=2023)


def test_contracts_run_at_the_average_month_so_far():
    f = fc.contract_forecast(Decimal("100"), Decimal("300"), dt.date(2023, 6, 30), RULES)
    assert f.projected == Decimal("200.0000")  # 100 in six months → 200 in twelve
    assert f.completion == Decimal("0.6667")
    assert f.at_risk and f.band.code == "red"  # 33 points short
    assert f.monthly_pace == Decimal("16.6667") and f.needed_pace == Decimal("33.3333")


def test_funds_follow_the_milestone_path_not_a_straight_line():
    # end of June: the path asks for 50 % of the target; 35 of 70 is exactly on it
    f = fc.funds_forecast(Decimal("35"), Decimal("70"), dt.date(2023, 6, 30), RULES)
    assert f.projected == Decimal("70.0000") and f.completion == Decimal("1.0000")
    assert not f.at_risk and f.band.code == "green"
    # a straight line would have projected 70 too at June; at April the path asks 23.3 %, not 33.3 %
    april = fc.funds_forecast(Decimal("14"), Decimal("70"), dt.date(2023, 4, 30), RULES)
    assert april.projected == Decimal("60.0000")


def test_bands_of_the_projection_are_the_years_bands_against_100_percent():
    def band(actual):
        return fc.contract_forecast(Decimal(actual), Decimal("100"), dt.date(2023, 12, 31), RULES).band.code

    assert band("100") == "green"
    assert band("95") == "yellow"
    assert band("80") == "orange"
    assert band("60") == "red"


def test_a_zero_target_is_never_at_risk_and_nothing_done_is():
    assert not fc.contract_forecast(Decimal("0"), Decimal("0"), dt.date(2023, 3, 31), RULES).at_risk
    nothing = fc.funds_forecast(Decimal("0"), Decimal("5"), dt.date(2023, 3, 31), RULES)
    assert nothing.at_risk and nothing.projected == Decimal("0.0000")


def test_paths_end_at_the_target():
    assert fc.time_path(Decimal("300"))[-1] == Decimal("300.0000")
    assert fc.time_path(Decimal("300"))[9] == Decimal("250.0000")
    path = fc.milestone_path(Decimal("70"), RULES, 2023)
    assert [path[2], path[5], path[8], path[11]] == [
        Decimal("7.0000"),
        Decimal("35.0000"),
        Decimal("56.0000"),
        Decimal("70.0000"),
    ]
