"""The Annex 1 layout, cell by cell: its columns and header, merged cells seen as a reader of the printed table sees
them, and its amount cells read (uncalculated formulas named). Used by ``xlsx_table``."""

import re
from dataclasses import dataclass
from decimal import Decimal

from targets.importing.rows import CellError, PlanRow, normalise_name, parse_amount

NOT_XLSX = "文件不是有效的 .xlsx 工作簿（可能是其他格式的文件改了扩展名），请在 Excel/WPS 中另存为 .xlsx 后再导入"
HEADER_SCAN_ROWS = 10


def get_column_letter(c: int) -> str:
    """1 → A, 27 → AA: openpyxl's, here so that importing this module does not load openpyxl (≈0.3 s a start)."""
    letters = ""
    while c > 0:
        c, r = divmod(c - 1, 26)
        letters = chr(65 + r) + letters
    return letters


SECTOR, LEADERS, UNIT, SIGNED, SIGNED_TOTAL, FUNDED, FUNDED_TOTAL, KIND = 1, 2, 3, 4, 5, 6, 7, 8
LABELS = {
    SECTOR: "类别",
    LEADERS: "牵头领导",
    UNIT: "责任单位",
    SIGNED: "签约资金",
    SIGNED_TOTAL: "签约资金类别合计",
    FUNDED: "到位资金",
    FUNDED_TOTAL: "到位资金类别合计",
    KIND: "单位类型",
}
HEADER_NAMES = {
    SECTOR: {"类别", "领域", "类别领域"},
    LEADERS: {"牵头领导", "牵头县领导", "分管领导", "牵头分管领导", "县领导"},
    UNIT: {"责任单位", "单位", "单位名称"},
}
HEADER_PREFIXES = {SIGNED: ("签约资金", "正式合同额"), FUNDED: ("到位资金",)}
EXPECTED_HEADER = {
    SECTOR: "类别",
    LEADERS: "牵头领导",
    UNIT: "责任单位",
    SIGNED: "签约资金（亿元）",
    FUNDED: "到位资金（亿元）",
}
TOTAL_WORDS = {"合计", "总计", "全县合计", "总合计"}
NOTE_PREFIXES = ("备注", "注：", "注:", "说明", "附注")
TITLE_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")


def header_text(value) -> str:
    return re.sub(r"[（(][^）)]*[）)]", "", normalise_name(value))


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


@dataclass
class Total:
    value: Decimal | None
    top: int  # the row of the cell that holds it (the top of a merged range)
    first: int
    last: int  # rows a merged cell spans


@dataclass
class Line:
    row: PlanRow
    totals: dict[int, Total]


class Sheet:
    """Cell values with merged ranges filled in, the way a reader of the printed table sees them."""

    def __init__(self, ws, formulas_ws, ncols: int):
        self.ws, self.formulas_ws, self.name = ws, formulas_ws, ws.title
        self.max_row = ws.max_row
        self.merged: dict[tuple[int, int], tuple[object, object]] = {}  # (row, col) -> (top-left value, range)
        for rng in ws.merged_cells.ranges:
            top = ws.cell(rng.min_row, rng.min_col).value
            for r in range(rng.min_row, min(rng.max_row, self.max_row) + 1):
                for c in range(rng.min_col, min(rng.max_col, ncols) + 1):
                    self.merged[(r, c)] = (top, rng)

    def raw(self, r, c):
        """The cell's own content: None for the part of a merged range below or right of its top-left cell."""
        return self.ws.cell(r, c).value

    def value(self, r, c):
        return self.merged[(r, c)][0] if (r, c) in self.merged else self.ws.cell(r, c).value

    def span(self, r, c) -> tuple[int, int]:
        """The rows a (merged) cell covers."""
        if (r, c) in self.merged:
            rng = self.merged[(r, c)][1]
            return rng.min_row, rng.max_row
        return r, r

    def same_cell(self, r, c1, c2) -> bool:
        return (r, c1) in self.merged and (r, c2) in self.merged and self.merged[(r, c1)][1] is self.merged[(r, c2)][1]

    def is_uncalculated_formula(self, r, c) -> bool:
        if self.formulas_ws is None or self.value(r, c) is not None:
            return False
        rng = self.merged[(r, c)][1] if (r, c) in self.merged else None
        formula = self.formulas_ws.cell(rng.min_row, rng.min_col).value if rng else self.formulas_ws.cell(r, c).value
        return isinstance(formula, str) and formula.startswith("=")

    def row_is_blank(self, r, ncols) -> bool:
        return all(is_blank(self.raw(r, c)) for c in range(1, ncols + 1))


