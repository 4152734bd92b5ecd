"""The ledger's preview (the upload page's dry run, import_records --dry-run) checks new projects and records without
writing them (issue 13: 20,000 rows in ≤ 5 s). It must say exactly what the import says: the same errors, counts,
提示 and rows, for ledgers whose rows go wrong in every way the services refuse — and leave every table as it was."""

import datetime as dt
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.validators import MinValueValidator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.models import AuditEvent
from projects import services
from projects.ledger import import_ledger, read_ledger
from projects.models import Investor, InvestorTag, Project
from targets.models import AssessmentYear
from targets.services import year_close
from tests.helpers import make_project, unit
from tests.projects.conftest import workbook
from tests.projects.test_ledger_import import PROJECT_HEADER, good_ledger

CODES = ["91330100716105852F", "914403001922038216", "9144030071526726XG", "91110000802100433B"]  # GB 32100 valid
CONTRACTS = ["project_code", "kind", "signed_on", "amount_yi", "status"]
STARTS = ["project_code", "started_on", "status"]
FUNDS = ["project_code", "month", "amount_yi", "source", "status"]


def project_row(code, investor, *, credit_code=None, tags=None, credits="县文化旅游委", total=10, town=None):
    return [code, f"项目{code}", investor, credit_code, tags, "other", "no", None, town, total, "no", credits]


def funds_of(project, month, amount):
    return services.record_import(
        record_type="funds", unit=unit("县文化旅游委"), by=project.created_by, project=project,
        month=month, amount=Decimal(amount), source="bank",
    )  # fmt: skip


def mixed_errors(auditor) -> dict:
    """Open years: investors clashing with the system's and with each other's rows, bad shares and units, funds
    twice in a month (in the file, in the system), above the total, unknown projects, future dates, two starts."""
    system = make_project(by=auditor, code="S-001", credits=[("县文化旅游委", 100)], investor="系统投资公司")
    Investor.objects.filter(pk=system.investor_id).update(credit_code=CODES[0])
    funds_of(system, dt.date(2023, 3, 1), "1")
    return {
        "projects": [
            PROJECT_HEADER,
            project_row("S-001", "系统投资公司", total=99),  # in the system (its name differs): a 提示
            project_row("N-001", "新企业甲", credit_code=CODES[0]),  # the system's investor holds that code
            project_row("N-002", "新企业乙", tags="china500"),
            project_row("N-003", "新企业乙", credit_code=CODES[1]),  # gives the new investor its code
            project_row("N-004", "新企业乙", credit_code=CODES[2]),  # … another code than the one row 4 gave
            project_row("N-005", "新企业丙", credit_code=CODES[1]),  # held by 新企业乙 since row 4
            project_row("N-006", "新企业丁", credits="工贸园区管委会:60;县经济信息委:30"),
            project_row("N-007", "新企业丁", credits="不存在的单位"),
            project_row("N-008", "新企业丁", tags="central_soe", credits="旅发集团:50;县交通局:50", town="巫峡镇"),
            project_row("N-009", "新企业丙", credit_code=CODES[3], total=1000000),  # above the year's ceiling
        ],
        "contracts": [
            CONTRACTS,
            ["N-002", "formal", "2099-01-01", 5, ""],
            ["N-003", "formal", "2023-02-01", 50, ""],  # above the total investment: a 提示
            ["N-006", "formal", "2023-02-01", 1, ""],  # its project row is wrong: no second error
        ],
        "starts": [STARTS, ["N-003", "2023-04-01", ""], ["N-003", "2023-05-01", ""], ["S-001", "2023-05-01", ""]],
        "funds": [
            FUNDS,
            ["N-002", "2023-01", "1", "bank", ""],
            ["N-002", "2023-01", "2", "statistics", ""],  # the same month in the file
            ["S-001", "2023-03", "2", "statistics", ""],  # the same month in the system
            ["S-001", "2023-03", "1", "bank", ""],  # that very record: already there
            ["NOPE", "2023-01", "1", "bank", ""],
            ["N-002", "2023-02", "999", "bank", ""],  # above the total investment
            ["N-008", "2023-02", "1", "bank", "submitted"],
            ["N-009", "2099-01", "1", "bank", ""],
        ],
    }


def closed_year(auditor) -> dict:
    """A closed 2023: an investor's tags that its 2023 project counts with, records dated in it, history years."""
    tagged = make_project(by=auditor, code="T-001", credits=[("县文化旅游委", 100)], investor="标签企业")
    tagged.investor.tags.set(InvestorTag.objects.filter(code="central_soe"))
    year_close(year=AssessmentYear.objects.get(year=2023), by=auditor)
    return {
        "projects": [
            PROJECT_HEADER,
            project_row("T-002", "标签企业", tags="china500"),  # a closed year counts its tags
            project_row("T-003", "标签企业", tags="central_soe"),  # the same tags: no change
            project_row("T-004", "新标签企业", tags="china500"),
            project_row("T-005", "新标签企业", tags="central_soe"),  # another set than row 4's: both refusals
            project_row("T-006", "历史企业"),
        ],
        "contracts": [CONTRACTS, ["T-006", "formal", "2019-05-01", 1, ""]],  # a history year, created
        "starts": [STARTS],
        "funds": [FUNDS, ["T-003", "2023-02", "1", "bank", ""], ["T-006", "2024-01", "1", "bank", ""]],
    }


