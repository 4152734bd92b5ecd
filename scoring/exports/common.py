"""Small helpers the page exports share: numbers rounded exactly as the templates' filters show them."""

from decimal import Decimal

from django.template.defaultfilters import floatformat

from core import formatting
from core.tables import Row, Value


def shown(value, places: int) -> Decimal | None:
    """The number ``{{ value|floatformat:"-places" }}`` shows, as a Decimal (60.00 → 60, 33.333 → 33.33)."""
    if value is None or value == "":
        return None
    return Decimal(str(floatformat(value, -places)))


def plain(value) -> Decimal:
    """``{{ value|plain }}``: a decimal without trailing zeros (155.8000 → 155.8)."""
    return Decimal(formatting.plain(value))


def none_row(columns, text="无") -> Row:
    """The page's "无" line of an empty table, across every column."""
    return Row([Value(None, text=text, colspan=len(columns))] + [None] * (len(columns) - 1))


def cut_off_notes(as_of, warning: str) -> list[str]:
    """The cut-off the figures are at, and why the one asked for was not used (as the page says it)."""
    notes = [f"截至 {as_of:%Y-%m-%d}；仅计已认定记录。"]
    if warning:
        notes.append(warning)
    return notes
