"""The Annex 1 layout of the breakdown table as an ``.xlsx`` workbook.

    A 类别 | B 牵头领导 | C 责任单位 | D 签约资金（亿元）: unit | E …: category total | F 到位资金（亿元）: unit |
    G …: category total | H 单位类型 (optional)

A title row may come first (its year, if it names one, must be the year imported), then one or two header rows,
then the rows: 类别 and 牵头领导 cells may be merged down over several rows, a 牵头领导 cell may hold several names
(newlines, 、 or ;), category totals sit in E/G (merged over the category's rows, or on any of its rows). Rows with
no 类别 (the centre, the branch offices) come last; their E/G, if filled, repeat the row's own figure. An optional
合计 row ends the table and is checked; notes (备注) below it are ignored.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from openpyxl.utils import get_column_letter

from core.formatting import plain
from core.spreadsheet import UnreadableWorkbook, open_workbook
from targets.importing.rows import (
    CellError,
    ParseResult,
    PlanRow,
    check_names,
    check_table,
    normalise_name,
    parse_amount,
    resolve_kind,
    split_leaders,
)

NOT_XLSX = "文件不是有效的 .xlsx 工作簿（可能是其他格式的文件改了扩展名），请在 Excel/WPS 中另存为 .xlsx 后再导入"
HEADER_SCAN_ROWS = 10

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


def _header_text(value) -> str:
    return re.sub(r"[（(][^）)]*[）)]", "", normalise_name(value))


def _is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


@dataclass
class _Total:
    value: Decimal | None
    top: int  # the row of the cell that holds it (the top of a merged range)
    first: int
    last: int  # rows a merged cell spans


@dataclass
class _Line:
    row: PlanRow
    totals: dict[int, _Total]


class _Sheet:
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
        return all(_is_blank(self.raw(r, c)) for c in range(1, ncols + 1))


def _sheet_is_empty(ws) -> bool:
    return all(_is_blank(cell.value) for row in ws.iter_rows() for cell in row)


def _column(c: int) -> str:
    return f"{get_column_letter(c)}（{LABELS.get(c, '')}）" if c in LABELS else get_column_letter(c)


def _find_header(ws, year: int, errors: list) -> int | None:
    """The header row of a sheet, or None. Checks the title's year on the way."""
    for r in range(1, min(ws.max_row, HEADER_SCAN_ROWS) + 1):
        texts = [_header_text(ws.cell(r, c).value) for c in range(1, 8)]
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


def _check_header(sheet: _Sheet, r: int, errors: list) -> int | None:
    """Checks the header row; returns the column of 单位类型 if there is one."""
    name = sheet.name
    for c, expected in EXPECTED_HEADER.items():
        text = _header_text(sheet.value(r, c))
        ok = text in HEADER_NAMES[c] if c in HEADER_NAMES else text.startswith(HEADER_PREFIXES[c])
        if not ok:
            found = str(sheet.value(r, c) or "").strip() or "空白"
            errors.append(CellError(name, r, get_column_letter(c), f"表头应为“{expected}”，实为“{found}”"))
        elif "万元" in normalise_name(sheet.value(r, c)):
            errors.append(CellError(name, r, get_column_letter(c), "金额单位应为亿元"))
    for c in (SIGNED_TOTAL, FUNDED_TOTAL):
        own = sheet.raw(r, c)
        if not _is_blank(own) and not any(w in str(own) for w in ("合计", "小计")):
            errors.append(
                CellError(
                    name,
                    r,
                    get_column_letter(c),
                    f"此列应为{LABELS[c - 1]}的类别合计（表头写“类别合计”，或与 {get_column_letter(c - 1)} 列合并），实为“{own}”",
                )
            )
    for c in range(KIND, sheet.ws.max_column + 1):
        if _header_text(sheet.value(r, c)) == "单位类型":
            return c
    return None


def _is_subheader(sheet: _Sheet, r: int) -> bool:
    if not _is_blank(sheet.raw(r, UNIT)):
        return False
    cells = [sheet.raw(r, c) for c in (SIGNED, SIGNED_TOTAL, FUNDED, FUNDED_TOTAL)]
    return any(isinstance(v, str) and v.strip() for v in cells) and not any(isinstance(v, (int, float)) for v in cells)


def _amount(sheet: _Sheet, r: int, c: int, errors: list) -> Decimal | None:
    if sheet.is_uncalculated_formula(r, c):
        errors.append(
            CellError(sheet.name, r, _column(c), "单元格是没有计算结果的公式，请在 Excel/WPS 中打开并保存后再导入")
        )
        return None
    try:
        return parse_amount(sheet.value(r, c))
    except ValueError as exc:
        errors.append(CellError(sheet.name, r, _column(c), str(exc)))
        return None


