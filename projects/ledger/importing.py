"""Importing a read ledger: units, sectors, tags and projects resolved, every row written through the same services
as the pages, in one transaction rolled back when any row is wrong or only a preview was asked for."""

import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from audit.services import audit_log
from core.formatting import plain
from core.spreadsheet import CellError, normalise_name
from core.spreadsheet import ImportResult as BaseImportResult
from projects import services
from projects.ledger.columns import FIELD_COLUMNS, SHEETS
from projects.ledger.reading import Ledger, Row
from projects.models import FactSource, IndustryLabel, Investor, InvestorTag, Project, ProjectCredit
from projects.notices import project_notices, record_notices
from projects.services.common import project_years
from targets.models import AssessmentYear, Sector, TargetRow, Unit, UnitKind, UnitName


@dataclass
class ImportResult(BaseImportResult):
    SHEETS = SHEETS

    existing: Counter = field(default_factory=Counter)

    @property
    def error_counts(self) -> list[tuple[str, int]]:
        """How many errors each sheet has, in sheet order (the page lists only the first ones)."""
        return sorted(Counter(e.sheet for e in self.errors).items(), key=lambda item: self.sheet_order(item[0]))

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
    result.sort_errors()
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
    """(column, message) of each error: a field's column, none for what concerns the row (a closed year …)."""
    if hasattr(exc, "error_dict"):
        return [
            ("" if name == NON_FIELD_ERRORS else FIELD_COLUMNS.get(name, name), m)
            for name, ms in exc.message_dict.items()
            for m in ms
        ]
    return [("", m) for m in exc.messages]


class _Investors:
    """A preview's investors: those of the system the projects sheet names (one query), then the ones its rows would
    create or change — what ``investor_save`` would find, row after row, if the rows were written."""

    def __init__(self):
        self.by_name, self.by_code, self.tag_codes, self.project_years = {}, {}, {}, {}

    def load(self, rows):
        names = {(r.values["investor"] or "").strip() for r in rows}
        codes = {(r.values["credit_code"] or "").strip().upper() for r in rows} - {""}
        for investor in Investor.objects.filter(Q(name__in=names) | Q(credit_code__in=codes)).prefetch_related("tags"):
            self.by_name[investor.name] = investor
            if investor.credit_code:
                self.by_code[investor.credit_code] = investor
            self.tag_codes[investor.name] = sorted(t.code for t in investor.tags.all())

    def named(self, name: str):
        return self.by_name.get(name)

    def holding(self, credit_code: str):
        return self.by_code.get(credit_code) if credit_code else None

    def tags(self, investor) -> list:
        return self.tag_codes.get(investor.name, [])

    def years(self, investor) -> set:
        """The years its projects count for: those of its projects in the system, and the new ones' library years
        (a new project has no records yet when the projects sheet is checked)."""
        if investor.name not in self.project_years:
            self.project_years[investor.name] = set()
            for project in investor.projects.all() if investor.pk else ():
                self.project_years[investor.name] |= project_years(project)
        return self.project_years[investor.name]

    def add(self, investor, project, *, credit_code: str, tags):
        """The row is right: what ``investor_save`` and ``project_create`` would have written, kept in hand."""
        self.by_name[investor.name] = investor
        if credit_code and not investor.credit_code:
            investor.credit_code = credit_code  # in hand only: this instance is never saved
        if investor.credit_code:
            self.by_code[investor.credit_code] = investor
        if tags is not None:
            self.tag_codes[investor.name] = sorted({t.code for t in tags})
        self.years(investor).add(project.year.year)


