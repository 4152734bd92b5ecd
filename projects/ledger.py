"""The records ledger (INTERCHANGE.md §2): the center's existing Excel ledgers of projects, contracts, starts and
funds in place, imported all or nothing.

``read_ledger`` checks every cell without touching the database; ``import_ledger`` resolves units, sectors, tags and
projects and writes through the same services as the pages, inside one transaction that is rolled back when any row
is wrong (or when only a preview was asked for). Importing the same file twice imports nothing new: projects are
keyed by ``code``, records by their content (project, kind, date, amount …), counted so that two identical rows stay
two records.
"""

import io
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction

from audit.services import audit_log
from core.formatting import plain
from core.spreadsheet import (
    CellError,
    UnreadableWorkbook,
    normalise_name,
    read_amount,
    read_date,
    read_month,
    read_sheets,
    read_text,
)
from projects import services
from projects.models import (
    ContractKind,
    FundsSource,
    InvestorTag,
    Project,
    ProjectKind,
    Status,
)
from targets.models import AssessmentYear, Sector, TargetRow, Unit, UnitKind

SHEETS = ("projects", "contracts", "starts", "funds")
SHEET_ALIASES = {
    "项目": "projects",
    "项目库": "projects",
    "招商项目": "projects",
    "合同": "contracts",
    "签约合同": "contracts",
    "开工": "starts",
    "项目开工": "starts",
    "到位资金": "funds",
    "资金": "funds",
}
COLUMNS = {
    "projects": {
        "required": ["code", "name", "investor", "kind", "total_investment_yi", "credits"],
        "optional": ["credit_code", "investor_tags", "major", "sector", "town", "fai"],
    },
    "contracts": {"required": ["project_code", "kind", "signed_on", "amount_yi"], "optional": ["status"]},
    "starts": {"required": ["project_code", "started_on"], "optional": ["status"]},
    "funds": {"required": ["project_code", "month", "amount_yi", "source"], "optional": ["status"]},
}
COLUMN_ALIASES = {
    "项目编号": "code",
    "项目名称": "name",
    "投资企业": "investor",
    "企业名称": "investor",
    "统一社会信用代码": "credit_code",
    "企业标签": "investor_tags",
    "项目类型": "kind",
    "合同类型": "kind",
    "重大项目": "major",
    "类别": "sector",
    "落地乡镇": "town",
    "乡镇": "town",
    "总投资（亿元）": "total_investment_yi",
    "总投资(亿元)": "total_investment_yi",
    "总投资": "total_investment_yi",
    "纳入固投统计": "fai",
    "纳入固定资产投资统计": "fai",
    "招商单位及分成": "credits",
    "招商单位": "credits",
    "签约日期": "signed_on",
    "合同金额（亿元）": "amount_yi",
    "合同金额(亿元)": "amount_yi",
    "金额（亿元）": "amount_yi",
    "金额(亿元)": "amount_yi",
    "到位资金（亿元）": "amount_yi",
    "到位资金(亿元)": "amount_yi",
    "状态": "status",
    "开工日期": "started_on",
    "月份": "month",
    "数据来源": "source",
}
YES = {"yes", "y", "true", "1", "是", "√"}
NO = {"no", "n", "false", "0", "否", ""}
STATUS_VALUES = {
    "": Status.CONFIRMED,
    "draft": Status.DRAFT,
    "草稿": Status.DRAFT,
    "submitted": Status.SUBMITTED,
    "待审核": Status.SUBMITTED,
    "已提交": Status.SUBMITTED,
    "confirmed": Status.CONFIRMED,
    "已认定": Status.CONFIRMED,
    "returned": Status.RETURNED,
    "已退回": Status.RETURNED,
}


def _choices(enum, extra=None) -> dict:
    values = {v: v for v in enum.values}
    values.update({label: v for v, label in enum.choices})
    values.update(extra or {})
    return values


