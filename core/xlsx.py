"""Tables to .xlsx: the helper behind every "导出 Excel" button.

    return xlsx_response([table], "2023年各单位完成情况.xlsx")        # a view
    workbook = tables_workbook([table_a, table_b])                   # a command writing a file

Every export writes its cells through ``write_cell`` / ``append_row`` (this module's tables, the Annex 1 layout, the
scores, the audit log, the ledger template): ``cell_value`` is the one place user text passes on its way into a
workbook, where it is written as text (never a live formula) and never makes the export fail.

Each Table gets a sheet: title, unit, header rows (merged as described), values rounded as shown on screen with the
matching number format, subtotal/total rows in bold, fills kept, header frozen, printed landscape and fitted to width.

openpyxl loads on the first export (≈0.3 s), not with the views that import this module (every process start).
"""

import datetime as dt
import io
import re
from collections.abc import Sequence
from decimal import Decimal
from functools import cache
from types import SimpleNamespace
from typing import TYPE_CHECKING
from urllib.parse import quote

from django.http import HttpResponse

from core.tables import Table

if TYPE_CHECKING:
    from openpyxl import Workbook

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FONT = "宋体"
# openpyxl's ILLEGAL_CHARACTERS_RE (openpyxl.cell.cell), here so that importing this module does not load openpyxl
ILLEGAL_CHARACTERS_RE = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")


@cache
def _styles() -> SimpleNamespace:
    from openpyxl.styles import Alignment, Border, PatternFill, Side

    thin = Side(style="thin", color="000000")
    return SimpleNamespace(
        border=Border(left=thin, right=thin, top=thin, bottom=thin),
        header_fill=PatternFill("solid", fgColor="E6E6E6"),
        row_fills={
            "subtotal": PatternFill("solid", fgColor="F3F3F3"),
            "total": PatternFill("solid", fgColor="E6E6E6"),
        },
        align={
            "text": Alignment(horizontal="left", vertical="center", wrap_text=True),
            "c": Alignment(horizontal="center", vertical="center", wrap_text=True),
            "num": Alignment(horizontal="right", vertical="center"),
            "pre": Alignment(horizontal="center", vertical="center", wrap_text=True),
        },
    )


FIXED_DATE = dt.datetime(2000, 1, 1)


# OWASP's rule against CSV (and spreadsheet formula) injection: text starting with one of these is run as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def defuse_formula(text: str) -> str:
    """Text a spreadsheet will not run as a formula: a leading = + - @, tab or CR gets an apostrophe before it."""
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def cell_text(text: str) -> str:
    """User text as a cell may hold it: the control characters a workbook cannot hold (all but tab, newline and CR;
    openpyxl raises IllegalCharacterError on them) removed, then defused."""
    return defuse_formula(ILLEGAL_CHARACTERS_RE.sub("", text))


def cell_value(value):
    """What a cell gets for ``value``: numbers, dates and booleans as they are; text through ``cell_text``."""
    return cell_text(value) if isinstance(value, str) else value


def write_cell(sheet, row: int, column: int, value):
    """``sheet.cell(row, column, value)`` with the value through ``cell_value``: how an export fills a cell."""
    return sheet.cell(row, column, cell_value(value))


def append_row(sheet, values) -> None:
    """``sheet.append(values)`` with each value through ``cell_value`` (write-only sheets have no ``cell``)."""
    sheet.append([cell_value(v) for v in values])


def sheet_title(name: str, taken: set[str]) -> str:
    """A valid, unique sheet name (≤ 31 characters, none of []:*?/\\)."""
    base = re.sub(r"[\[\]:*?/\\]", "", name).strip() or "Sheet"
    base = base[:31]
    title, n = base, 2
    while title in taken:
        suffix = f"({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(title)
    return title


def display_width(text: str) -> float:
    return sum(2.0 if ord(c) >= 0x2E80 else 1.1 for c in str(text))


def _is_number(value) -> bool:
    return isinstance(value, Decimal | int | float) and not isinstance(value, bool)


def _hex(colour: str) -> str:
    return colour.lstrip("#").upper()


