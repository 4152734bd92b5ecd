"""The breakdown table of a year as an ``.xlsx`` workbook in the layout of Annex 1 (INTERCHANGE.md §1).

What ``targets.importing.xlsx_table`` reads, this writes: export → import → export gives the same values.
Column H (单位类型) is an addition to the Annex so that units keep their kind through the round trip.
"""

import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import coordinate_to_tuple

from core.xlsx import write_cell
from targets.breakdown import ZERO, Entry, blocks
from targets.models import UnitKind

NUMBER_FORMAT = "#,##0.00##"  # two places always, up to the four that are stored
WIDTHS = {"A": 12, "B": 14, "C": 26, "D": 12, "E": 12, "F": 12, "G": 12, "H": 16}
HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
TOTAL_FILL = PatternFill("solid", fgColor="EEF2F7")
THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
RIGHT = Alignment(horizontal="right", vertical="center")
FONT = "宋体"
FIRST_ROW = 4


def title_for(year: int) -> str:
    return f"{year}年招商引资目标任务分解表"


def pad_name(name: str) -> str:
    """Annex 1 sets two-character names as 王  军 so they line up with three-character ones."""
    return f"{name[0]}  {name[1]}" if len(name) == 2 else name


def leaders_text(entry: Entry) -> str:
    return "\n".join(pad_name(name) for name in entry.leader_names)


def plan_workbook(year: int, entries: Sequence[Entry]) -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = f"{year}年目标任务分解表"
    wb.properties.creator = "巫山县招商引资考核系统"
    wb.properties.title = title_for(year)

    write_cell(ws, 1, 1, title_for(year))
    ws.merge_cells("A1:H1")
    ws["A1"].font = Font(name=FONT, size=16, bold=True)
    ws["A1"].alignment = CENTER
    ws.row_dimensions[1].height = 32
    for cell, text in {
        "A2": "类别",
        "B2": "牵头领导",
        "C2": "责任单位",
        "D2": "签约资金（亿元）",
        "F2": "到位资金（亿元）",
        "H2": "单位类型",
        "D3": "单位目标",
        "E3": "类别合计",
        "F3": "单位目标",
        "G3": "类别合计",
    }.items():
        write_cell(ws, *coordinate_to_tuple(cell), text)
    for rng in ("A2:A3", "B2:B3", "C2:C3", "D2:E2", "F2:G2", "H2:H3"):
        ws.merge_cells(rng)

    r = FIRST_ROW
    for block in blocks(entries):
        first = r
        for entry in block.entries:
            write_cell(ws, r, 1, block.sector or None)
            write_cell(ws, r, 2, leaders_text(entry) or None)
            write_cell(ws, r, 3, entry.unit)
            write_cell(ws, r, 4, entry.signed)
            write_cell(ws, r, 6, entry.funded)
            write_cell(ws, r, 8, UnitKind(entry.unit_kind).label)
            if block.sector is None:  # as in Annex 1, a row outside any category is its own total
                write_cell(ws, r, 5, entry.signed)
                write_cell(ws, r, 7, entry.funded)
            r += 1
        if block.sector is not None:
            write_cell(ws, first, 5, block.signed)
            write_cell(ws, first, 7, block.funded)
            if r - 1 > first:
                for column in ("A", "E", "G"):
                    ws.merge_cells(f"{column}{first}:{column}{r - 1}")
            _merge_equal_leaders(ws, block.entries, first)
    total_row = r
    write_cell(ws, total_row, 1, "合计")
    write_cell(ws, total_row, 4, sum((e.signed for e in entries), ZERO))
    write_cell(ws, total_row, 6, sum((e.funded for e in entries), ZERO))
    for rng in (f"A{total_row}:C{total_row}", f"D{total_row}:E{total_row}", f"F{total_row}:G{total_row}"):
        ws.merge_cells(rng)

    _style(ws, total_row)
    return wb


def _merge_equal_leaders(ws, entries: Sequence[Entry], first: int) -> None:
    """Within a category, consecutive rows led by the same leaders share one merged cell, as in Annex 1."""
    start = 0
    for i in range(1, len(entries) + 1):
        if i == len(entries) or entries[i].leader_names != entries[start].leader_names:
            if i - start > 1 and entries[start].leader_names:
                ws.merge_cells(f"B{first + start}:B{first + i - 1}")
            start = i


def _style(ws, total_row: int) -> None:
    for column, width in WIDTHS.items():
        ws.column_dimensions[column].width = width
    for r in range(2, total_row + 1):
        for c in range(1, 9):
            cell = ws.cell(r, c)
            cell.border = BORDER
            cell.font = Font(name=FONT, size=11, bold=r <= 3 or r == total_row)
            if r <= 3:
                cell.alignment, cell.fill = CENTER, HEADER_FILL
            elif c in (4, 5, 6, 7):
                cell.alignment, cell.number_format = RIGHT, NUMBER_FORMAT
            else:
                cell.alignment = LEFT if c == 3 else CENTER
            if r == total_row:
                cell.fill = TOTAL_FILL
        if r > 3:
            names = len(str(ws.cell(r, 2).value or "").splitlines())
            ws.row_dimensions[r].height = max(20, 16 * names)
    ws.freeze_panes = "A4"
    ws.print_title_rows = "2:3"
    ws.page_setup.orientation = "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_area = f"A1:{get_column_letter(8)}{total_row}"


def plan_xlsx(year: int, entries: Sequence[Entry]) -> bytes:
    buffer = io.BytesIO()
    plan_workbook(year, entries).save(buffer)
    return buffer.getvalue()
