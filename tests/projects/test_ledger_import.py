import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from audit.models import AuditEvent
from projects.ledger import import_ledger, read_ledger
from projects.management.commands.import_records import Command as ImportRecords
from projects.models import Contract, FundsInPlace, Project, ProjectStart, RecordEvent, Stage, Status
from targets.models import AssessmentYear, Unit, UnitKind
from tests.conftest import client_for
from tests.projects.conftest import workbook

PROJECT_HEADER = [
    "code", "name", "investor", "credit_code", "investor_tags", "kind", "major", "sector", "town",
    "total_investment_yi", "fai", "credits",
]  # fmt: skip


def good_ledger() -> dict:
    return {
        "projects": [
            PROJECT_HEADER,
            [
                "L-001",
                "巫山文旅综合体",
                "重庆文旅投资有限公司",
                "91330100716105852F",
                "china500;central_soe",
                "other",
                "no",
                "生态旅游",
                "巫峡镇",
                30,
                "yes",
                "县文化旅游委",
            ],
            [
                "L-002",
                "锂电池材料",
                "某新能源公司",
                None,
                None,
                "manufacturing",
                "yes",
                "生态工业",
                None,
                "12.5",
                "no",
                "工贸园区管委会:60;县经济信息委:40",
            ],
            ["L-003", "大昌古镇民宿", "老投资公司", None, "", "other", "no", None, None, 5, "no", "县文化旅游委"],
        ],  # fmt: skip
        "contracts": [
            ["project_code", "kind", "signed_on", "amount_yi", "status", "备注"],
            ["L-001", "formal", dt.datetime(2023, 3, 15), 10, None, "Excel 日期单元格"],
            ["L-002", "formal", "2023-04-02", "8.5", "confirmed", ""],
            ["L-002", "intention", "2023-01-10", 1, "draft", ""],
            ["L-003", "formal", "2021-06-01", 3, "", "首个考核方案之前的年度"],
        ],
        "starts": [
            ["project_code", "started_on", "status"],
            ["L-001", "2023-05-01", ""],
            ["L-003", dt.datetime(2021, 9, 1), "confirmed"],
        ],
        "funds": [
            ["project_code", "month", "amount_yi", "source", "status"],
            ["L-001", "2023-05", "1.2", "bank", ""],
            ["L-001", dt.datetime(2023, 6, 1), 0.8, "statistics", "submitted"],
            ["L-003", "2021-10", "0.5", "other", None],
        ],
    }


@pytest.fixture
def ledger_file(tmp_path):
    def write(sheets, name="ledger.xlsx"):
        path = tmp_path / name
        path.write_bytes(workbook(sheets))
        return str(path)

    return write


def test_a_good_ledger_imports_projects_and_records(ledger_file, auditor, capsys):
    call_command("import_records", ledger_file(good_ledger()), "--as", "auditor")
    out = capsys.readouterr().out
    assert "新增 项目 3 条、合同 4 条、开工 2 条、到位资金 3 条" in out and "导入人：auditor" in out

    l1, l2, l3 = (Project.objects.get(code=c) for c in ("L-001", "L-002", "L-003"))
    assert l1.investor.credit_code == "91330100716105852F"
    assert sorted(l1.investor.tags.values_list("code", flat=True)) == ["central_soe", "china500"]
    assert (l1.sector.name, l1.town.name, l1.town.kind, l1.in_fai_statistics) == (
        "生态旅游",
        "巫峡镇",
        UnitKind.TOWN,
        True,
    )
    assert {c.unit.name: c.share for c in l2.credits.all()} == {"工贸园区管委会": 60, "县经济信息委": 40}
    assert (l2.kind, l2.is_major, l2.total_investment) == ("manufacturing", True, Decimal("12.5"))

    assert Contract.objects.get(project=l1).signed_on == dt.date(2023, 3, 15)  # a real Excel date cell
    assert Contract.objects.get(project=l2, kind="intention").status == Status.DRAFT
    assert FundsInPlace.objects.get(project=l1, month=dt.date(2023, 6, 1)).status == Status.SUBMITTED
    assert FundsInPlace.objects.get(project=l1, month=dt.date(2023, 5, 1)).amount == Decimal("1.2")
    assert (l1.stage, l2.stage, l3.stage) == (Stage.STARTED, Stage.SIGNED, Stage.STARTED)
    contract = Contract.objects.get(project=l2, kind="formal")
    assert (contract.unit.name, contract.confirmed_by, contract.created_by) == ("工贸园区管委会", auditor, auditor)


