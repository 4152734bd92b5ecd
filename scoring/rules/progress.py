"""Time progress (序时进度) and the five-colour bands (DOMAIN.md §5.3)."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from scoring.rules.numbers import ZERO, exact, half_up
from scoring.rules.scheme import Band, Rules

HUNDRED = Fraction(100)


def time_progress(as_of: dt.date) -> Fraction:
    """Contract amount, visits and other yearly counts: months elapsed / 12; the cut-off's month counts as elapsed,
    as in the bulletin of that month (October → 10/12)."""
    return Fraction(as_of.month, 12)


def funds_time_progress(as_of: dt.date, rules: Rules) -> Fraction:
    """Funds in place: the plan's quarterly milestones, linear in between (Jan 3.3 %, Feb 6.7 %, Mar 10 %, Apr 23.3 %)."""
    if rules.funds_progress == "months":
        return time_progress(as_of)
    month = as_of.month
    quarter = (month - 1) // 3
    before = exact(rules.milestones[quarter - 1]) if quarter else ZERO
    at_end = exact(rules.milestones[quarter])
    return (before + (at_end - before) * Fraction(month - 3 * quarter, 3)) / HUNDRED


def quarter_milestone(as_of: dt.date, rules: Rules) -> tuple[int, Decimal]:
    """The quarter the cut-off falls in and the share of the funded target due by its end (percent)."""
    quarter = (as_of.month - 1) // 3
    return quarter + 1, rules.milestones[quarter]


def completion(actual: Decimal, target: Decimal) -> Fraction | None:
    return exact(actual) / exact(target) if target > 0 else None


def band(done: Fraction | None, progress: Fraction, rules: Rules) -> Band:
    """绿 c ≥ 100 % · 蓝 c ≥ t · 黄 t − 10 ≤ c < t · 橙 t − 30 ≤ c < t − 10 · 红 below (points are percentage points).
    A zero target counts as met (green)."""
    if done is None:
        return rules.band("green")
    c, t = done * HUNDRED, progress * HUNDRED
    if c >= exact(rules.band_green_at):
        return rules.band("green")
    if c >= t:
        return rules.band("blue")
    if c >= t - exact(rules.band_yellow_within):
        return rules.band("yellow")
    if c >= t - exact(rules.band_orange_within):
        return rules.band("orange")
    return rules.band("red")


@dataclass(frozen=True)
class Progress:
    """An actual figure against its annual target and time progress, with its colour."""

    label: str
    actual: Decimal
    target: Decimal
    progress_exact: Fraction
    band: Band
    unit: str = "亿元"

    @property
    def completion_exact(self) -> Fraction | None:
        return completion(self.actual, self.target)

    @property
    def completion(self) -> Decimal | None:
        done = self.completion_exact
        return None if done is None else half_up(done, 4)

    @property
    def progress(self) -> Decimal:
        return half_up(self.progress_exact, 4)

    @property
    def gap_points(self) -> Decimal | None:
        """完成率 − 序时进度, in percentage points (positive: ahead)."""
        done = self.completion_exact
        return None if done is None else half_up((done - self.progress_exact) * HUNDRED, 1)

    @property
    def expected(self) -> Decimal:
        """What time progress asks for by the cut-off."""
        return half_up(exact(self.target) * self.progress_exact, 4)


def progress(label: str, actual, target, progress_exact: Fraction, rules: Rules, unit: str = "亿元") -> Progress:
    actual, target = Decimal(actual), Decimal(target)
    return Progress(
        label, actual, target, progress_exact, band(completion(actual, target), progress_exact, rules), unit
    )
