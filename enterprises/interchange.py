"""Industry chains and target enterprises in and out of Excel (INTERCHANGE.md §5).

``read_workbook`` checks every cell without the database; ``import_workbook`` resolves sectors, links, units, tags
and projects and writes through ``enterprises.services`` inside one transaction, rolled back when any row is wrong
(or when only a preview was asked for): all or nothing, every bad row listed (sheet, row, column, reason).
An enterprise is keyed by its credit code when given, else by its name; importing the same file twice changes
nothing, and an empty optional cell never clears what the system holds. ``export_workbook`` writes the same sheets
plus each enterprise's last contact date and linked project code, so export → import → export gives the same values.
"""

import io
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from audit.services import audit_log
from core.spreadsheet import MAX_UNZIPPED, CellError, normalise_name, read_amount, read_text
from core.spreadsheet import ImportResult as BaseImportResult
from enterprises import selectors, services
from enterprises.models import ChainLink, LinkRole, TargetEnterprise, TargetStage
from projects.models import InvestorTag, Project
from projects.validators import check_credit_code
from targets.models import Leader, Sector, Unit
from targets.selectors import current_year

SHEETS = ("chain_links", "enterprises")
SHEET_ALIASES = {
    "产业链": "chain_links",
    "产业链环节": "chain_links",
    "目标企业": "enterprises",
    "重点企业表": "enterprises",
}
COLUMNS = {
    "chain_links": {"required": ["sector", "segment", "link"], "optional": ["role"]},
    "enterprises": {
        "required": ["name", "sector", "unit", "stage"],
        "optional": [
            "credit_code", "region", "link", "tags", "expected_yi", "note", "project_code", "industry", "leader",
            "pause_reason",
        ],
    },
}  # fmt: skip
EXPORT_COLUMNS = {
    "chain_links": ["sector", "segment", "link", "role"],
    "enterprises": [
        "name", "credit_code", "region", "sector", "link", "tags", "unit", "stage", "expected_yi", "note",
        "last_contact", "project_code",
    ],
}  # fmt: skip
COLUMN_ALIASES = {
    "类别": "sector",
    "领域": "sector",
    "链段": "segment",
    "环节": "link",
    "产业链环节": "link",
    "定位": "role",
    "企业名称": "name",
    "统一社会信用代码": "credit_code",
    "总部所在地": "region",
    "地区": "region",
    "企业标签": "tags",
    "标签": "tags",
    "责任单位": "unit",
    "阶段": "stage",
    "预计投资（亿元）": "expected_yi",
    "预计投资(亿元)": "expected_yi",
    "备注": "note",
    "项目编号": "project_code",
    "所属行业": "industry",
    "跟踪县领导": "leader",
    "暂停原因": "pause_reason",
    "最近对接日期": "last_contact",
}
ROLES = {"": "", "gap": LinkRole.GAP, "补链": LinkRole.GAP, "strength": LinkRole.STRENGTH, "强链": LinkRole.STRENGTH,
         "延链": LinkRole.STRENGTH}  # fmt: skip
STAGES = {value: value for value in TargetStage.values} | {label: value for value, label in TargetStage.choices}
# Service fields named in messages → columns.
FIELD_COLUMNS = {
    "expected_amount": "expected_yi",
    "pause_reason": "stage",
    "project": "project_code",
    "province": "region",
}
MAX_ROWS = 5000


@dataclass
class Row:
    sheet: str
    row: int
    values: dict


@dataclass
class Workbook:
    rows: dict = field(default_factory=lambda: {sheet: [] for sheet in SHEETS})
    errors: list = field(default_factory=list)

    def error(self, sheet, row, column, message):
        self.errors.append(CellError(sheet, row, column, message))


# --- reading (no database) ------------------------------------------------------------------------------------


def _required(what):
    def parse(value):
        text = normalise_name(value) if what != "企业名称" else read_text(value)
        if not text:
            raise ValueError(f"{what}不能为空")
        return text

    return parse


def _optional_amount(value):
    if value is None or read_text(value) == "":
        return None
    return read_amount(value)


