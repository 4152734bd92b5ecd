"""Number and money formatting for every page, the PDF and the exports: one place, one rounding rule.

Plain functions (no Django): the template filters in ``core/templatetags/money.py`` are thin wrappers over them, and
Python code (tables, charts, exports, messages) calls them directly.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

TEN_THOUSAND = Decimal("10000")


def to_decimal(value) -> Decimal | None:
    """A Decimal of a number or numeric text; None for blank or anything else."""
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):
        return value
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def quantize(value, places: int = 2) -> Decimal | None:
    """Round half-up to ``places`` decimals, the rule of every figure the system shows or exports."""
    d = to_decimal(value)
    if d is None:
        return None
    return d.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def plain(value) -> str:
    """A decimal as people write it, without trailing zeros or an exponent: 155.8000 → 155.8, 1E+2 → 100."""
    d = value if isinstance(value, Decimal) else Decimal(str(value))
    return f"{d.normalize():f}"


def decimals(value, places: int) -> str:
    """``floatformat`` with ``-places`` (an integer as itself, anything else with ``places`` decimals, half up),
    without its localisation machinery, which cost more than the rest of a row."""
    d = value if isinstance(value, Decimal) else Decimal(str(value))
    if d == d.to_integral_value():
        return str(int(d))
    return f"{d.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP):f}"


def iso_day(value) -> str:
    """A date as the tables write it, 2023-03-09 (``|date:"Y-m-d"``); "" for none."""
    return value.strftime("%Y-%m-%d") if value else ""


def _group(d: Decimal, places: int) -> str:
    return f"{d:,.{places}f}"


def yi(value, places=2) -> str:
    """An amount in 亿元, shown with ``places`` decimals (default 2): 12.3456 → 12.35."""
    d = quantize(value, int(places))
    return "—" if d is None else _group(d, int(places))


def yi_target(value) -> str:
    """A target in 亿元 as stored, two to four decimals so no stored digit is hidden: 30 → 30.00, 0.0125 → 0.0125."""
    d = to_decimal(value)
    if d is None:
        return "—"
    places = max(2, min(4, -d.normalize().as_tuple().exponent))
    return _group(quantize(d, places), places)


def wan(value, places=0) -> str:
    """An amount held in 亿元, shown in 万元: 0.0125 → 125."""
    d = to_decimal(value)
    if d is None:
        return "—"
    d = quantize(d * TEN_THOUSAND, int(places))
    return _group(d, int(places))


def score(value) -> str:
    """A score, two decimals half-up."""
    d = quantize(value, 2)
    return "—" if d is None else f"{d:.2f}"


def pct(value, places=1) -> str:
    """A ratio (0.8333) as a percentage (83.3%)."""
    d = to_decimal(value)
    if d is None:
        return "—"
    return f"{quantize(d * 100, int(places)):.{int(places)}f}%"


def points(value, places=1) -> str:
    """A gap in percentage points with its sign: +3.2 / −4.0."""
    d = quantize(value, int(places))
    if d is None:
        return "—"
    sign = "+" if d > 0 else ("−" if d < 0 else "")
    return f"{sign}{abs(d):.{int(places)}f}"