PROJECT_KINDS = _choices(ProjectKind, {"制造业": "manufacturing", "生产性服务业": "producer_service"})
CONTRACT_KINDS = _choices(ContractKind, {"意向协议": "intention", "战略合作": "strategic"})
FUNDS_SOURCES = _choices(FundsSource, {"统计": "statistics", "银行": "bank", "其他": "other"})
# Model fields named in service messages → ledger columns.
FIELD_COLUMNS = {
    "amount": "amount_yi",
    "total_investment": "total_investment_yi",
    "investor_name": "investor",
    "credits": "credits",
    "credit_code": "credit_code",
    "in_fai_statistics": "fai",
    "is_major": "major",
}


@dataclass
class Row:
    sheet: str
    row: int
    values: dict  # cleaned values by column


@dataclass
class Ledger:
    rows: dict = field(default_factory=lambda: {sheet: [] for sheet in SHEETS})
    errors: list = field(default_factory=list)
    codes_in_file: set = field(default_factory=set)  # every project code of the projects sheet, even of a bad row

    def error(self, sheet, row, column, message):
        self.errors.append(CellError(sheet, row, column, message))


# --- reading the workbook (no database) ---------------------------------------------------------------------------


def _yes_no(value) -> bool:
    if isinstance(value, bool):
        return value
    text = read_text(value).lower()
    if text in YES:
        return True
    if text in NO:
        return False
    raise ValueError(f"应为 yes 或 no，而不是“{value}”")


def _choice(value, choices: dict, what: str) -> str:
    text = read_text(value)
    if text in choices:
        return choices[text]
    if text.lower() in choices:
        return choices[text.lower()]
    allowed = "、".join(v for v in dict.fromkeys(choices.values()) if v)
    raise ValueError(f"未知的{what}“{text}”，应为 {allowed} 之一")


def _credits(value) -> list[tuple[str, Decimal]]:
    text = read_text(value)
    if not text:
        raise ValueError("招商单位不能为空")
    parts = [p.strip() for p in re.split(r"[;；]", text) if p.strip()]
    credits = []
    for part in parts:
        name, sep, share = re.split(r"([:：])", part, maxsplit=1) if re.search(r"[:：]", part) else (part, "", "")
        name = normalise_name(name)
        if not sep:
            if len(parts) > 1:
                raise ValueError(f"联合招商须写明每个单位的分成比例，如“单位A:60;单位B:40”（“{part}”没有比例）")
            credits.append((name, Decimal("100")))
            continue
        try:
            share_value = Decimal(share.strip().rstrip("%％"))
        except InvalidOperation:
            raise ValueError(f"“{part}”的分成比例不是数字") from None
        if not share_value.is_finite() or share_value <= 0 or share_value > 100:
            raise ValueError(f"“{part}”的分成比例应在0到100之间")
        credits.append((name, share_value))
    names = [n for n, _ in credits]
    if len(set(names)) != len(names):
        raise ValueError("同一单位不能重复列出")
    total = sum((s for _, s in credits), Decimal("0"))
    if total != 100:
        raise ValueError(f"各单位分成比例之和必须为100，现为{plain(total)}")
    return credits


def _required(what: str):
    def parse(value) -> str:
        text = read_text(value)
        if not text:
            raise ValueError(f"{what}不能为空")
        return text

    return parse


def _tags(value) -> list[str]:
    return [t.strip() for t in re.split(r"[;；,，、]", read_text(value)) if t.strip()]