def _credit_code(value):
    code = read_text(value).upper().replace(" ", "")
    if not code:
        return ""
    try:
        return check_credit_code(code)
    except ValidationError as exc:
        raise ValueError(exc.messages[0]) from None


def _choice(value, choices: dict, what: str, allowed: str):
    text = read_text(value)
    for key in (text, text.lower()):
        if key in choices:
            return choices[key]
    raise ValueError(f"未知的{what}“{text}”，应为 {allowed} 之一")


def _tags(value) -> list[str]:
    return [t.strip() for t in re.split(r"[;；,，、]", read_text(value)) if t.strip()]


PARSERS = {
    "chain_links": {
        "sector": _required("类别"),
        "segment": _required("链段"),
        "link": _required("环节"),
        "role": lambda v: _choice(v, ROLES, "定位", "gap、strength 或空"),
    },
    "enterprises": {
        "name": _required("企业名称"),
        "credit_code": _credit_code,
        "region": lambda v: normalise_name(v),
        "sector": _required("类别"),
        "link": lambda v: normalise_name(v),
        "tags": _tags,
        "unit": _required("责任单位"),
        "stage": lambda v: _choice(v, STAGES, "阶段", "target、contacted、negotiating、converted、paused"),
        "expected_yi": _optional_amount,
        "note": read_text,
        "project_code": read_text,
        "industry": read_text,
        "leader": lambda v: normalise_name(v),
        "pause_reason": read_text,
    },
}


def _header(value) -> str:
    text = re.sub(r"\s+", "", read_text(value))
    return COLUMN_ALIASES.get(text, text.lower())


def read_workbook(data: bytes) -> Workbook:
    """Every cell of the workbook checked; nothing saved."""
    import openpyxl

    book = Workbook()
    damaged = (
        "不是有效的 Excel .xlsx 文件（文件可能已损坏，或是其他格式改了扩展名），请在 Excel/WPS 中另存为 .xlsx 后再导入"
    )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(m.file_size for m in archive.infolist()) > MAX_UNZIPPED:
                book.error("", 1, "", "工作簿解压后过大，请只保留 chain_links、enterprises 两张工作表后再导入")
                return book
    except (zipfile.BadZipFile, OSError, ValueError):
        book.error("", 1, "", damaged)
        return book
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        found = {}
        for title in workbook.sheetnames:
            key = SHEET_ALIASES.get(title.strip(), title.strip().lower())
            if key in SHEETS and key not in found:
                found[key] = list(workbook[title].iter_rows(values_only=True, max_row=MAX_ROWS + 1))
        workbook.close()
    except Exception:
        book.error("", 1, "", damaged)
        return book
    if not found:
        book.error("", 1, "", "文件中没有 chain_links 或 enterprises 工作表")
        return book
    for sheet in SHEETS:
        if sheet in found:
            _read_sheet(book, sheet, found[sheet])
    if not any(book.rows.values()) and not book.errors:
        book.error("", 1, "", "文件中没有数据行")
    return book


def _read_sheet(book: Workbook, sheet: str, rows) -> None:
    rows = iter(rows)
    columns = [_header(h) for h in (next(rows, None) or ())]
    missing = [c for c in COLUMNS[sheet]["required"] if c not in columns]
    for column in missing:
        book.error(sheet, 1, column, "缺少该列")
    if missing:
        return
    wanted = COLUMNS[sheet]["required"] + COLUMNS[sheet]["optional"]
    index = {c: columns.index(c) for c in wanted if c in columns}
    for number, cells in enumerate(rows, start=2):
        if number > MAX_ROWS + 1:
            book.error(sheet, number, "", f"一次最多导入 {MAX_ROWS} 行，请分批导入")
            return
        if not any(read_text(c) for c in cells):
            continue
        values, bad = {}, False
        for column in wanted:
            if column not in index:
                values[column] = None  # the column is not in the file: not given
                continue
            raw = cells[index[column]] if index[column] < len(cells) else None
            try:
                values[column] = PARSERS[sheet][column](raw)
            except ValueError as exc:
                book.error(sheet, number, column, str(exc))
                bad = True
        if not bad:
            book.rows[sheet].append(Row(sheet, number, values))