def parse_xlsx(data: bytes, *, year: int, known_kinds: Mapping[str, str] | None = None) -> ParseResult:
    result = ParseResult()
    known_kinds = known_kinds or {}
    if not data:
        result.errors.append(CellError("", 1, "", "文件为空"))
        return result
    try:
        values, formulas = open_workbook(data, keep="目标任务分解表一张工作表", damaged=NOT_XLSX, with_formulas=True)
    except UnreadableWorkbook as exc:
        result.errors.append(CellError("", 1, "", str(exc)))
        return result
    if not values.worksheets:
        result.errors.append(CellError("", 1, "", "工作簿中没有工作表"))
        return result
    found = _table_sheet(values.worksheets, year, result.errors)
    if found is None:
        first = values.worksheets[0]
        if all(_sheet_is_empty(w) for w in values.worksheets):
            result.errors.append(CellError(first.title, 1, "", "工作簿是空的，没有任何数据"))
        else:
            result.errors.append(
                CellError(
                    first.title,
                    1,
                    "",
                    "找不到附件1格式的表头：前10行中应有一行依次为“类别 | 牵头领导 | 责任单位 | 签约资金（亿元） | 到位资金（亿元）”",
                )
            )
        return result
    index, header_row = found
    _read_table(values.worksheets[index], formulas.worksheets[index], header_row, year, known_kinds, result)
    return result


def _table_sheet(worksheets, year: int, errors: list) -> tuple[int, int] | None:
    """(index of the first sheet with the Annex header, its header row)."""
    for index, ws in enumerate(worksheets):
        header_row = _find_header(ws, year, errors)
        if header_row:
            return index, header_row
    return None


def _read_table(ws, formulas_ws, header_row: int, year: int, known_kinds, result: ParseResult) -> None:
    ncols = max(KIND, min(ws.max_column, 50))
    sheet = _Sheet(ws, formulas_ws, ncols)
    errors = result.errors
    kind_column = _check_header(sheet, header_row, errors)
    if errors:
        return
    first_data = header_row + 1
    if first_data <= sheet.max_row and _is_subheader(sheet, first_data):
        first_data += 1
    lines: list[_Line] = []
    bad_sectors: set[str | None] = set()
    total_row = None
    for r in range(first_data, sheet.max_row + 1):
        if sheet.row_is_blank(r, ncols):
            continue
        if str(sheet.raw(r, SECTOR) or "").strip().startswith(NOTE_PREFIXES):
            break
        if total_row is not None:
            errors.append(CellError(sheet.name, r, "", "合计行之后不应再有数据行（合计行应为表格的最后一行）"))
            continue
        if any(normalise_name(sheet.value(r, c)) in TOTAL_WORDS for c in (SECTOR, LEADERS, UNIT)):
            total_row = r
            continue
        line = _read_line(sheet, r, year, kind_column, known_kinds, errors)
        if line is None:
            bad_sectors.add(normalise_name(sheet.value(r, SECTOR)) or None)
        else:
            lines.append(line)
    result.rows = [line.row for line in lines]
    _check_order(sheet.name, lines, errors)
    _check_category_totals(sheet.name, lines, bad_sectors, errors)
    check_table(result, sheet=sheet.name, unit_column=_column(UNIT), kind_column=_column(kind_column or KIND))
    if total_row is not None and not errors:
        _check_grand_total(sheet, total_row, result)


def _read_line(sheet: _Sheet, r: int, year: int, kind_column, known_kinds, errors: list) -> _Line | None:
    before = len(errors)
    name = sheet.name
    sector = normalise_name(sheet.value(r, SECTOR)) or None
    leaders = split_leaders(sheet.value(r, LEADERS))
    unit = normalise_name(sheet.value(r, UNIT))
    if not unit:
        errors.append(CellError(name, r, _column(UNIT), "责任单位不能为空"))
    kind, reason = resolve_kind(sheet.value(r, kind_column) if kind_column else None, unit, known_kinds)
    if reason:
        errors.append(CellError(name, r, _column(kind_column or KIND), reason))
    amounts = {}
    for c in (SIGNED, FUNDED):
        first, last = sheet.span(r, c)
        if first != last:
            errors.append(CellError(name, r, _column(c), f"单位目标单元格不能跨行合并（第{first}—{last}行）"))
            continue
        amounts[c] = _amount(sheet, r, c, errors)
    totals = {}
    for c in (SIGNED_TOTAL, FUNDED_TOTAL):
        first, last = sheet.span(r, c)
        if first != r:  # below the top of a merged cell: its value is checked (and reported) at the top row
            totals[c] = _Total(parse_amount_quiet(sheet.value(r, c)), first, first, last)
        elif _is_blank(sheet.value(r, c)) and not sheet.is_uncalculated_formula(r, c):
            totals[c] = _Total(None, r, first, last)
        else:
            totals[c] = _Total(_amount(sheet, r, c, errors), r, first, last)
    for field, reason in check_names(sector=sector, leaders=leaders, unit=unit):
        column = {"sector": SECTOR, "leaders": LEADERS, "unit": UNIT}[field]
        errors.append(CellError(name, r, _column(column), reason))
    if len(errors) > before:
        return None
    row = PlanRow(
        year=year,
        sector=sector,
        leaders=leaders,
        unit=unit,
        unit_kind=kind,
        signed_target=amounts[SIGNED],
        funded_target=amounts[FUNDED],
        line=r,
        sheet=name,
    )
    return _Line(row, totals)


