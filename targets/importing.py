"""Reading the breakdown table (INTERCHANGE.md §1) into plain rows, checking every cell, before anything is saved.

A parse never touches the database; ``targets.services.plan_import`` saves a clean parse all or nothing.
"""

import csv
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from targets.models import UnitKind

CSV_COLUMNS = ["year", "sector", "leaders", "unit", "unit_kind", "signed_target_yi", "funded_target_yi"]
MAX_PLACES = 4


@dataclass(frozen=True)
class PlanRow:
    year: int
    sector: str | None
    leaders: tuple[str, ...]
    unit: str
    unit_kind: str
    signed_target: Decimal
    funded_target: Decimal
    line: int  # where it came from, for messages


@dataclass(frozen=True)
class CellError:
    sheet: str
    row: int
    column: str
    message: str

    def __str__(self):
        where = f"工作表“{self.sheet}”第{self.row}行" if self.sheet else f"第{self.row}行"
        return f"{where}“{self.column}”列：{self.message}" if self.column else f"{where}：{self.message}"


@dataclass
class ParseResult:
    rows: list[PlanRow] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


def normalise_name(value) -> str:
    """Annex 1 pads two-character names with spaces (王  军): names compare without any whitespace."""
    return re.sub(r"\s+", "", str(value or ""))


def split_leaders(value) -> tuple[str, ...]:
    parts = re.split(r"[;；、,，\n]+", str(value or ""))
    return tuple(name for name in (normalise_name(p) for p in parts) if name)


def parse_amount(value) -> Decimal:
    """A non-negative amount in 亿元 with at most 4 places; blank is 0 (ambiguity B). Raises ValueError in Chinese."""
    if value is None or (isinstance(value, str) and value.strip() == ""):
        return Decimal("0")
    if isinstance(value, bool):
        raise ValueError("应为数字")
    try:
        amount = Decimal(str(value).strip()) if not isinstance(value, float) else Decimal(repr(value))
    except InvalidOperation:
        raise ValueError(f"“{value}”不是数字") from None
    if not amount.is_finite():
        raise ValueError(f"“{value}”不是数字")
    if amount < 0:
        raise ValueError(f"金额不能为负数（{value}）")
    if amount != amount.quantize(Decimal(1).scaleb(-MAX_PLACES)):
        raise ValueError(f"金额最多保留{MAX_PLACES}位小数（{value}）")
    return amount.quantize(Decimal(1).scaleb(-MAX_PLACES)).normalize() if amount else Decimal("0")


def parse_csv(data: bytes, *, year: int) -> ParseResult:
    result = ParseResult()
    sheet = ""
    if not data.strip():
        result.errors.append(CellError(sheet, 1, "", "文件为空"))
        return result
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            result.errors.append(CellError(sheet, 1, "", "无法识别文件编码，请另存为 UTF-8 编码的 CSV 文件"))
            return result
    reader = csv.reader(io.StringIO(text))
    header = [h.strip() for h in next(reader, [])]
    missing = [c for c in CSV_COLUMNS if c not in header]
    if missing:
        result.errors.append(CellError(sheet, 1, "", f"表头缺少列：{'、'.join(missing)}；应为 {','.join(CSV_COLUMNS)}"))
        return result
    index = {name: header.index(name) for name in CSV_COLUMNS}
    for line, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        cells = cells + [""] * (len(header) - len(cells))
        value = {name: cells[i].strip() for name, i in index.items()}
        row = _check_row(value, line=line, sheet=sheet, year=year, errors=result.errors)
        if row:
            result.rows.append(row)
    check_table(result, sheet=sheet)
    return result


def _check_row(value: dict, *, line: int, sheet: str, year: int, errors: list) -> PlanRow | None:
    before = len(errors)
    try:
        row_year = int(value["year"])
        if row_year != year:
            errors.append(CellError(sheet, line, "year", f"年度 {row_year} 与导入年度 {year} 不一致"))
    except ValueError:
        errors.append(CellError(sheet, line, "year", f"“{value['year']}”不是年份"))
        row_year = year
    unit = normalise_name(value["unit"])
    if not unit:
        errors.append(CellError(sheet, line, "unit", "责任单位不能为空"))
    kind = value["unit_kind"]
    if kind not in UnitKind.values:
        errors.append(
            CellError(sheet, line, "unit_kind", f"未知的单位类型“{kind}”，应为 {'、'.join(UnitKind.values)} 之一")
        )
    amounts = {}
    for column in ("signed_target_yi", "funded_target_yi"):
        try:
            amounts[column] = parse_amount(value[column])
        except ValueError as exc:
            errors.append(CellError(sheet, line, column, str(exc)))
    if len(errors) > before:
        return None
    return PlanRow(
        year=row_year,
        sector=normalise_name(value["sector"]) or None,
        leaders=split_leaders(value["leaders"]),
        unit=unit,
        unit_kind=kind,
        signed_target=amounts["signed_target_yi"],
        funded_target=amounts["funded_target_yi"],
        line=line,
    )


def check_table(result: ParseResult, *, sheet: str) -> None:
    """Rules across rows: one row per sector × unit, one kind per unit."""
    seen: dict[tuple, int] = {}
    kinds: dict[str, tuple[str, int]] = {}
    for row in result.rows:
        key = (row.sector, row.unit)
        if key in seen:
            result.errors.append(
                CellError(sheet, row.line, "unit", f"与第{seen[key]}行重复：同一类别下的“{row.unit}”只能有一行")
            )
        else:
            seen[key] = row.line
        if row.unit in kinds and kinds[row.unit][0] != row.unit_kind:
            result.errors.append(
                CellError(sheet, row.line, "unit_kind", f"“{row.unit}”的单位类型与第{kinds[row.unit][1]}行不一致")
            )
        kinds.setdefault(row.unit, (row.unit_kind, row.line))
    if not result.rows and not result.errors:
        result.errors.append(CellError(sheet, 1, "", "文件中没有数据行"))
