"""One description of a report table, shown on screen, printed in the PDF and exported to .xlsx alike.

A ``Table`` holds the values (Decimals, as computed), each column's kind says how they are rounded and shown
(through core/formatting.py) and which Excel number format they get; the value written to Excel is the
value rounded exactly as shown, so the screen, the PDF and the workbook agree to the cent.

    Table(title="各单位完成情况", unit="单位：亿元",
          columns=[Column("unit", "责任单位"), Column("signed", "签约资金", "amount"), Column("rate", "完成率", "pct")],
          rows=[Row(["县文化旅游委", Decimal("12.3456"), Decimal("0.4115")]), Row(["合计", …], kind="total")])
"""

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from core.formatting import pct, points, quantize, score, wan, yi

# The template context key under which {% report_table %} collects each PDF table's CSS (column widths, cell
# colours); reports.pdf hands it to WeasyPrint as a stylesheet, so no template needs <style> or style=.
STYLE_COLLECTOR = "_pdf_styles"


@dataclass(frozen=True)
class Kind:
    """How a column's values are rounded, shown and formatted in Excel."""

    places: int | None  # decimals kept in the Excel value (None: as given)
    number_format: str
    align: str = "num"
    is_text: bool = False

    def display(self, value) -> str:
        raise NotImplementedError

    def excel(self, value):
        return quantize(value, self.places)


class Text(Kind):
    def display(self, value) -> str:
        return "" if value is None else str(value)

    def excel(self, value):
        return value


class Amount(Kind):
    def display(self, value) -> str:
        return yi(value, self.places)


class Wan(Kind):
    """An amount held in 亿元, shown and exported in 万元."""

    def display(self, value) -> str:
        return wan(value, self.places)

    def excel(self, value):
        return quantize(Decimal(str(value)) * 10000, self.places)


class Score(Kind):
    def display(self, value) -> str:
        return score(value)


class Percent(Kind):
    """A ratio (0.8333), shown as 83.3%: Excel keeps the ratio rounded to the shown places, formatted as percent."""

    def display(self, value) -> str:
        return pct(value, self.places - 2)


class Points(Kind):
    def display(self, value) -> str:
        return points(value, self.places)


class Integer(Kind):
    def display(self, value) -> str:
        return f"{int(value):,}"

    def excel(self, value):
        return int(value)


class Plain(Kind):
    """A number shown with the decimals it carries (for tables whose columns are not described)."""

    def display(self, value) -> str:
        return f"{value:,}" if isinstance(value, Decimal | int) else str(value)

    def excel(self, value):
        return value


KINDS: dict[str, Kind] = {
    "text": Text(None, "@", align="text", is_text=True),
    "center": Text(None, "@", align="c", is_text=True),
    "band": Text(None, "@", align="pre", is_text=True),  # a five-colour cell: centred, line breaks kept
    "amount": Amount(2, "#,##0.00"),  # 亿元, two decimals as the plan writes them
    "amount4": Amount(4, "#,##0.0000"),  # 亿元 as stored (1 万元)
    "wan": Wan(0, "#,##0"),
    "score": Score(2, "0.00"),
    "pct": Percent(3, "0.0%"),
    "pct2": Percent(4, "0.00%"),  # a rate as the score pages write it: 25.12%
    "points": Points(1, '+0.0;"−"0.0;0.0'),
    "int": Integer(0, "#,##0"),
    "number": Plain(None, "General"),
}


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    kind: str = "text"
    width: float | None = None  # Excel width in characters; None: fitted to the content

    @property
    def format(self) -> Kind:
        return KINDS[self.kind]


@dataclass(frozen=True)
class Value:
    """A cell with more than a value: its own text, a fill colour (the five-colour chart), bold, or a span."""

    value: Any
    text: str | None = None
    fill: str | None = None  # "#RRGGBB"
    font_colour: str | None = None
    bold: bool = False
    colspan: int = 1
    rowspan: int = 1


def band_cell(band, text=None) -> Value | None:
    """A five-colour cell: the band's name (readable in greyscale and in Excel), filled with its colour; yellow takes
    dark text."""
    if band is None:
        return None
    return Value(text or band.label, fill=band.colour, font_colour="#000000" if band.code == "yellow" else "#ffffff")


@dataclass(frozen=True)
class Row:
    """One value per column (cells covered by another cell's span are ignored); ``kind``: body, subtotal, total."""

    cells: Sequence[Any]
    kind: str = "body"


@dataclass(frozen=True)
class HeaderCell:
    text: str
    colspan: int = 1
    rowspan: int = 1


@dataclass(frozen=True)
class RenderedCell:
    text: str
    value: Any
    column: Column
    colspan: int = 1
    rowspan: int = 1
    fill: str | None = None
    font_colour: str | None = None
    bold: bool = False

    @property
    def css_class(self) -> str:
        return self.column.format.align

    @property
    def fill_class(self) -> str:
        """A class named after the cell's colours (``fill-c0392b-ffffff``), styled by ``Table.pdf_css``."""
        if not (self.fill or self.font_colour):
            return ""
        return f"fill-{(self.fill or '').lstrip('#')}-{(self.font_colour or '').lstrip('#')}"