# --- importing (database) -------------------------------------------------------------------------------------


@dataclass
class ImportResult(BaseImportResult):
    SHEETS = SHEETS

    changed: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)

    def summary(self) -> str:
        names = {"chain_links": "产业链环节", "enterprises": "目标企业"}
        parts = []
        for sheet in SHEETS:
            text = f"{names[sheet]}新增 {self.created[sheet]} 个、修改 {self.changed[sheet]} 个"
            if self.unchanged[sheet]:
                text += f"、未变 {self.unchanged[sheet]} 个"
            parts.append(text)
        return "；".join(parts)


class _Rollback(Exception):
    pass


def import_workbook(book: Workbook, *, by, source: str = "", dry_run: bool = False) -> ImportResult:
    """Import a read workbook, all or nothing; with ``dry_run`` (the upload page's preview) nothing is kept."""
    result = ImportResult(errors=list(book.errors), dry_run=dry_run)
    try:
        with transaction.atomic():
            if all(e.sheet for e in result.errors):  # a damaged file has nothing more to check
                _Importer(book, by=by, result=result).run()
            if result.errors or dry_run:
                raise _Rollback
            audit_log(
                action="enterprises.import",
                by=by,
                detail={"source": source, "created": dict(result.created), "changed": dict(result.changed)},
            )
    except _Rollback:
        pass
    result.sort_errors()
    return result


def _messages(exc: ValidationError) -> list[tuple[str, str]]:
    if hasattr(exc, "error_dict"):
        return [(FIELD_COLUMNS.get(name, name), m) for name, ms in exc.message_dict.items() for m in ms]
    return [("", m) for m in exc.messages]


