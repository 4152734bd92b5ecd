"""What both file formats read into: plain rows, cell-level errors, and the checks shared by CSV and xlsx.

Nothing here touches the database: what the database knows (the kinds of existing units) is passed in.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from core.spreadsheet import AmountTooLarge, CellError, normalise_name, read_amount
from targets.models import UnitKind

MAX_NAME = {"unit": 100, "leader": 50, "sector": 50}
MAX_ROWS = 2000


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
    sheet: str = ""


@dataclass
class ParseResult:
    rows: list[PlanRow] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)
    # For the xlsx layout: the 合计 row's figures, when the file has one (already checked).
    grand_total: tuple[Decimal, Decimal] | None = None

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


def split_leaders(value) -> tuple[str, ...]:
    """``黄  勇\\n水韦梁``, ``黄勇、水韦梁``, ``黄勇;水韦梁`` → ("黄勇", "水韦梁"); a name listed twice counts once."""
    parts = re.split(r"[;；、,，/\n\r]+", str(value if value is not None else ""))
    return tuple(dict.fromkeys(name for name in (normalise_name(p) for p in parts) if name))


def parse_amount(value) -> Decimal:
    """A non-negative amount in 亿元 with at most 4 places (core.spreadsheet's rule); blank is 0 (ambiguity B)."""
    try:
        amount = read_amount(value, blank=Decimal("0"))
    except AmountTooLarge:
        raise ValueError(f"金额过大（{value} 亿元）") from None
    return amount.normalize() if amount else Decimal("0")


# Names a kind may be written as, besides its code: the labels of UnitKind and the words people use.
KIND_ALIASES: dict[str, str] = {
    **{code: code for code in UnitKind.values},
    **{normalise_name(label): code for code, label in UnitKind.choices},
    "部门": UnitKind.DEPARTMENT,
    "县级部门": UnitKind.DEPARTMENT,
    "县级部门单位": UnitKind.DEPARTMENT,
    "集团": UnitKind.SOE_GROUP,
    "国企": UnitKind.SOE_GROUP,
    "国有企业": UnitKind.SOE_GROUP,
    "招商中心": UnitKind.CENTER,
    "事务中心": UnitKind.CENTER,
    "乡镇": UnitKind.TOWN,
    "街道": UnitKind.TOWN,
    "乡镇街道": UnitKind.TOWN,
    "保障": UnitKind.GUARANTEE,
}


def infer_kind(unit: str) -> str:
    """The kind a name says (Annex 1 has no kind column); a guarantee unit cannot be told from its name."""
    if "招商投资事务中心" in unit:
        return UnitKind.CENTER
    for word, kind in (
        ("商务代表队", UnitKind.REP_TEAM),
        ("招商分局", UnitKind.BRANCH),
        ("管委会", UnitKind.COMMITTEE),
        ("集团", UnitKind.SOE_GROUP),
    ):
        if word in unit:
            return kind
    if unit.endswith(("乡", "镇", "街道")):
        return UnitKind.TOWN
    return UnitKind.DEPARTMENT


def kind_label(kind: str) -> str:
    return UnitKind(kind).label


def resolve_kind(given, unit: str, known_kinds: Mapping[str, str]) -> tuple[str | None, str]:
    """The kind a row's unit gets: as written, else the kind of the unit already on file, else inferred from its
    name. Returns (kind, "") or (None, a Chinese reason)."""
    text = normalise_name(given).lower()
    known = known_kinds.get(unit)
    if not text:
        return (known or infer_kind(unit)), ""
    kind = KIND_ALIASES.get(text) or KIND_ALIASES.get(normalise_name(given))
    if kind is None:
        choices = "、".join(f"{code}（{label}）" for code, label in UnitKind.choices)
        return None, f"未知的单位类型“{given}”，应为 {choices} 之一"
    if known and known != kind:
        return (
            None,
            f"“{unit}”已登记为“{kind_label(known)}”，与本行的“{kind_label(kind)}”不一致（请在后台修改单位类型）",
        )
    return kind, ""


def check_names(*, sector, leaders, unit) -> list[tuple[str, str]]:
    """(field, reason) for names too long to store."""
    problems = []
    if sector and len(sector) > MAX_NAME["sector"]:
        problems.append(("sector", f"类别名称过长（最多{MAX_NAME['sector']}字）"))
    for name in leaders:
        if len(name) > MAX_NAME["leader"]:
            problems.append(("leaders", f"领导姓名“{name[:10]}…”过长（最多{MAX_NAME['leader']}字）"))
    if len(unit) > MAX_NAME["unit"]:
        problems.append(("unit", f"单位名称过长（最多{MAX_NAME['unit']}字）"))
    return problems


def check_table(result: ParseResult, *, sheet: str, unit_column: str = "unit", kind_column: str = "unit_kind") -> None:
    """Rules across rows: one row per sector × unit, one kind per unit, some rows at all."""
    seen: dict[tuple, int] = {}
    kinds: dict[str, tuple[str, int]] = {}
    for row in result.rows:
        key = (row.sector, row.unit)
        if key in seen:
            where = f"类别“{row.sector}”下" if row.sector else "类别以外"
            result.errors.append(
                CellError(sheet, row.line, unit_column, f"与第{seen[key]}行重复：{where}的“{row.unit}”只能有一行")
            )
        else:
            seen[key] = row.line
        if row.unit in kinds and kinds[row.unit][0] != row.unit_kind:
            result.errors.append(
                CellError(
                    sheet,
                    row.line,
                    kind_column,
                    f"“{row.unit}”的单位类型“{kind_label(row.unit_kind)}”与第{kinds[row.unit][1]}行"
                    f"的“{kind_label(kinds[row.unit][0])}”不一致",
                )
            )
        kinds.setdefault(row.unit, (row.unit_kind, row.line))
    if len(result.rows) > MAX_ROWS:
        result.errors.append(CellError(sheet, result.rows[MAX_ROWS].line, "", f"数据行过多（最多{MAX_ROWS}行）"))
    if not result.rows and not result.errors:
        result.errors.append(CellError(sheet, 1, "", "文件中没有数据行"))