CELL_PARSERS = {
    "projects": {
        "code": _required("项目编号"),
        "name": _required("项目名称"),
        "investor": _required("投资企业"),
        "credit_code": lambda v: read_text(v).upper(),
        "investor_tags": _tags,
        "kind": lambda v: _choice(v, PROJECT_KINDS, "项目类型"),
        "major": _yes_no,
        "sector": lambda v: normalise_name(v) or None,
        "town": lambda v: normalise_name(v) or None,
        "total_investment_yi": read_amount,
        "fai": _yes_no,
        "credits": _credits,
    },
    "contracts": {
        "project_code": _required("项目编号"),
        "kind": lambda v: _choice(v, CONTRACT_KINDS, "合同类型"),
        "signed_on": read_date,
        "amount_yi": read_amount,
        "status": lambda v: _choice(v, STATUS_VALUES, "状态"),
    },
    "starts": {
        "project_code": _required("项目编号"),
        "started_on": read_date,
        "status": lambda v: _choice(v, STATUS_VALUES, "状态"),
    },
    "funds": {
        "project_code": _required("项目编号"),
        "month": read_month,
        "amount_yi": read_amount,
        "source": lambda v: _choice(v, FUNDS_SOURCES, "数据来源"),
        "status": lambda v: _choice(v, STATUS_VALUES, "状态"),
    },
}
DEFAULTS = {"major": False, "fai": False, "status": Status.CONFIRMED, "credit_code": "", "investor_tags": []}


KEEP = " projects、contracts、starts、funds 四张工作表"


def _sheet_key(title: str) -> str | None:
    key = SHEET_ALIASES.get(title.strip(), title.strip().lower())
    return key if key in SHEETS else None


def _header_name(value, sheet: str) -> str:
    text = re.sub(r"\s+", "", read_text(value))
    name = COLUMN_ALIASES.get(text, text.lower())
    # 项目编号 is the key on the projects sheet and the reference on the others.
    return "project_code" if name == "code" and sheet != "projects" else name


def read_ledger(data: bytes) -> Ledger:
    """Every cell of the workbook checked; nothing saved."""
    ledger = Ledger()
    try:
        found = read_sheets(data, keep=KEEP, pick=_sheet_key)
    except UnreadableWorkbook as exc:
        ledger.error("", 1, "", str(exc))
        return ledger
    if not found:
        ledger.error("", 1, "", "文件中没有 projects、contracts、starts、funds 中的任何一个工作表")
        return ledger
    for sheet in SHEETS:
        if sheet in found:
            _read_sheet(ledger, sheet, found[sheet])
    if not any(ledger.rows.values()) and not ledger.errors:
        ledger.error("", 1, "", "文件中没有数据行")
    return ledger


def _read_sheet(ledger: Ledger, sheet: str, rows) -> None:
    rows = iter(rows)
    header = next(rows, None) or ()
    columns = [_header_name(h, sheet) for h in header]
    missing = [c for c in COLUMNS[sheet]["required"] if c not in columns]
    for column in missing:
        ledger.error(sheet, 1, column, "缺少该列")
    if missing:
        return
    wanted = COLUMNS[sheet]["required"] + COLUMNS[sheet]["optional"]
    index = {c: columns.index(c) for c in wanted if c in columns}
    seen_codes = {}
    for number, cells in enumerate(rows, start=2):
        if not any(read_text(c) for c in cells):
            continue
        values, bad = {}, False
        for column in wanted:
            raw = cells[index[column]] if column in index and index[column] < len(cells) else None
            if column not in index and column in DEFAULTS:
                values[column] = DEFAULTS[column]
                continue
            if column == "status" and read_text(raw) == "":
                values[column] = Status.CONFIRMED
                continue
            try:
                values[column] = CELL_PARSERS[sheet][column](raw)
            except ValueError as exc:
                ledger.error(sheet, number, column, str(exc))
                bad = True
        if sheet == "projects":
            code = read_text(cells[index["code"]]) if index["code"] < len(cells) else ""
            if code:
                if code in seen_codes:
                    ledger.error(sheet, number, "code", f"项目编号“{code}”与第{seen_codes[code]}行重复")
                    bad = True
                seen_codes.setdefault(code, number)
                ledger.codes_in_file.add(code)
        if not bad:
            ledger.rows[sheet].append(Row(sheet, number, values))


# --- importing (database) -----------------------------------------------------------------------------------------


