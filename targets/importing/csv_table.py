"""The CSV form of the breakdown table (INTERCHANGE.md §1): the columns of ``targets/data/targets_2023.csv``."""

import csv
import io
import re
from collections.abc import Mapping

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

CSV_COLUMNS = ["year", "sector", "leaders", "unit", "unit_kind", "signed_target_yi", "funded_target_yi"]
# Chinese headers accepted for the same columns (INTERCHANGE.md allows aliases).
CSV_ALIASES = {
    "年度": "year",
    "年份": "year",
    "类别": "sector",
    "领域": "sector",
    "牵头领导": "leaders",
    "牵头县领导": "leaders",
    "责任单位": "unit",
    "单位": "unit",
    "单位类型": "unit_kind",
    "签约资金": "signed_target_yi",
    "签约资金目标": "signed_target_yi",
    "到位资金": "funded_target_yi",
    "到位资金目标": "funded_target_yi",
}


def _canonical(header: str) -> str:
    text = normalise_name(header).lower()
    text = re.sub(r"[（(]亿元[)）]$", "", text)
    return CSV_ALIASES.get(text, text)


def _decode(data: bytes) -> str | None:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def parse_csv(data: bytes, *, year: int, known_kinds: Mapping[str, str] | None = None) -> ParseResult:
    result = ParseResult()
    sheet = ""
    known_kinds = known_kinds or {}
    if not data.strip():
        result.errors.append(CellError(sheet, 1, "", "文件为空"))
        return result
    text = _decode(data)
    if text is None or "\x00" in text:
        result.errors.append(CellError(sheet, 1, "", "不是文本格式的 CSV 文件，请另存为 UTF-8 编码的 CSV（逗号分隔）"))
        return result
    try:
        table = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        result.errors.append(CellError(sheet, 1, "", f"CSV 格式有误：{exc}"))
        return result
    header = [h.strip() for h in table[0]] if table else []
    names = [_canonical(h) for h in header]
    for column in dict.fromkeys(n for n in names if n in CSV_COLUMNS and names.count(n) > 1):
        result.errors.append(CellError(sheet, 1, column, "表头中此列出现了不止一次"))
    missing = [c for c in CSV_COLUMNS if c not in names]
    if missing:
        result.errors.append(
            CellError(sheet, 1, "", f"表头缺少列：{'、'.join(missing)}；表头应为 {','.join(CSV_COLUMNS)}")
        )
    if result.errors:
        return result
    index = {name: names.index(name) for name in CSV_COLUMNS}
    label = {name: header[i] for name, i in index.items()}
    for line, cells in enumerate(table[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
            result.errors.append(
                CellError(
                    sheet,
                    line,
                    "",
                    f"本行有{len(cells)}个单元格，多于表头的{len(header)}列（名称中含逗号时须用英文双引号括起来）",
                )
            )
            continue
        cells = cells + [""] * (len(header) - len(cells))
        value = {name: cells[i].strip() for name, i in index.items()}
        row = _check_row(value, line=line, year=year, label=label, known_kinds=known_kinds, errors=result.errors)
        if row:
            result.rows.append(row)
    check_table(result, sheet=sheet, unit_column=label["unit"], kind_column=label["unit_kind"])
    return result


def _check_row(value: dict, *, line: int, year: int, label: dict, known_kinds, errors: list) -> PlanRow | None:
    sheet = ""
    before = len(errors)
    try:
        row_year = int(value["year"])
    except ValueError:
        errors.append(CellError(sheet, line, label["year"], f"“{value['year']}”不是年份"))
        row_year = year
    if row_year != year:
        errors.append(CellError(sheet, line, label["year"], f"年度 {row_year} 与导入年度 {year} 不一致"))
    unit = normalise_name(value["unit"])
    if not unit:
        errors.append(CellError(sheet, line, label["unit"], "责任单位不能为空"))
    kind, reason = resolve_kind(value["unit_kind"], unit, known_kinds)
    if reason:
        errors.append(CellError(sheet, line, label["unit_kind"], reason))
    amounts = {}
    for column in ("signed_target_yi", "funded_target_yi"):
        try:
            amounts[column] = parse_amount(value[column])
        except ValueError as exc:
            errors.append(CellError(sheet, line, label[column], str(exc)))
    sector = normalise_name(value["sector"]) or None
    leaders = split_leaders(value["leaders"])
    for column, reason in check_names(sector=sector, leaders=leaders, unit=unit):
        errors.append(CellError(sheet, line, label[column], reason))
    if len(errors) > before:
        return None
    return PlanRow(
        year=row_year,
        sector=sector,
        leaders=leaders,
        unit=unit,
        unit_kind=kind,
        signed_target=amounts["signed_target_yi"],
        funded_target=amounts["funded_target_yi"],
        line=line,
    )
