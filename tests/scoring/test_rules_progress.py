"""Time progress and the five-colour bands (DOMAIN.md §5.3)."""

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest

from scoring.rules import Rules, band, funds_time_progress, half_up, progress, time_progress

D = Decimal
RULES = Rules(year=2023)


def test_time_progress_is_months_elapsed_over_twelve():
    assert half_up(time_progress(dt.date(2023, 10, 31)), 4) == D("0.8333")
    assert time_progress(dt.date(2023, 12, 31)) == 1


@pytest.mark.parametrize(
    ("month", "percent"),
    [
        (1, "3.3"),
        (2, "6.7"),
        (3, "10.0"),
        (4, "23.3"),
        (5, "36.7"),
        (6, "50.0"),
        (7, "60.0"),
        (9, "80.0"),
        (10, "86.7"),
        (12, "100.0"),
    ],
)
def test_funds_time_progress_follows_the_quarterly_milestones_linearly(month, percent):
    assert half_up(funds_time_progress(dt.date(2023, month, 28), RULES) * 100, 1) == D(percent)


def test_funds_time_progress_uses_the_years_milestones():
    rules = Rules(year=2023, milestones=(D("20"), D("50"), D("80"), D("100")))
    assert funds_time_progress(dt.date(2023, 3, 31), rules) == Fraction(1, 5)
    assert funds_time_progress(dt.date(2023, 3, 31), Rules(year=2023, funds_progress="months")) == Fraction(1, 4)


@pytest.mark.parametrize(
    ("completion", "expected"),
    [
        ("1.00", "green"),
        ("1.20", "green"),
        ("0.84", "blue"),
        ("0.8333", "yellow"),
        ("0.7334", "yellow"),
        ("0.7333", "orange"),
        ("0.5334", "orange"),
        ("0.5333", "red"),
        ("0", "red"),
    ],
)
def test_bands_compare_completion_with_time_progress_in_points(completion, expected):
    t = Fraction(10, 12)  # 83.33 %
    assert band(Fraction(D(completion)), t, RULES).code == expected


def test_progress_reports_completion_gap_and_colour():
    p = progress("正式合同额", D("200"), D("300"), time_progress(dt.date(2023, 10, 31)), RULES)
    assert p.completion == D("0.6667")
    assert p.gap_points == D("-16.7")
    assert (p.band.code, p.band.label) == ("orange", "橙")
    assert p.expected == D("250.0000")