@dataclass
class ImportResult:
    errors: list = field(default_factory=list)
    created: Counter = field(default_factory=Counter)
    existing: Counter = field(default_factory=Counter)
    warnings: list = field(default_factory=list)
    new_rows: dict = field(default_factory=lambda: {sheet: [] for sheet in SHEETS})
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        names = {"projects": "项目", "contracts": "合同", "starts": "开工", "funds": "到位资金"}
        created = "、".join(f"{names[s]} {self.created[s]} 条" for s in SHEETS)
        existing = "、".join(f"{names[s]} {self.existing[s]} 条" for s in SHEETS if self.existing[s])
        text = f"新增 {created}"
        return text + (f"；已存在、未重复导入：{existing}" if existing else "")


class _Rollback(Exception):
    pass


def import_ledger(ledger: Ledger, *, by, source: str = "", dry_run: bool = False) -> ImportResult:
    """Import a read ledger, all or nothing. With ``dry_run`` (the upload page's preview) nothing is kept either way."""
    result = ImportResult(errors=list(ledger.errors), dry_run=dry_run)
    try:
        with transaction.atomic():
            _Importer(ledger, by=by, source=source, result=result).run()
            if result.errors or dry_run:
                raise _Rollback
            audit_log(
                action="records.import",
                by=by,
                detail={"source": source, "created": dict(result.created), "existing": dict(result.existing)},
            )
    except _Rollback:
        pass
    result.errors.sort(key=lambda e: (SHEETS.index(e.sheet) if e.sheet in SHEETS else -1, e.row))
    return result


_SAMPLE = {
    "contract": {"kind": "", "signed_on": None, "amount_yi": None},
    "start": {"started_on": None},
    "funds": {"month": None, "amount_yi": None, "source": ""},
}


def _key(values: dict, names) -> tuple:
    """What makes two ledger rows the same record: project, kind, date, amount … (amounts compared as numbers)."""
    return tuple(values[n].normalize() if isinstance(values[n], Decimal) else values[n] for n in names)


def _messages(exc: ValidationError) -> list[tuple[str, str]]:
    if hasattr(exc, "error_dict"):
        return [(FIELD_COLUMNS.get(name, name), m) for name, ms in exc.message_dict.items() for m in ms]
    return [("", m) for m in exc.messages]