def test_records_of_years_before_the_first_plan_import_and_count(ledger_file, auditor):
    call_command("import_records", ledger_file(good_ledger()), "--as", "auditor")
    old = Project.objects.get(code="L-003")
    year = AssessmentYear.objects.get(year=2021)
    assert year.is_closed and not year.target_rows.exists()
    assert old.year == year
    assert Contract.objects.confirmed().get(project=old, kind="formal").signed_on == dt.date(2021, 6, 1)
    assert ProjectStart.objects.confirmed().get(project=old).started_on == dt.date(2021, 9, 1)
    assert FundsInPlace.objects.confirmed().get(project=old).month == dt.date(2021, 10, 1)


def test_importing_the_same_file_twice_imports_nothing_new(ledger_file, auditor, capsys):
    path = ledger_file(good_ledger())
    call_command("import_records", path, "--as", "auditor")
    counts = [m.objects.count() for m in (Project, Contract, ProjectStart, FundsInPlace, RecordEvent, Unit)]
    capsys.readouterr()
    call_command("import_records", path, "--as", "auditor")
    assert "新增 项目 0 条、合同 0 条、开工 0 条、到位资金 0 条" in capsys.readouterr().out
    assert [m.objects.count() for m in (Project, Contract, ProjectStart, FundsInPlace, RecordEvent, Unit)] == counts


def test_two_identical_rows_are_two_records_and_stay_two(ledger_file, auditor):
    sheets = good_ledger()
    sheets["contracts"].append(["L-002", "intention", "2023-01-10", 1, "draft", "同日同额的第二份协议"])
    path = ledger_file(sheets)
    call_command("import_records", path, "--as", "auditor")
    call_command("import_records", path, "--as", "auditor")
    assert Contract.objects.filter(kind="intention").count() == 2


def test_import_is_attributed_to_the_named_user_in_the_audit_trail(ledger_file, auditor):
    call_command("import_records", ledger_file(good_ledger()), "--as", "auditor")
    assert AuditEvent.objects.filter(action="records.import", user=auditor).count() == 1
    assert (
        not AuditEvent.objects.exclude(user=auditor)
        .exclude(action="targets.import")
        .filter(action__endswith="import")
        .exists()
    )
    assert set(RecordEvent.objects.filter(action="import").values_list("by__username", flat=True)) == {"auditor"}
    assert RecordEvent.objects.filter(action="import", reason="台账导入：ledger.xlsx").count() == 9


def test_only_an_auditor_or_a_superuser_may_import(ledger_file, filer):
    with pytest.raises(CommandError, match="不是有效的审核员"):
        call_command("import_records", ledger_file(good_ledger()), "--as", "filer")
    with pytest.raises(CommandError, match="找不到账号"):
        call_command("import_records", ledger_file(good_ledger()), "--as", "nobody")
    assert not Project.objects.exists()


def test_without_as_the_import_is_attributed_to_a_system_account(ledger_file, plan_2023):
    call_command("import_records", ledger_file(good_ledger()))
    importer = Project.objects.get(code="L-001").created_by
    assert importer.username == "ledger-import" and not importer.is_active and not importer.has_usable_password()


BAD_ROWS = {
    "projects": [
        ["L-101", "未知单位", "甲公司", None, None, "other", "no", None, None, 5, "no", "不存在的单位"],
        ["L-102", "比例不对", "乙公司", None, None, "other", "no", None, None, 5, "no", "县文化旅游委:60;旅发集团:30"],
        [
            "L-103",
            "信用代码错",
            "丙公司",
            "91330100716105852E",
            None,
            "other",
            "no",
            None,
            None,
            5,
            "no",
            "县文化旅游委",
        ],
        ["L-104", "标签错", "丁公司", None, "fortune500", "other", "no", None, None, 5, "no", "县文化旅游委"],
        ["L-105", "类型错", "戊公司", None, None, "mining", "maybe", None, None, -5, "no", "县文化旅游委"],
        ["L-106", "类别错", "己公司", None, None, "other", "no", "太空旅游", None, 5, "no", "县文化旅游委"],
        ["L-107", "好项目", "庚公司", None, None, "other", "no", None, None, 5, "no", "县文化旅游委"],
        ["L-107", "重复编号", "辛公司", None, None, "other", "no", None, None, 5, "no", "县文化旅游委"],
    ],  # fmt: skip
    "contracts": [
        ["L-107", "formal", "2023-02-30", 1, ""],
        ["L-107", "formal", "2099-01-01", 1, ""],
        ["L-107", "memo", "2023-02-01", 1, ""],
        ["L-107", "formal", "2023-02-01", "1.23456", "approved"],
        ["L-999", "formal", "2023-02-01", 1, ""],
    ],
    "funds": [
        ["L-107", "2099-01", 1, "bank", ""],
        ["L-107", "2023-03", 6, "bank", ""],
        ["L-107", "2023-04", 1, "cash", ""],
    ],
}
EXPECTED_ERRORS = [
    ("projects", 2, "credits"),
    ("projects", 3, "credits"),
    ("projects", 4, "credit_code"),
    ("projects", 5, "investor_tags"),
    ("projects", 6, "kind"),
    ("projects", 6, "major"),
    ("projects", 6, "total_investment_yi"),
    ("projects", 7, "sector"),
    ("projects", 9, "code"),
    ("contracts", 2, "signed_on"),
    ("contracts", 3, "signed_on"),
    ("contracts", 4, "kind"),
    ("contracts", 5, "amount_yi"),
    ("contracts", 5, "status"),
    ("contracts", 6, "project_code"),
    ("funds", 2, "month"),
    ("funds", 3, "amount_yi"),
    ("funds", 4, "source"),
]


