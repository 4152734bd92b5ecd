"""Exact arithmetic and the one rounding rule.

Amounts arrive as ``Decimal`` (exact). Ratios and scores are kept as ``Fraction`` (exact rationals: 1/3 stays 1/3), so
that the only rounding anywhere is the final half-up to the places shown.
"""

from decimal import Decimal
from fractions import Fraction

ZERO = Fraction(0)
HUNDRED = Decimal("100")


def exact(value) -> Fraction:
    """A Decimal, int, str or Fraction as an exact rational."""
    if isinstance(value, Fraction):
        return value
    if isinstance(value, str):
        return Fraction(Decimal(value))
    return Fraction(value)


def half_up(value, places: int = 2) -> Decimal:
    """Round an exact value half away from zero to ``places`` decimals: 8.225 → 8.23, 1/3 → 0.33."""
    f = exact(value)
    num, den = abs(f.numerator), f.denominator
    digits = (2 * num * 10**places + den) // (2 * den)  # floor(|x| · 10^places + ½), in integers
    sign = 1 if f < 0 and digits else 0
    return Decimal((sign, tuple(int(c) for c in str(digits)), -places))


def maybe_half_up(value, places: int = 4) -> Decimal | None:
    return None if value is None else half_up(value, places)


def share_of(amount: Decimal, share: Decimal) -> Decimal:
    """A unit's part of an amount by its share in percent; exact (amount has 4 places, share 2)."""
    return amount * share / HUNDRED


def fmt(value, places: int = 4) -> str:
    """An exact value as shown in a formula: rounded half-up, trailing zeros kept to ``places``."""
    return f"{half_up(value, places):f}"