def write_table(sheet, table: Table) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    styles = _styles()
    BORDER, HEADER_FILL, ROW_FILLS, ALIGN = styles.border, styles.header_fill, styles.row_fills, styles.align  # noqa: N806
    ncols = max(len(table.columns), 1)
    r = 1
    write_cell(sheet, r, 1, table.caption).font = Font(name=FONT, bold=True, size=14)
    sheet.cell(r, 1).alignment = Alignment(horizontal="center", vertical="center")
    sheet.merge_cells(start_row=r, start_column=1, end_row=r, end_column=ncols)
    sheet.row_dimensions[r].height = 24
    r += 1
    if table.unit:
        write_cell(sheet, r, 1, table.unit).alignment = Alignment(horizontal="right")
        sheet.cell(r, 1).font = Font(name=FONT, size=10)
        sheet.merge_cells(start_row=r, start_column=1, end_row=r, end_column=ncols)
        r += 1

    header_top = r
    occupied: set[tuple[int, int]] = set()
    for header_row in table.header_rows():
        c = 1
        for cell in header_row:
            while (r, c) in occupied:
                c += 1
            target = write_cell(sheet, r, c, cell.text)
            target.font = Font(name=FONT, bold=True, size=10)
            if cell.colspan > 1 or cell.rowspan > 1:
                sheet.merge_cells(
                    start_row=r, start_column=c, end_row=r + cell.rowspan - 1, end_column=c + cell.colspan - 1
                )
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    occupied.add((r + dr, c + dc))
            c += cell.colspan
        r += 1
    for row in range(header_top, r):
        for col in range(1, ncols + 1):
            target = sheet.cell(row, col)
            target.fill, target.border, target.alignment = HEADER_FILL, BORDER, ALIGN["c"]
    body_top = r

    widths = [display_width(c.title) for c in table.columns]
    for row, cells in table.rendered_rows():
        c = 1
        for cell in cells:
            while sheet.cell(r, c).coordinate in sheet.merged_cells:
                c += 1
            kind = cell.column.format
            if kind.is_text or cell.value is None or cell.value == "" or not _is_number(cell.value):
                excel_value = cell.text or None  # what the screen shows, "—" included
            else:
                excel_value = kind.excel(cell.value)
            target = write_cell(sheet, r, c, excel_value)
            target.number_format = "General" if kind.is_text else kind.number_format
            target.alignment = ALIGN[kind.align]
            bold = cell.bold or row.kind in ROW_FILLS
            target.font = Font(
                name=FONT, size=10, bold=bold, color=_hex(cell.font_colour) if cell.font_colour else None
            )
            if cell.fill:
                target.fill = PatternFill("solid", fgColor=_hex(cell.fill))
            elif row.kind in ROW_FILLS:
                target.fill = ROW_FILLS[row.kind]
            if cell.colspan > 1 or cell.rowspan > 1:
                sheet.merge_cells(
                    start_row=r, start_column=c, end_row=r + cell.rowspan - 1, end_column=c + cell.colspan - 1
                )
            if cell.colspan == 1:
                widths[c - 1] = max(widths[c - 1], display_width(cell.text))
            c += cell.colspan
        r += 1
    for row in range(body_top, r):
        for col in range(1, ncols + 1):
            sheet.cell(row, col).border = BORDER

    for note in table.notes:
        r += 1
        write_cell(sheet, r, 1, note).font = Font(name=FONT, size=9, color="555555")

    for i, column in enumerate(table.columns, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = column.width or min(max(widths[i - 1] + 2, 6), 60)
    sheet.freeze_panes = sheet.cell(body_top, 1)
    sheet.print_title_rows = f"{header_top}:{body_top - 1}"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if ncols > 6 else "portrait"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def tables_workbook(tables: Sequence[Table], *, created: dt.datetime | None = None) -> "Workbook":
    """A workbook with one sheet per table, in order."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    taken: set[str] = set()
    for table in tables:
        write_table(workbook.create_sheet(sheet_title(table.sheet_name or table.title, taken)), table)
    if not tables:
        workbook.create_sheet("Sheet")
    workbook.properties.creator = "巫山县招商引资考核系统"
    workbook.properties.created = workbook.properties.modified = created or FIXED_DATE
    return workbook


def workbook_bytes(workbook: "Workbook") -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(tables: "Table | Sequence[Table] | Workbook", filename: str) -> HttpResponse:
    """A download of the tables (or of a workbook built elsewhere) under a Chinese file name."""
    from openpyxl import Workbook

    if isinstance(tables, Table):
        tables = [tables]
    workbook = tables if isinstance(tables, Workbook) else tables_workbook(tables)
    return xlsx_bytes_response(workbook_bytes(workbook), filename)


def xlsx_bytes_response(data: bytes, filename: str) -> HttpResponse:
    """A workbook already made (e.g. a published version's, byte for byte) as a download under a Chinese name."""
    response = HttpResponse(data, content_type=XLSX_TYPE)
    ascii_name = "".join(c if c.isascii() and c not in '"\\' else "_" for c in filename)
    response["Content-Disposition"] = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    return response