class _Importer:
    def __init__(self, ledger: Ledger, *, by, source: str, result: ImportResult):
        self.ledger, self.by, self.source, self.result = ledger, by, source, result
        self.units = {}
        for unit in Unit.objects.all():
            self.units.setdefault(normalise_name(unit.name), unit)
            if unit.short_name:
                self.units.setdefault(normalise_name(unit.short_name), unit)
        self.tags = {}
        for tag in InvestorTag.objects.all():
            self.tags[tag.code] = tag
            self.tags[tag.name] = tag
        self.years = {y.year: y for y in AssessmentYear.objects.all()}
        self.projects: dict[str, Project] = {}
        self.filing_units = {}

    def error(self, row: Row, column: str, message: str):
        self.result.errors.append(CellError(row.sheet, row.row, column, message))

    def run(self):
        if not self.years:
            self.result.errors.append(CellError("", 1, "", "系统中还没有任何考核年度，请先导入目标任务分解表"))
            return
        dates = self._record_dates()
        for row in self.ledger.rows["projects"]:
            self._project(row, dates.get(row.values["code"], []))
        for sheet, kind in (("contracts", "contract"), ("starts", "start"), ("funds", "funds")):
            self._records(sheet, kind)

    def _record_dates(self) -> dict:
        dates = {}
        for sheet, name in (("contracts", "signed_on"), ("starts", "started_on"), ("funds", "month")):
            for row in self.ledger.rows[sheet]:
                dates.setdefault(row.values["project_code"], []).append(row.values[name])
        return dates

    # projects

    def _year_for(self, dates) -> AssessmentYear:
        """入库年度: the year of the project's earliest record. A year before the first plan is created as a closed
        year without targets; a year after the last plan takes the plan then in force."""
        from django.utils import timezone

        year = min(dates).year if dates else timezone.localdate().year
        if year in self.years:
            return self.years[year]
        first = min(self.years)
        if year < first:
            created = AssessmentYear.objects.create(
                year=year, title=f"{year}年（历史台账，无考核目标）", is_closed=True
            )
            audit_log(action="year.create_historical", by=self.by, obj=created, detail={"source": self.source})
            self.years[year] = created
            self.result.warnings.append(f"新建历史年度 {year}年（已关闭、无考核目标），用于导入该年度的记录")
            return created
        return self.years[max(y for y in self.years if y < year)]

    def _sector(self, row: Row, name: str, year: AssessmentYear):
        candidates = Sector.objects.filter(year=year)
        for sector in candidates:
            if name == normalise_name(sector.name) or name in {
                normalise_name(a) for a in re.split(r"[;；]", sector.aliases)
            }:
                return sector
        if not TargetRow.objects.filter(year=year).exists():
            model = next(
                (
                    s
                    for s in Sector.objects.exclude(year=year).order_by("year__year")
                    if name == normalise_name(s.name)
                    or name in {normalise_name(a) for a in re.split(r"[;；]", s.aliases)}
                ),
                None,
            )
            if model is not None:
                sector, created = Sector.objects.get_or_create(
                    year=year, name=model.name, defaults={"position": model.position, "aliases": model.aliases}
                )
                return sector
        self.error(row, "sector", f"“{name}”不是{year.year}年的类别")
        return None

    def _town(self, row: Row, name: str):
        unit = self.units.get(name)
        if unit is not None:
            if unit.kind != UnitKind.TOWN:
                self.error(row, "town", f"“{name}”不是乡镇（街道）")
                return None
            return unit
        unit = Unit.objects.create(name=name, kind=UnitKind.TOWN, position=900)
        audit_log(action="unit.create_town", by=self.by, obj=unit, detail={"source": self.source})
        self.units[name] = unit
        self.result.warnings.append(f"新增乡镇（街道）“{name}”")
        return unit

    def _project(self, row: Row, dates):
        v = row.values
        existing = Project.objects.filter(code=v["code"]).first()
        if existing is not None:
            self.projects[v["code"]] = existing
            self.result.existing["projects"] += 1
            if existing.name != v["name"] or existing.total_investment != v["total_investment_yi"]:
                self.result.warnings.append(
                    f"项目“{v['code']}”已在系统中（{existing.name}），台账中的项目信息未覆盖系统中的数据"
                )
            return
        bad = len(self.result.errors)
        credits = []
        for name, share in v["credits"]:
            unit = self.units.get(name)
            if unit is None:
                self.error(row, "credits", f"未知的单位“{name}”")
            credits.append((unit, share))
        tags = []
        for tag in v["investor_tags"]:
            if tag not in self.tags:
                self.error(row, "investor_tags", f"未知的企业标签“{tag}”")
            tags.append(self.tags.get(tag))
        year = self._year_for(dates)
        sector = self._sector(row, v["sector"], year) if v["sector"] else None
        town = self._town(row, v["town"]) if v["town"] else None
        if len(self.result.errors) > bad:
            return
        try:
            with transaction.atomic():
                investor = services.investor_save(
                    by=self.by, name=v["investor"], credit_code=v["credit_code"], tags=tags
                )
                project = services.project_create(
                    by=self.by,
                    credits=credits,
                    code=v["code"],
                    name=v["name"],
                    investor=investor,
                    year=year,
                    sector=sector,
                    kind=v["kind"],
                    is_major=v["major"],
                    town=town,
                    total_investment=v["total_investment_yi"],
                    in_fai_statistics=v["fai"],
                )
        except ValidationError as exc:
            for column, message in _messages(exc):
                self.error(row, column, message)
            return
        self.projects[v["code"]] = project
        self.result.created["projects"] += 1
        self.result.new_rows["projects"].append(row)

    # records

    def _project_of(self, row: Row):
        code = row.values["project_code"]
        if code in self.projects:
            return self.projects[code]
        if code in self.ledger.codes_in_file:
            return None  # its project row is wrong and already listed
        project = Project.objects.filter(code=code).first()
        if project is None:
            self.error(row, "project_code", f"未知的项目编号“{code}”（projects 工作表和系统中都没有）")
            return None
        self.projects[code] = project
        return project

    def _records(self, sheet: str, kind: str):
        rows = []
        for row in self.ledger.rows[sheet]:
            project = self._project_of(row)
            if project is not None:
                rows.append((row, project, self._fields(kind, row, project)))
        model = services.RECORD_MODELS[kind]
        names = list(self._fields(kind, Row(sheet, 0, _SAMPLE[kind]), None))
        have = Counter(
            _key(values, names)
            for values in model.objects.filter(project__in={p.pk for _, p, _ in rows}).values(*names)
        )
        wanted = Counter()
        for row, project, fields in rows:
            key = _key({k: getattr(v, "pk", v) for k, v in fields.items()}, names)
            wanted[key] += 1
            if wanted[key] <= have[key]:
                self.result.existing[sheet] += 1
                continue
            unit = self._filing_unit(project)
            try:
                services.record_import(
                    record_type=kind,
                    unit=unit,
                    by=self.by,
                    status=row.values["status"],
                    ledger_name=self.source,
                    **fields,
                )
            except ValidationError as exc:
                for column, message in _messages(exc):
                    self.error(row, column if column in row.values else "", message)
                continue
            self.result.created[sheet] += 1
            self.result.new_rows[sheet].append(row)

    def _filing_unit(self, project):
        """An imported record is filed in the name of the project's largest credited unit."""
        if project.pk not in self.filing_units:
            self.filing_units[project.pk] = project.credits.select_related("unit").order_by("-share", "id").first().unit
        return self.filing_units[project.pk]

    @staticmethod
    def _fields(kind: str, row: Row, project) -> dict:
        v = row.values
        if kind == "contract":
            return {"project": project, "kind": v["kind"], "signed_on": v["signed_on"], "amount": v["amount_yi"]}
        if kind == "start":
            return {"project": project, "started_on": v["started_on"]}
        return {"project": project, "month": v["month"], "amount": v["amount_yi"], "source": v["source"]}