class _Importer:
    def __init__(self, ledger: Ledger, *, by, source: str, result: ImportResult):
        self.ledger, self.by, self.source, self.result = ledger, by, source, result
        self.units = {}
        for unit in Unit.objects.all():
            self.units.setdefault(normalise_name(unit.name), unit)
            if unit.short_name:
                self.units.setdefault(normalise_name(unit.short_name), unit)
        for former in UnitName.objects.select_related("unit"):
            self.units.setdefault(normalise_name(former.name), former.unit)  # a renamed unit, by a name it had
        self.tags = {}
        for tag in InvestorTag.objects.all():
            self.tags[tag.code] = tag
            self.tags[tag.name] = tag
        self.years = {y.year: y for y in AssessmentYear.objects.all()}
        self.projects: dict[str, Project] = {}
        self.in_system: dict[str, Project] = {}  # the projects sheet's codes already in the system (one query)
        self.sectors: dict[int, list] = {}  # year pk -> its sectors (one query a year)
        self.assessed: dict[int, set] = {}  # year pk -> the units with a row in its table
        # project code -> its credited units, largest share first (an imported record is filed in the first's name)
        self.credits_of: dict[str, list] = {}
        self.investors = _Investors() if result.dry_run else None  # a preview's investors, checked in hand
        self.service_kinds = {}
        for label in IndustryLabel.objects.filter(group=IndustryLabel.Group.PRODUCER_SERVICE):
            self.service_kinds[label.code] = label
            self.service_kinds[normalise_name(label.name)] = label

    def error(self, row: Row, column: str, message: str):
        self.result.errors.append(CellError(row.sheet, row.row, column, message))

    def run(self):
        if not self.years:
            self.result.errors.append(CellError("", 1, "", "系统中还没有任何考核年度，请先导入目标任务分解表"))
            return
        self._check_investor_tags()
        self._presum_funds()
        dates = self._record_dates()
        rows = self.ledger.rows["projects"]
        self.in_system = {p.code: p for p in Project.objects.filter(code__in={r.values["code"] for r in rows})}
        if self.investors is not None:
            self.investors.load(rows)
        for row in rows:
            self._project(row, dates.get(row.values["code"], []))
        for sheet, kind in (("contracts", "contract"), ("starts", "start"), ("funds", "funds")):
            self._records(sheet, kind)

    def warn(self, row: Row, message: str):
        self.result.warnings.append(f"工作表“{row.sheet}”第{row.row}行：{message}")

    def _tag_codes(self, tags) -> list:
        """The tags a cell gives, as codes where known (a tag may be given by its code or its name)."""
        return sorted({self.tags[t].code if t in self.tags else t for t in tags})

    def _check_investor_tags(self):
        """Two rows giving one investor different tags: an error naming both rows (an empty cell gives none)."""
        first = {}
        for row in self.ledger.rows["projects"]:
            tags = row.values["investor_tags"]
            if tags is None:
                continue
            name = row.values["investor"]
            if name not in first:
                first[name] = row
            elif self._tag_codes(first[name].values["investor_tags"]) != self._tag_codes(tags):
                self.error(
                    row,
                    "investor_tags",
                    f"企业“{name}”的标签与第{first[name].row}行不同（{';'.join(first[name].values['investor_tags'])}"
                    f" / {';'.join(tags)}），同一企业只能有一组标签",
                )

    def _presum_funds(self):
        """One funds record per project and month (its vouchers are its evidence): rows of one project, month and
        source are summed into one, with a 提示 naming the rows."""
        codes = {row.values["project_code"] for row in self.ledger.rows["funds"]}
        # Rows naming an unknown project stay apart: each is an error of its own.
        known = self.ledger.codes_in_file | set(Project.objects.filter(code__in=codes).values_list("code", flat=True))
        groups = {}
        for row in self.ledger.rows["funds"]:
            v = row.values
            key = (v["project_code"], v["month"], v["source"]) if v["project_code"] in known else ("", row.row)
            groups.setdefault(key, []).append(row)
        merged = []
        for rows in groups.values():
            if len(rows) == 1:
                merged.append(rows[0])
                continue
            total = sum((r.values["amount_yi"] for r in rows), Decimal("0"))
            first = rows[0]
            merged.append(Row(first.sheet, first.row, {**first.values, "amount_yi": total}))
            self.warn(
                first,
                f"项目“{first.values['project_code']}”{first.values['month']:%Y年%m月}的"
                f"{len(rows)}行到位资金（第{'、'.join(str(r.row) for r in rows)}行）合并为一条记录，"
                f"合计 {plain(total)} 亿元",
            )
        merged.sort(key=lambda r: r.row)
        self.ledger.rows["funds"] = merged

    def _unassessed(self, row: Row, project, day):
        """A record of a year whose table has no row for a credited unit counts for nobody there: a 提示."""
        year = next((y for y in self.years.values() if y.year == day.year), None)
        if year is None:
            return
        if not self._assessed(year):
            return
        for unit in self.credits_of[project.code]:
            if unit.pk not in self.assessed[year.pk]:
                self.warn(
                    row,
                    f"单位“{unit.name}”在{year.year}年目标任务分解表中没有任务，该记录不计入任何单位的{year.year}年考核",
                )

    def _assessed(self, year) -> set:
        """The units with a row in ``year``'s table (none: the year has no table yet)."""
        if year.pk not in self.assessed:
            self.assessed[year.pk] = set(TargetRow.objects.filter(year=year).values_list("unit_id", flat=True))
        return self.assessed[year.pk]

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
        if year.pk not in self.sectors:
            self.sectors[year.pk] = list(Sector.objects.filter(year=year))
        for sector in self.sectors[year.pk]:
            if name == normalise_name(sector.name) or name in {
                normalise_name(a) for a in re.split(r"[;；]", sector.aliases)
            }:
                return sector
        if not self._assessed(year):
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
                self.sectors[year.pk].append(sector)
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
        existing = self.in_system.get(v["code"])
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
        tags = None if v["investor_tags"] is None else []
        for tag in v["investor_tags"] or ():
            if tag not in self.tags:
                self.error(row, "investor_tags", f"未知的企业标签“{tag}”")
            tags.append(self.tags.get(tag))
        labels = None
        if v.get("service_kind"):
            label = self.service_kinds.get(v["service_kind"]) or self.service_kinds.get(
                normalise_name(v["service_kind"])
            )
            if label is None:
                self.error(row, "service_kind", f"未知的生产性服务业类别“{v['service_kind']}”")
            labels = [label]
        year = self._year_for(dates)
        sector = self._sector(row, v["sector"], year) if v["sector"] else None
        town = self._town(row, v["town"]) if v["town"] else None
        if len(self.result.errors) > bad:
            return
        fields = {
            "code": v["code"],
            "name": v["name"],
            "year": year,
            "sector": sector,
            "kind": v["kind"],
            "is_major": v["major"],
            "town": town,
            "total_investment": v["total_investment_yi"],
            "in_fai_statistics": v["fai"],
        }
        try:
            if self.investors is not None:
                project = self._check_project(v, tags, credits, fields)
            else:
                with transaction.atomic():
                    # the center's own rule for tags: None (an empty cell) keeps what is held; a change is a
                    # confirmed version of the import, whoever runs it (the system account cannot sign in)
                    investor = services.investor_save(
                        by=self.by,
                        name=v["investor"],
                        credit_code=v["credit_code"],
                        tags=tags,
                        source=FactSource.IMPORT,
                        reason=f"台账导入：{self.source}" if self.source else "台账导入",
                    )
                    project = services.project_create(
                        by=self.by,
                        credits=credits,
                        investor=investor,
                        resolved=True,
                        **fields,
                        **({"labels": labels} if labels else {}),
                    )
        except ValidationError as exc:
            for column, message in _messages(exc):
                self.error(row, column, message)
            return
        for notice in project_notices(total_investment=project.total_investment, year=year):
            self.warn(row, notice)
        self.projects[v["code"]] = project
        # As the credits' ordering (-share, id) reads them back: largest share first, then as listed.
        self.credits_of[v["code"]] = [unit for unit, _ in sorted(credits, key=lambda c: -Decimal(c[1]))]
        self.result.created["projects"] += 1
        self.result.new_rows["projects"].append(row)

    def _check_project(self, v: dict, tags, credits, fields) -> Project:
        """A preview's new project: what ``investor_save`` and ``project_create`` would refuse, checked by their own
        functions against the investors in hand, nothing written. The project comes back unsaved."""
        name, credit_code = services.investor_identity(v["investor"], v["credit_code"])
        named, holder = self.investors.named(name), self.investors.holding(credit_code)
        services.check_investor(
            name=name, credit_code=credit_code, named=named, holder=holder if holder is not named else None
        )
        investor = named or Investor(name=name, credit_code=credit_code)
        if services.tags_differ(self.investors.tags(investor), tags):
            services.ensure_investor_tags_open(investor.name, self.investors.years(investor))
        project = Project(created_by=self.by, investor=investor, **fields)
        services.check_project(project, credits, resolved=True)
        self.investors.add(investor, project, credit_code=credit_code, tags=tags)
        return project

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
        self._load_projects({row.values["project_code"] for row in self.ledger.rows[sheet]})
        rows = []
        for row in self.ledger.rows[sheet]:
            project = self._project_of(row)
            if project is not None:
                rows.append((row, project, self._fields(kind, row, project)))
        model = services.RECORD_MODELS[kind]
        names = list(self._fields(kind, Row(sheet, 0, _SAMPLE[kind]), None))
        saved = {p.pk: p.code for _, p, _ in rows if p.pk is not None}  # a preview's new projects have no records
        have = Counter(
            _key({**values, "project": saved[values["project"]]}, names)
            for values in model.objects.filter(project__in=saved).values(*names)
        )
        self._load_credits({p.code: p.pk for _, p, _ in rows if p.code not in self.credits_of})
        wanted, new = Counter(), {}
        for row, project, fields in rows:
            key = _key({**fields, "project": project.code}, names)
            wanted[key] += 1
            if wanted[key] <= have[key]:
                self.result.existing[sheet] += 1
                continue
            new[f"第{row.row}行"] = (row, self.credits_of[project.code][0], fields)
        # One service call for the sheet: the same rules as a page's filing, a few queries for 20,000 rows.
        created, errors = services.records_import(
            record_type=kind,
            rows=[(label, unit, row.values["status"], fields) for label, (row, unit, fields) in new.items()],
            by=self.by,
            ledger_name=self.source,
            dry_run=self.result.dry_run,
        )
        for label, exc in errors.items():
            row = new[label][0]
            for column, message in _messages(exc):
                self.error(row, column if column in row.values else "", message)
        if errors:
            return
        self.result.created[sheet] += len(created)
        day_field = {"contract": "signed_on", "start": "started_on"}.get(kind, "month")
        for (row, _unit, _fields), record in zip(new.values(), created, strict=True):
            for notice in record_notices(kind, record):
                self.warn(row, notice)
            self._unassessed(row, record.project, getattr(record, day_field))
            self.result.new_rows[sheet].append(row)

    def _load_projects(self, codes):
        """The projects a sheet names that are not in hand yet, in one query."""
        missing = set(codes) - set(self.projects) - self.ledger.codes_in_file
        for project in Project.objects.filter(code__in=missing):
            self.projects[project.code] = project

    def _load_credits(self, pks: dict):
        """The credited units of the system's projects named (code -> pk), in one query for all."""
        credits = ProjectCredit.objects.filter(project_id__in=pks.values()).select_related("unit")
        units = {}
        for credit in credits.order_by("-share", "id"):
            units.setdefault(credit.project_id, []).append(credit.unit)
        for code, pk in pks.items():
            self.credits_of[code] = units.get(pk, [])

    @staticmethod
    def _fields(kind: str, row: Row, project) -> dict:
        v = row.values
        if kind == "contract":
            return {"project": project, "kind": v["kind"], "signed_on": v["signed_on"], "amount": v["amount_yi"]}
        if kind == "start":
            return {"project": project, "started_on": v["started_on"]}
        return {"project": project, "month": v["month"], "amount": v["amount_yi"], "source": v["source"]}