def bad_ledger():
    sheets = good_ledger()
    sheets["projects"] = [PROJECT_HEADER] + BAD_ROWS["projects"]
    sheets["contracts"] = sheets["contracts"][:1] + BAD_ROWS["contracts"]
    sheets["funds"] = sheets["funds"][:1] + BAD_ROWS["funds"]
    sheets["starts"] = sheets["starts"][:1]
    return sheets


def test_a_ledger_with_bad_rows_imports_nothing_and_lists_every_bad_row(ledger_file, auditor, capsys, monkeypatch):
    # run_from_argv is what manage.py runs (exit status included); it closes connections when done, which would
    # drop the test database's connection on PostgreSQL.
    monkeypatch.setattr("django.core.management.base.connections.close_all", lambda: None)
    command = ImportRecords()
    with pytest.raises(SystemExit) as excinfo:
        command.run_from_argv(["manage.py", "import_records", ledger_file(bad_ledger()), "--as", "auditor"])
    assert excinfo.value.code == 1
    err = capsys.readouterr().err
    for sheet, row, column in EXPECTED_ERRORS:
        assert f"工作表“{sheet}”第{row}行“{column}”列" in err, (sheet, row, column)
    assert "未知的单位“不存在的单位”" in err and "分成比例之和必须为100" in err and "校验位" in err
    assert "未导入任何内容" in err
    assert not Project.objects.exists() and not Contract.objects.exists() and not FundsInPlace.objects.exists()
    assert not Unit.objects.filter(kind=UnitKind.TOWN).exists()
    assert not AuditEvent.objects.exclude(action="targets.import").filter(action__endswith="import").exists()


def test_one_bad_row_among_good_ones_imports_nothing_and_names_the_row(ledger_file, auditor, capsys):
    sheets = good_ledger()
    sheets["funds"][2][2] = "-0.8"
    with pytest.raises(CommandError):
        call_command("import_records", ledger_file(sheets), "--as", "auditor")
    assert "工作表“funds”第3行“amount_yi”列：金额不能为负数" in capsys.readouterr().err
    assert not Project.objects.exists() and not AssessmentYear.objects.filter(year=2021).exists()


def test_funds_above_the_projects_total_investment_are_refused(ledger_file, auditor, capsys):
    sheets = good_ledger()
    sheets["funds"][1][2] = "31"
    with pytest.raises(CommandError):
        call_command("import_records", ledger_file(sheets), "--as", "auditor")
    assert "工作表“funds”第2行“amount_yi”列：单月到位资金 31 亿元超过项目总投资 30 亿元" in capsys.readouterr().err


def test_chinese_sheet_names_headers_and_values_are_accepted(ledger_file, auditor):
    sheets = {
        "项目": [
            [
                "项目编号",
                "项目名称",
                "投资企业",
                "项目类型",
                "重大项目",
                "总投资（亿元）",
                "纳入固投统计",
                "招商单位及分成",
            ],
            ["C-1", "中文台账项目", "中文公司", "制造业", "是", 2, "否", "县文化旅游委"],
        ],
        "合同": [
            ["项目编号", "合同类型", "签约日期", "合同金额（亿元）", "状态"],
            ["C-1", "正式合同", "2023年3月5日", 1, "已认定"],
        ],
    }
    call_command("import_records", ledger_file(sheets), "--as", "auditor")
    contract = Contract.objects.get(project__code="C-1")
    assert (contract.kind, contract.signed_on, contract.status) == ("formal", dt.date(2023, 3, 5), Status.CONFIRMED)