# --- a blank ledger to start from --------------------------------------------------------------------------------

EXAMPLE = {
    "projects": [
        [
            "WS-2023-001",
            "示例：文旅综合体项目",
            "重庆示例文旅有限公司",
            "91330100716105852F",
            "china500",
            "other",
            "no",
            "生态旅游",
            "",
            "30",
            "yes",
            "县文化旅游委:60;旅发集团:40",
        ],
    ],  # fmt: skip
    "contracts": [["WS-2023-001", "formal", "2023-03-15", "10", "confirmed"]],
    "starts": [["WS-2023-001", "2023-05-01", "confirmed"]],
    "funds": [["WS-2023-001", "2023-05", "1.2", "bank", "confirmed"]],
}


def template_workbook() -> bytes:
    """The four sheets with their headers (§2) and one example row each, to be replaced by the real ledger."""
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for sheet in SHEETS:
        ws = book.create_sheet(sheet)
        ws.append(_ORDER[sheet])
        for row in EXAMPLE[sheet]:
            ws.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


_ORDER = {
    "projects": ["code", "name", "investor", "credit_code", "investor_tags", "kind", "major", "sector", "town",
                 "total_investment_yi", "fai", "credits"],
    "contracts": ["project_code", "kind", "signed_on", "amount_yi", "status"],
    "starts": ["project_code", "started_on", "status"],
    "funds": ["project_code", "month", "amount_yi", "source", "status"],
}  # fmt: skip