def sheet_is_empty(ws) -> bool:
    return all(is_blank(cell.value) for row in ws.iter_rows() for cell in row)


def column_label(c: int) -> str:
    return f"{get_column_letter(c)}（{LABELS.get(c, '')}）" if c in LABELS else get_column_letter(c)


def find_header(ws, year: int, errors: list) -> int | None:
    """The header row of a sheet, or None. Checks the title's year on the way."""
    for r in range(1, min(ws.max_row, HEADER_SCAN_ROWS) + 1):
        texts = [header_text(ws.cell(r, c).value) for c in range(1, 8)]
        if texts[SECTOR - 1] in HEADER_NAMES[SECTOR] or any(t in HEADER_NAMES[UNIT] for t in texts[:4]):
            return r
        for c in range(1, 8):
            value = ws.cell(r, c).value
            match = TITLE_YEAR.search(str(value)) if isinstance(value, str) else None
            if match and int(match.group(1)) != year:
                errors.append(
                    CellError(
                        ws.title, r, get_column_letter(c), f"标题中的年度 {match.group(1)} 与导入年度 {year} 不一致"
                    )
                )
    return None


def check_header(sheet: Sheet, r: int, errors: list) -> int | None:
    """Checks the header row; returns the column of 单位类型 if there is one."""
    name = sheet.name
    for c, expected in EXPECTED_HEADER.items():
        text = header_text(sheet.value(r, c))
        ok = text in HEADER_NAMES[c] if c in HEADER_NAMES else text.startswith(HEADER_PREFIXES[c])
        if not ok:
            found = str(sheet.value(r, c) or "").strip() or "空白"
            errors.append(CellError(name, r, get_column_letter(c), f"表头应为“{expected}”，实为“{found}”"))
        elif "万元" in normalise_name(sheet.value(r, c)):
            errors.append(CellError(name, r, get_column_letter(c), "金额单位应为亿元"))
    for c in (SIGNED_TOTAL, FUNDED_TOTAL):
        own = sheet.raw(r, c)
        if not is_blank(own) and not any(w in str(own) for w in ("合计", "小计")):
            errors.append(
                CellError(
                    name,
                    r,
                    get_column_letter(c),
                    f"此列应为{LABELS[c - 1]}的类别合计（表头写“类别合计”，或与 {get_column_letter(c - 1)} 列合并），实为“{own}”",
                )
            )
    for c in range(KIND, sheet.ws.max_column + 1):
        if header_text(sheet.value(r, c)) == "单位类型":
            return c
    return None


def is_subheader(sheet: Sheet, r: int) -> bool:
    if not is_blank(sheet.raw(r, UNIT)):
        return False
    cells = [sheet.raw(r, c) for c in (SIGNED, SIGNED_TOTAL, FUNDED, FUNDED_TOTAL)]
    return any(isinstance(v, str) and v.strip() for v in cells) and not any(isinstance(v, (int, float)) for v in cells)


def amount_cell(sheet: Sheet, r: int, c: int, errors: list) -> Decimal | None:
    if sheet.is_uncalculated_formula(r, c):
        errors.append(
            CellError(sheet.name, r, column_label(c), "单元格是没有计算结果的公式，请在 Excel/WPS 中打开并保存后再导入")
        )
        return None
    try:
        return parse_amount(sheet.value(r, c))
    except ValueError as exc:
        errors.append(CellError(sheet.name, r, column_label(c), str(exc)))
        return None