@dataclass(frozen=True)
class Table:
    title: str
    columns: Sequence[Column]
    rows: Sequence[Row]
    header: Sequence[Sequence[HeaderCell]] | None = None  # several header rows; default: the column titles
    unit: str = ""  # 单位：亿元
    number: str = ""  # 表1
    notes: Sequence[str] = ()
    sheet_name: str = ""
    meta: Mapping[str, Any] = field(default_factory=dict)

    @property
    def caption(self) -> str:
        return f"{self.number} {self.title}".strip()

    def column_widths(self) -> list[float]:
        """Each column's width in characters (a CJK character counts 2): its ``width`` or the widest text in it."""
        widths = [c.width or text_units(c.title) for c in self.columns]
        for _row, cells in self.rendered_rows():
            for cell in cells:
                if cell.colspan == 1 and not cell.column.width:
                    i = self.columns.index(cell.column)
                    longest = max((text_units(line) for line in cell.text.split("\n")), default=0)
                    widths[i] = max(widths[i], longest)
        return [min(max(w, 4.0), 60.0) for w in widths]

    def column_percents(self) -> list[str]:
        """Shares of the table width for ``<col>`` elements, so the PDF lays the table out in fixed mode (fast)."""
        widths = [w + 2 for w in self.column_widths()]
        total = sum(widths)
        return [f"{100 * w / total:.2f}%" for w in widths]

    @property
    def css_id(self) -> str:
        """A stable id for the table's generated CSS (column widths, cell colours)."""
        key = repr((self.title, self.number, [(c.key, c.title) for c in self.columns], len(self.rows)))
        return "t" + hashlib.sha1(key.encode()).hexdigest()[:10]

    def pdf_css(self) -> str:
        """Rules for the PDF: each column's share of the width (fixed table layout, fast) and each colour pair of
        the cells (``!important``: WeasyPrint applies these as a user stylesheet, below the author's pdf.css)."""
        rules = [
            f"#{self.css_id} col:nth-child({i}) {{ width: {share} !important }}"
            for i, share in enumerate(self.column_percents(), start=1)
        ]
        seen = set()
        for _row, cells in self.rendered_rows():
            for cell in cells:
                if cell.fill_class and cell.fill_class not in seen:
                    seen.add(cell.fill_class)
                    declarations = []
                    if cell.fill:
                        declarations.append(f"background-color: {cell.fill} !important")
                    if cell.font_colour:
                        declarations.append(f"color: {cell.font_colour} !important")
                    rules.append(f".doc-table td.{cell.fill_class} {{ {'; '.join(declarations)} }}")
        return "\n".join(rules)

    def header_rows(self) -> list[list[HeaderCell]]:
        if self.header:
            return [list(row) for row in self.header]
        return [[HeaderCell(c.title) for c in self.columns]]

    def display(self, value, column: Column) -> str:
        if isinstance(value, Value):
            if value.text is not None:
                return value.text
            value = value.value
        if value is None or value == "":
            return "" if column.format.is_text else "—"
        return column.format.display(value)

    def rendered_rows(self) -> list[tuple[Row, list[RenderedCell]]]:
        """Rows as they print: covered cells left out, spans and fills resolved."""
        covered: set[tuple[int, int]] = set()
        out = []
        for r, row in enumerate(self.rows):
            cells = []
            for c, column in enumerate(self.columns):
                if (r, c) in covered:
                    continue
                raw = row.cells[c] if c < len(row.cells) else None
                extra = raw if isinstance(raw, Value) else Value(raw)
                for dr in range(extra.rowspan):
                    for dc in range(extra.colspan):
                        if dr or dc:
                            covered.add((r + dr, c + dc))
                cells.append(
                    RenderedCell(
                        text=self.display(raw, column),
                        value=extra.value,
                        column=column,
                        colspan=extra.colspan,
                        rowspan=extra.rowspan,
                        fill=colour(extra.fill),
                        font_colour=colour(extra.font_colour),
                        bold=extra.bold,
                    )
                )
            out.append((row, cells))
        return out


def colour(value: str | None) -> str | None:
    """``#rgb``/``#rrggbb`` in lower case, or None for anything else (colours come from data and end up in CSS)."""
    digits = (value or "").strip().lstrip("#")
    if not re.fullmatch(r"[0-9a-fA-F]{3}|[0-9a-fA-F]{6}", digits):
        return None
    return "#" + (digits if len(digits) == 6 else "".join(d * 2 for d in digits)).lower()


def text_units(text: str) -> float:
    """Width of ``text`` in Excel character units: CJK and full-width characters count 2."""
    return sum(2.0 if ord(c) >= 0x2E80 else 1.1 for c in str(text))


def _infer_kind(values: Iterable) -> str:
    seen = [v for v in values if v is not None and v != ""]
    if seen and all(isinstance(v, bool) for v in seen):
        return "text"
    if seen and all(isinstance(v, int) and not isinstance(v, bool) for v in seen):
        return "int"
    if seen and all(isinstance(v, Decimal | int | float) and not isinstance(v, bool) for v in seen):
        return "number"
    return "text"


def table_from_dicts(
    records: Sequence[Mapping[str, Any]],
    *,
    title: str,
    columns: Sequence[Column] | None = None,
    unit: str = "",
    **table_fields,
) -> Table:
    """A Table of a list of dicts; without ``columns``, one text or number column per key of the first record."""
    if columns is None:
        keys = list(records[0].keys()) if records else []
        columns = [Column(k, str(k), _infer_kind(r.get(k) for r in records)) for k in keys]
    rows = [Row([record.get(c.key) for c in columns]) for record in records]
    return Table(title=title, columns=columns, rows=rows, unit=unit, **table_fields)
