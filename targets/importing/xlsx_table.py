"""The Annex 1 layout of the breakdown table as an ``.xlsx`` workbook.

    A 类别 | B 牵头领导 | C 责任单位 | D 签约资金（亿元）: unit | E …: category total | F 到位资金（亿元）: unit |
    G …: category total | H 单位类型 (optional)

A title row may come first (its year, if it names one, must be the year imported), then one or two header rows,
then the rows: 类别 and 牵头领导 cells may be merged down over several rows, a 牵头领导 cell may hold several names
(newlines, 、 or ;), category totals sit in E/G (merged over the category's rows, or on any of its rows). Rows with
no 类别 (the centre, the branch offices) come last; their E/G, if filled, repeat the row's own figure. An optional
合计 row ends the table and is checked; notes (备注) below it are ignored.
"""

from collections.abc import Mapping
from decimal import Decimal

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
from targets.importing.xlsx_layout import (
    FUNDED,
    FUNDED_TOTAL,
    KIND,
    LEADERS,
    NOT_XLSX,
    NOTE_PREFIXES,
    SECTOR,
    SIGNED,
    SIGNED_TOTAL,
    TOTAL_WORDS,
    UNIT,
    Line,
    Sheet,
    Total,
    amount_cell,
    check_header,
    column_label,
    find_header,
    is_blank,
    is_subheader,
    sheet_is_empty,
)
from targets.importing.xlsx_totals import check_category_totals, check_grand_total, check_order


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
        if all(sheet_is_empty(w) for w in values.worksheets):
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
        header_row = find_header(ws, year, errors)
        if header_row:
            return index, header_row
    return None


def _read_table(ws, formulas_ws, header_row: int, year: int, known_kinds, result: ParseResult) -> None:
    ncols = max(KIND, min(ws.max_column, 50))
    sheet = Sheet(ws, formulas_ws, ncols)
    errors = result.errors
    kind_column = check_header(sheet, header_row, errors)
    if errors:
        return
    first_data = header_row + 1
    if first_data <= sheet.max_row and is_subheader(sheet, first_data):
        first_data += 1
    lines: list[Line] = []
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
    check_order(sheet.name, lines, errors)
    check_category_totals(sheet.name, lines, bad_sectors, errors)
    check_table(result, sheet=sheet.name, unit_column=column_label(UNIT), kind_column=column_label(kind_column or KIND))
    if total_row is not None and not errors:
        check_grand_total(sheet, total_row, result)


def _read_line(sheet: Sheet, r: int, year: int, kind_column, known_kinds, errors: list) -> Line | None:
    before = len(errors)
    name = sheet.name
    sector = normalise_name(sheet.value(r, SECTOR)) or None
    leaders = split_leaders(sheet.value(r, LEADERS))
    unit = normalise_name(sheet.value(r, UNIT))
    if not unit:
        errors.append(CellError(name, r, column_label(UNIT), "责任单位不能为空"))
    kind, reason = resolve_kind(sheet.value(r, kind_column) if kind_column else None, unit, known_kinds)
    if reason:
        errors.append(CellError(name, r, column_label(kind_column or KIND), reason))
    amounts = {}
    for c in (SIGNED, FUNDED):
        first, last = sheet.span(r, c)
        if first != last:
            errors.append(CellError(name, r, column_label(c), f"单位目标单元格不能跨行合并（第{first}—{last}行）"))
            continue
        amounts[c] = amount_cell(sheet, r, c, errors)
    totals = {}
    for c in (SIGNED_TOTAL, FUNDED_TOTAL):
        first, last = sheet.span(r, c)
        if first != r:  # below the top of a merged cell: its value is checked (and reported) at the top row
            totals[c] = Total(parse_amount_quiet(sheet.value(r, c)), first, first, last)
        elif is_blank(sheet.value(r, c)) and not sheet.is_uncalculated_formula(r, c):
            totals[c] = Total(None, r, first, last)
        else:
            totals[c] = Total(amount_cell(sheet, r, c, errors), r, first, last)
    for field, reason in check_names(sector=sector, leaders=leaders, unit=unit):
        column = {"sector": SECTOR, "leaders": LEADERS, "unit": UNIT}[field]
        errors.append(CellError(name, r, column_label(column), reason))
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
    return Line(row, totals)


def parse_amount_quiet(value) -> Decimal | None:
    """A merged cell's value seen from a row below its top: already checked (and reported) at the top."""
    try:
        return None if is_blank(value) else parse_amount(value)
    except ValueError:
        return None