def parse_amount_quiet(value) -> Decimal | None:
    """A merged cell's value seen from a row below its top: already checked (and reported) at the top."""
    try:
        return None if _is_blank(value) else parse_amount(value)
    except ValueError:
        return None


def _check_order(sheet: str, lines: list[_Line], errors: list) -> None:
    """A category's rows are together; rows outside any category come last (as in Annex 1)."""
    closed: dict[str, int] = {}
    previous: _Line | None = None
    for line in lines:
        sector = line.row.sector
        if previous is not None and previous.row.sector != sector:
            if previous.row.sector is not None:
                closed[previous.row.sector] = previous.row.line
            if sector is not None and previous.row.sector is None:
                errors.append(
                    CellError(
                        sheet,
                        previous.row.line,
                        _column(SECTOR),
                        f"本行没有类别，但其下第{line.row.line}行属于“{sector}”：不属于任何类别的单位应放在表末；"
                        f"若本行属于上方的类别，请合并“类别”单元格或填写类别名称",
                    )
                )
            elif sector in closed:
                errors.append(
                    CellError(
                        sheet,
                        line.row.line,
                        _column(SECTOR),
                        f"类别“{sector}”的行应连续排列（第{closed[sector]}行之后隔有其他类别）",
                    )
                )
        previous = line


def _check_category_totals(sheet: str, lines: list[_Line], bad_sectors: set, errors: list) -> None:
    groups: dict[str, list[_Line]] = {}
    for line in lines:
        if line.row.sector is not None:
            groups.setdefault(line.row.sector, []).append(line)
    for sector, group in groups.items():
        if sector in bad_sectors:
            continue  # a row of it is already reported; its sum would only repeat that
        for c, field in ((SIGNED_TOTAL, "signed_target"), (FUNDED_TOTAL, "funded_target")):
            expected = sum((getattr(line.row, field) for line in group), Decimal("0"))
            given = {line.totals[c].top: line.totals[c] for line in group if line.totals[c].value is not None}
            if not given:
                errors.append(
                    CellError(
                        sheet,
                        group[0].row.line,
                        _column(c),
                        f"类别“{sector}”缺少{LABELS[c]}（各单位之和为 {plain(expected)}）",
                    )
                )
            for total in given.values():
                if total.value != expected:
                    errors.append(
                        CellError(
                            sheet,
                            total.top,
                            _column(c),
                            f"类别“{sector}”的{LABELS[c]}填为 {plain(total.value)}，"
                            f"但本类别各单位之和为 {plain(expected)}",
                        )
                    )
    outside = [line for line in lines if line.row.sector is None]
    reported = set()
    for line in outside:
        for c, field in ((SIGNED_TOTAL, "signed_target"), (FUNDED_TOTAL, "funded_target")):
            total = line.totals[c]
            if total.value is None or (total.top, c) in reported:
                continue
            reported.add((total.top, c))
            covered = [x for x in outside if total.first <= x.row.line <= total.last]
            expected = sum((getattr(x.row, field) for x in covered), Decimal("0"))
            if total.value != expected:
                errors.append(
                    CellError(
                        sheet,
                        total.top,
                        _column(c),
                        f"不属于任何类别的单位，{LABELS[c]}应等于本行目标（{plain(expected)}），"
                        f"实为 {plain(total.value)}",
                    )
                )


def _check_grand_total(sheet: _Sheet, r: int, result: ParseResult) -> None:
    sums = {}
    for c, extra, field in ((SIGNED, SIGNED_TOTAL, "signed_target"), (FUNDED, FUNDED_TOTAL, "funded_target")):
        expected = sum((getattr(row, field) for row in result.rows), Decimal("0"))
        sums[field] = expected
        for column in (c, extra):
            if column == extra and (_is_blank(sheet.value(r, column)) or sheet.same_cell(r, c, extra)):
                continue
            if _is_blank(sheet.value(r, column)) and not sheet.is_uncalculated_formula(r, column):
                result.errors.append(CellError(sheet.name, r, _column(column), f"合计行缺少{LABELS[c]}合计"))
                continue
            given = _amount(sheet, r, column, result.errors)
            if given is not None and given != expected:
                result.errors.append(
                    CellError(
                        sheet.name,
                        r,
                        _column(column),
                        f"合计行的{LABELS[c]}填为 {plain(given)}，但各行之和为 {plain(expected)}",
                    )
                )
    if not result.errors:
        result.grand_total = (sums["signed_target"], sums["funded_target"])