class _Importer:
    def __init__(self, book: Workbook, *, by, result: ImportResult):
        self.book, self.by, self.result = book, by, result
        self.year = current_year()
        self.sectors = {}
        for sector in Sector.objects.filter(year=self.year):
            self.sectors[normalise_name(sector.name)] = sector
            for alias in re.split(r"[;；]", sector.aliases):
                if normalise_name(alias):
                    self.sectors.setdefault(normalise_name(alias), sector)
        self.units = {}
        for unit in Unit.objects.all():
            self.units.setdefault(normalise_name(unit.name), unit)
            if unit.short_name:
                self.units.setdefault(normalise_name(unit.short_name), unit)
        self.tags = {}
        for tag in InvestorTag.objects.all():
            self.tags[tag.code] = self.tags[tag.name] = tag
        self.leaders = {normalise_name(leader.name): leader for leader in Leader.objects.all()}

    def error(self, row: Row, column: str, message: str):
        self.result.errors.append(CellError(row.sheet, row.row, column, message))

    def run(self):
        if self.year is None:
            self.result.errors.append(CellError("", 1, "", "系统中还没有任何考核年度，请先导入目标任务分解表"))
            return
        self._links()
        self._enterprises()

    def _sector(self, row: Row):
        sector = self.sectors.get(row.values["sector"])
        if sector is None:
            names = "、".join(s.name for s in dict.fromkeys(self.sectors.values()))
            self.error(row, "sector", f"“{row.values['sector']}”不是{self.year.year}年的类别（应为 {names} 之一）")
        return sector

    def _links(self):
        seen = {}
        for row in self.book.rows["chain_links"]:
            v = row.values
            sector = self._sector(row)
            if sector is None:
                continue
            key = (sector.pk, v["link"])
            if key in seen:
                self.error(row, "link", f"{sector}产业链的环节“{v['link']}”与第{seen[key]}行重复")
                continue
            seen[key] = row.row
            existing = ChainLink.objects.filter(sector=sector, name=v["link"]).first()
            role = v["role"] or ""
            if existing is not None and (existing.segment, existing.role) == (v["segment"], role):
                self.result.unchanged["chain_links"] += 1
                continue
            try:
                services.chain_link_save(
                    sector=sector, name=v["link"], segment=v["segment"], role=role, by=self.by, link=existing
                )
            except ValidationError as exc:
                for column, message in _messages(exc):
                    column = {"name": "link"}.get(column, column)
                    self.error(row, column if column in v else "", message)
                continue
            if existing is None:
                self.result.created["chain_links"] += 1
                self.result.new_rows["chain_links"].append(row)
            else:
                self.result.changed["chain_links"] += 1

    def _enterprises(self):
        rows = self.book.rows["enterprises"]
        by_code, by_name = {}, {}
        for row in rows:
            v = row.values
            if v["credit_code"]:
                first = by_code.get(v["credit_code"])
                if first is not None and first.values["name"] != v["name"]:
                    self.error(
                        row,
                        "credit_code",
                        f"统一社会信用代码 {v['credit_code']} 在第{first.row}行登记为“{first.values['name']}”，"
                        f"本行却是“{v['name']}”：同一企业不能以两个名称出现",
                    )
                    continue
                if first is not None:
                    self.error(row, "name", f"企业“{v['name']}”与第{first.row}行重复")
                    continue
                by_code[v["credit_code"]] = row
            if v["name"] in by_name:
                self.error(row, "name", f"企业“{v['name']}”与第{by_name[v['name']].row}行重复")
                continue
            by_name[v["name"]] = row
            self._enterprise(row)

    def _find(self, v: dict):
        if v["credit_code"]:
            found = TargetEnterprise.objects.filter(credit_code=v["credit_code"]).first()
            if found is not None:
                return found
        return TargetEnterprise.objects.filter(name=v["name"]).first()

    def _enterprise(self, row: Row):
        v = row.values
        bad = len(self.result.errors)
        sector = self._sector(row)
        unit = self.units.get(v["unit"])
        if unit is None:
            self.error(row, "unit", f"未知的单位“{v['unit']}”")
        link = None
        if sector is not None and v["link"]:
            link = ChainLink.objects.filter(sector=sector, name=v["link"]).first()
            if link is None:
                self.error(row, "link", f"“{v['link']}”不是{sector}产业链的环节（chain_links 工作表和系统中都没有）")
        tags = None
        if v["tags"]:
            unknown = [t for t in v["tags"] if t not in self.tags]
            for tag in unknown:
                self.error(
                    row,
                    "tags",
                    f"未知的企业标签“{tag}”（应为 {'、'.join(sorted(t.code for t in self.tags.values()))} 之一）",
                )
            tags = list(dict.fromkeys(self.tags[t] for t in v["tags"] if t in self.tags))
        leader = None
        if v["leader"]:
            leader = self.leaders.get(v["leader"])
            if leader is None:
                self.error(row, "leader", f"未知的县领导“{v['leader']}”")
        project = None
        if v["project_code"]:
            project = Project.objects.filter(code=v["project_code"]).first()
            if project is None:
                self.error(row, "project_code", f"项目库中没有编号为“{v['project_code']}”的项目")
        if len(self.result.errors) > bad:
            return
        target = self._find(v)
        if target is not None and v["credit_code"] and target.name != v["name"]:
            self.error(
                row,
                "credit_code",
                f"该统一社会信用代码已登记为“{target.name}”，同一企业不能以两个名称登记（本行为“{v['name']}”）",
            )
            return
        fields = {"name": v["name"], "sector": sector, "unit": unit}
        optional = {
            "credit_code": v["credit_code"],
            "link": link,
            "expected_amount": v["expected_yi"],
            "note": v["note"],
            "industry": v["industry"],
            "leader": leader,
        }
        fields |= {k: value for k, value in optional.items() if value not in (None, "")}
        region = v["region"] or None
        stage = v["stage"]
        reason = v["pause_reason"] or ""
        if stage == TargetStage.PAUSED and not reason:
            reason = (target.pause_reason if target is not None else "") or v["note"] or ""
            if not reason:
                self.error(row, "stage", "暂停须写明原因（pause_reason 列，或在 note 列说明）")
                return
        if stage == TargetStage.CONVERTED and project is None and (target is None or target.project_id is None):
            self.error(row, "project_code", "“已转化”须在 project_code 列填写转化成的项目编号")
            return
        if target is not None and target.stage == TargetStage.CONVERTED and stage != TargetStage.CONVERTED:
            self.error(
                row,
                "stage",
                f"“{target.name}”已转化为项目“{target.project.code}”，不能改为“{TargetStage(stage).label}”",
            )
            return
        before = self._snapshot(target)
        try:
            with transaction.atomic():
                if target is None:
                    initial = TargetStage.TARGET if stage == TargetStage.CONVERTED else stage
                    target = services.target_save(
                        by=self.by, tags=tags, region=region, stage=initial, pause_reason=reason, **fields
                    )
                else:
                    services.target_save(by=self.by, target=target, tags=tags, region=region, **fields)
                    if stage not in (TargetStage.CONVERTED, target.stage) or (
                        stage == TargetStage.PAUSED and v["pause_reason"] and reason != target.pause_reason
                    ):
                        services.target_set_stage(target=target, stage=stage, by=self.by, reason=reason)
                if stage == TargetStage.CONVERTED and project is not None:
                    services.target_link_project(target=target, project=project, by=self.by)
        except ValidationError as exc:
            for column, message in _messages(exc):
                self.error(row, column if column in v else "", message)
            return
        if before is None:
            self.result.created["enterprises"] += 1
            self.result.new_rows["enterprises"].append(row)
        elif self._snapshot(target) != before:
            self.result.changed["enterprises"] += 1
        else:
            self.result.unchanged["enterprises"] += 1

    @staticmethod
    def _snapshot(target):
        if target is None:
            return None
        target = TargetEnterprise.objects.get(pk=target.pk)
        return (
            tuple(getattr(target, f) for f in services.TARGET_FIELDS if f not in ("sector", "link", "unit", "leader")),
            target.sector_id,
            target.link_id,
            target.unit_id,
            target.leader_id,
            target.stage,
            target.pause_reason,
            target.project_id,
            tuple(sorted(target.tags.values_list("code", flat=True))),
        )