@pytest.mark.parametrize(
    "content, message",
    [(b"not a workbook", "不是有效的 Excel .xlsx 文件"), (workbook({"Sheet1": [["a"]]}), "没有 projects")],
)
def test_a_file_that_is_not_a_ledger_says_so(tmp_path, auditor, capsys, content, message):
    path = tmp_path / "x.xlsx"
    path.write_bytes(content)
    with pytest.raises(CommandError):
        call_command("import_records", str(path), "--as", "auditor")
    assert message in capsys.readouterr().err


def test_a_missing_column_is_named(ledger_file, auditor, capsys):
    sheets = good_ledger()
    sheets["funds"] = [["project_code", "month", "amount_yi"], ["L-001", "2023-05", 1]]
    with pytest.raises(CommandError):
        call_command("import_records", ledger_file(sheets), "--as", "auditor")
    assert "工作表“funds”第1行“source”列：缺少该列" in capsys.readouterr().err


# --- the upload page ---------------------------------------------------------------------------------------------


def xlsx(sheets, name="台账.xlsx"):
    return SimpleUploadedFile(name, workbook(sheets))


def test_upload_page_previews_then_imports(client, auditor):
    client_for(client, auditor)
    response = client.post("/ledger-import/", {"file": xlsx(good_ledger())})
    page = response.content.decode()
    assert "检查通过：将新增 项目 3 条、合同 4 条、开工 2 条、到位资金 3 条" in page and 'id="ledger-confirm"' in page
    assert "新建历史年度 2021年" in page
    assert not Project.objects.exists() and not AssessmentYear.objects.filter(year=2021).exists()
    token = response.context["token"]
    response = client.post("/ledger-import/confirm/", {"token": token}, follow=True)
    assert "导入完成" in response.content.decode()
    assert Project.objects.count() == 3
    assert AuditEvent.objects.get(action="records.import").detail["source"] == "台账.xlsx"
    response = client.post("/ledger-import/confirm/", {"token": token}, follow=True)
    assert "请重新上传" in response.content.decode()


def test_confirming_an_older_preview_after_a_newer_upload_imports_nothing(client, auditor):
    """Two windows: the auditor previewed one ledger, then uploaded another elsewhere; the first preview's 导入 button
    must not import the second file."""
    client_for(client, auditor)
    first = client.post("/ledger-import/", {"file": xlsx(good_ledger(), name="一月台账.xlsx")}).context["token"]
    second = client.post("/ledger-import/", {"file": xlsx(good_ledger(), name="二月台账.xlsx")}).context["token"]
    response = client.post("/ledger-import/confirm/", {"token": first}, follow=True)
    assert "此预览已失效" in response.content.decode() and not Project.objects.exists()
    response = client.post("/ledger-import/confirm/", {"token": second}, follow=True)
    assert "导入完成" in response.content.decode() and Project.objects.count() == 3


def test_upload_page_reports_bad_rows_and_saves_nothing(client, auditor):
    response = client_for(client, auditor).post("/ledger-import/", {"file": xlsx(bad_ledger())})
    result = response.context["result"]
    assert {(e.sheet, e.row, e.column) for e in result.errors} >= set(EXPECTED_ERRORS)
    page = response.content.decode()
    assert "不能导入" in page and 'id="ledger-confirm"' not in page and "未知的单位“不存在的单位”" in page
    assert not Project.objects.exists()


def test_upload_page_refuses_what_is_not_xlsx(client, auditor):
    response = client_for(client, auditor).post(
        "/ledger-import/", {"file": SimpleUploadedFile("ledger.xlsx", b"code,name\n1,2\n")}
    )
    assert "请上传 Excel .xlsx 文件" in response.content.decode()


def test_the_downloadable_template_is_a_valid_ledger(client, auditor):
    response = client_for(client, auditor).get("/ledger-import/template.xlsx")
    assert "filename*=utf-8''%E6%8B%9B%E5%95%86" in response["Content-Disposition"]  # 招商项目台账导入模板.xlsx
    result = import_ledger(read_ledger(response.content), by=auditor, dry_run=True)
    assert result.ok and result.summary().startswith("新增 项目 1 条、合同 1 条、开工 1 条、到位资金 1 条")