def clean(auditor) -> dict:
    """No error: new projects sharing investors, a new town, records of a year before the first plan."""
    make_project(by=auditor, code="S-001", credits=[("县文化旅游委", 100)], investor="系统投资公司")
    sheets = good_ledger()
    sheets["projects"] += [
        project_row("L-004", "重庆文旅投资有限公司", credit_code=CODES[0], tags="china500;central_soe"),
        project_row("L-005", "系统投资公司", credit_code=CODES[2], credits="旅发集团:70;县交通局:30"),
        project_row("S-001", "系统投资公司"),
    ]
    sheets["funds"] += [["L-004", "2023-01", "0.5", "bank", ""], ["L-005", "2022-12", "40", "statistics", ""]]
    sheets["funds"] += [["L-005", "2023-01", "0.1", "bank", ""], ["L-005", "2023-01", "0.2", "bank", ""]]  # summed
    return sheets


def outcome(result) -> tuple:
    return (
        [(e.sheet, e.row, e.column, e.message) for e in result.errors],
        dict(result.created),
        dict(result.existing),
        result.warnings,
        {sheet: [row.row for row in rows] for sheet, rows in result.new_rows.items()},
    )


def counts() -> dict:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


@pytest.mark.parametrize("scenario", [mixed_errors, closed_year, clean])
def test_the_preview_reports_what_the_import_reports(scenario, auditor, in_2023):
    data = workbook(scenario(auditor))
    before = counts()
    preview = import_ledger(read_ledger(data), by=auditor, source="台账.xlsx", dry_run=True)
    assert counts() == before
    imported = import_ledger(read_ledger(data), by=auditor, source="台账.xlsx")
    assert outcome(preview) == outcome(imported)
    assert preview.ok == (scenario is clean), preview.errors
    if scenario is clean:
        assert Project.objects.filter(code__startswith="L-").count() == 5
    else:
        assert counts() == before


def test_the_mixed_ledger_names_each_refusal(auditor, in_2023):
    result = import_ledger(read_ledger(workbook(mixed_errors(auditor))), by=auditor, dry_run=True)
    found = {(e.sheet, e.row, e.column): e.message for e in result.errors}
    assert "已登记为“系统投资公司”" in found[("projects", 3, "credit_code")]
    assert f"已登记的统一社会信用代码为 {CODES[1]}" in found[("projects", 6, "credit_code")]
    assert "已登记为“新企业乙”" in found[("projects", 7, "credit_code")]
    assert "分成比例之和必须为100" in found[("projects", 8, "credits")]
    assert "未知的单位“不存在的单位”" in found[("projects", 9, "credits")]
    assert "与第2行重复" in found[("funds", 3, "month")] and "已有到位资金记录（#" in found[("funds", 4, "month")]
    assert "未知的项目编号“NOPE”" in found[("funds", 6, "project_code")]
    assert "超过项目总投资" in found[("funds", 7, "amount_yi")] and "未来月份" in found[("funds", 9, "month")]
    assert "晚于今天" in found[("contracts", 2, "signed_on")] and "已有开工记录" in found[("starts", 3, "started_on")]
    assert ("contracts", 4, "project_code") not in found and result.existing["funds"] == 1
    assert result.created["projects"] == 4  # N-002, N-003, N-008, N-009
    assert any("已在系统中" in w for w in result.warnings) and any("合理上限" in w for w in result.warnings)


def test_the_closed_year_ledger_names_each_refusal(auditor, in_2023):
    result = import_ledger(read_ledger(workbook(closed_year(auditor))), by=auditor, dry_run=True)
    found = {(e.sheet, e.row, e.column): e.message for e in result.errors}
    assert "2023年度已关闭" in found[("projects", 2, "")] and "企业类型标签" in found[("projects", 2, "")]
    assert "同一企业只能有一组标签" in found[("projects", 3, "investor_tags")] and ("projects", 3, "") not in found
    assert "同一企业只能有一组标签" in found[("projects", 5, "investor_tags")]
    assert "企业类型标签" in found[("projects", 5, "")]  # its project row 4 counts for the closed 2023
    assert "2023年度已关闭" in found[("funds", 2, "")]
    assert any("新建历史年度 2019年" in w for w in result.warnings)


def test_the_preview_writes_nothing(auditor, in_2023, tmp_path, capsys):
    sheets = clean(auditor)
    path = tmp_path / "台账.xlsx"
    path.write_bytes(workbook(sheets))
    before, audit = counts(), AuditEvent.objects.count()
    with CaptureQueriesContext(connection) as captured:
        result = import_ledger(read_ledger(workbook(sheets)), by=auditor, dry_run=True)
        call_command("import_records", str(path), "--as", "auditor", "--dry-run")
    assert result.ok and result.created["projects"] == 5 and result.created["funds"] == 6
    assert "检查通过（未保存）" in capsys.readouterr().out
    assert counts() == before and AuditEvent.objects.count() == audit
    # Not even written and rolled back: no project, investor, credit, record, event or audit row is inserted (the
    # rare history year or new town is, inside the transaction the preview rolls back).
    written = [
        q["sql"] for q in captured.captured_queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE"))
    ]
    assert not [sql for sql in written if '"projects_' in sql], written


def test_the_preview_skips_only_the_check_constraint_the_fields_own_validator_repeats():
    """check_project(resolved=True) leaves Project's constraints to its fields' validators: a new constraint must be
    checked there too (or the preview would let through what the import refuses)."""
    assert [c.name for c in Project._meta.constraints] == ["project_total_investment_nonnegative"]
    field = Project._meta.get_field("total_investment")
    assert any(isinstance(v, MinValueValidator) and v.limit_value == 0 for v in field.validators)