# --- exporting ------------------------------------------------------------------------------------------------


def export_rows(sector_name: str | None = None) -> dict[str, list[list]]:
    """The rows of both sheets (the year's chains and the targets of its sectors), in the §5 columns."""
    year = current_year()
    sectors = Sector.objects.filter(year=year)
    if sector_name:
        sectors = sectors.filter(name=sector_name)
    links = (
        ChainLink.objects.filter(sector__in=sectors)
        .select_related("sector")
        .order_by("sector__position", "position", "id")
    )
    targets = selectors.targets_with_contacts(TargetEnterprise.objects.filter(sector__in=sectors))
    return {
        "chain_links": [[link.sector.name, link.segment, link.name, link.role] for link in links],
        "enterprises": [
            [
                t.name,
                t.credit_code,
                t.region,
                t.sector.name,
                t.link.name if t.link else "",
                ";".join(tag.code for tag in t.tags.all()),
                t.unit.name,
                t.stage,
                None if t.expected_amount is None else float(t.expected_amount),
                t.note,
                t.last_contact_on.isoformat() if t.last_contact_on else "",
                t.project.code if t.project else "",
            ]
            for t in targets
        ],
    }


def export_workbook(sector_name: str | None = None) -> bytes:
    """The key-enterprise list (重点企业表) as the §5 workbook: importable as it is."""
    import openpyxl

    from core.xlsx import FIXED_DATE

    rows = export_rows(sector_name)
    book = openpyxl.Workbook()
    book.remove(book.active)
    for sheet in SHEETS:
        ws = book.create_sheet(sheet)
        ws.append(EXPORT_COLUMNS[sheet])
        for row in rows[sheet]:
            ws.append(row)
        for cell in ws[1]:
            cell.font = openpyxl.styles.Font(bold=True)
    book.properties.creator = "巫山县招商引资考核系统"
    book.properties.created = book.properties.modified = FIXED_DATE
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
