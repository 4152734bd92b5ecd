"""import_enterprises / export_enterprises (INTERCHANGE.md §5): all or nothing, every bad row listed in Chinese,
exit status 1, the same file twice changes nothing, export → import → export the same values."""

from decimal import Decimal

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from audit.models import AuditEvent
from enterprises.models import ChainLink, TargetEnterprise, TargetStage
from tests.enterprises.helpers import CHAIN, credit_code, targets_rows, workbook_bytes
from tests.helpers import make_project


@pytest.fixture
def write(tmp_path):
    def write(chain_links=None, enterprises=None, name="book.xlsx"):
        path = tmp_path / name
        path.write_bytes(workbook_bytes(chain_links, enterprises))
        return path

    return write


def run_import(path, capsys, *args):
    call_command("import_enterprises", str(path), *args)
    return capsys.readouterr()


def refused(path, capsys) -> str:
    with pytest.raises(CommandError, match="未导入任何内容"):
        call_command("import_enterprises", str(path))
    return capsys.readouterr().err


def test_the_center_imports_chains_and_targets(plan_2023, auditor, write, capsys):
    out = run_import(write(CHAIN, targets_rows()), capsys, "--as", "auditor").out
    assert "产业链环节新增 4 个" in out and "目标企业新增 4 个" in out
    assert ChainLink.objects.get(name="高端酒店民宿").role == "gap"
    target = TargetEnterprise.objects.get(name="华侨城集团有限公司")
    assert (target.province, target.city, target.region) == ("广东省", "深圳市", "广东省深圳市")
    assert target.stage == TargetStage.NEGOTIATING and target.expected_amount == Decimal("30")
    assert sorted(target.tags.values_list("code", flat=True)) == ["central_soe", "china500"]
    assert target.link.name == "高端酒店民宿" and target.unit.name == "县文化旅游委"
    assert TargetEnterprise.objects.get(name="某暂停企业").pause_reason == "企业投资计划调整"
    assert AuditEvent.objects.filter(action="enterprises.import", username="auditor").exists()


def test_importing_the_same_file_twice_changes_nothing(plan_2023, write, capsys):
    path = write(CHAIN, targets_rows())
    run_import(path, capsys)
    events = AuditEvent.objects.count()
    out = run_import(path, capsys).out
    assert "产业链环节新增 0 个、修改 0 个、未变 4 个" in out and "目标企业新增 0 个、修改 0 个、未变 4 个" in out
    assert AuditEvent.objects.count() == events + 1  # only the import itself


def test_an_empty_optional_cell_never_clears_what_the_system_holds(plan_2023, write, capsys):
    run_import(write(CHAIN, targets_rows()), capsys)
    row = ["华侨城集团有限公司", credit_code(1), "", "生态旅游", "", "", "县文化旅游委", "negotiating", "", ""]
    run_import(write(None, [row], name="second.xlsx"), capsys)
    target = TargetEnterprise.objects.get(name="华侨城集团有限公司")
    assert target.link.name == "高端酒店民宿" and target.expected_amount == Decimal("30")
    assert target.tags.count() == 2 and target.note == "拟建高端度假酒店" and target.city == "深圳市"


def test_an_enterprise_is_keyed_by_its_credit_code(plan_2023, write, capsys):
    run_import(write(CHAIN, targets_rows()), capsys)
    row = ["华侨城集团有限公司", credit_code(1), "", "生态旅游", "", "", "县文化旅游委", "contacted", "", ""]
    run_import(write(None, [row], name="stage.xlsx"), capsys)
    assert TargetEnterprise.objects.get(credit_code=credit_code(1)).stage == TargetStage.CONTACTED
    assert TargetEnterprise.objects.count() == 4


def _export(tmp_path, name, *args):
    path = tmp_path / name
    call_command("export_enterprises", "-o", str(path), *args)
    book = openpyxl.load_workbook(path)
    return {sheet: [list(r) for r in book[sheet].iter_rows(values_only=True)] for sheet in book.sheetnames}


def test_export_then_import_then_export_gives_the_same_values(plan_2023, auditor, write, capsys, tmp_path):
    run_import(write(CHAIN, targets_rows()), capsys)
    project = make_project(by=auditor, code="WS-2023-100", credits=[("县文化旅游委", 100)])
    from enterprises import services

    services.target_link_project(target=TargetEnterprise.objects.get(name="携程旅行网"), project=project, by=auditor)
    first = _export(tmp_path, "first.xlsx")
    assert first["enterprises"][0][-2:] == ["last_contact", "project_code"]
    assert ["携程旅行网", None, "上海市", "生态旅游", "旅游营销服务", "unicorn", "县文化旅游委", "converted", None, None,
            None, "WS-2023-100"] in first["enterprises"]  # fmt: skip
    TargetEnterprise.objects.all().delete()
    ChainLink.objects.all().delete()
    run_import(tmp_path / "first.xlsx", capsys)
    assert _export(tmp_path, "second.xlsx") == first


def test_the_export_can_be_limited_to_a_sector(plan_2023, write, capsys, tmp_path):
    run_import(write(CHAIN, targets_rows()), capsys)
    sheets = _export(tmp_path, "tourism.xlsx", "--sector", "生态工业")
    assert [r[0] for r in sheets["enterprises"][1:]] == ["某建材科技有限公司"]
    with pytest.raises(CommandError, match="不是2023年的类别"):
        call_command("export_enterprises", "-o", str(tmp_path / "x.xlsx"), "--sector", "太空旅游")


BAD = {
    "unknown sector": (0, 3, "太空旅游", "enterprises", "sector", "不是2023年的类别"),
    "unknown link": (0, 4, "不存在的环节", "enterprises", "link", "不是生态旅游产业链的环节"),
    "link of another sector": (0, 4, "新型建材", "enterprises", "link", "不是生态旅游产业链的环节"),
    "unknown unit": (0, 6, "县月球局", "enterprises", "unit", "未知的单位“县月球局”"),
    "unknown stage": (0, 7, "signed", "enterprises", "stage", "未知的阶段“signed”"),
    "unknown tag": (0, 5, "central_soe;fortune", "enterprises", "tags", "未知的企业标签“fortune”"),
    "bad check digit": (0, 1, credit_code(1)[:-1] + ("0" if credit_code(1)[-1] != "0" else "1"), "enterprises",
                        "credit_code", "校验位不正确"),
    "negative amount": (0, 8, "-3", "enterprises", "expected_yi", "不能为负数"),
    "paused without a reason": (3, 9, "", "enterprises", "stage", "暂停须写明原因"),
    "converted without a project": (1, 7, "converted", "enterprises", "project_code", "须在 project_code 列填写"),
}  # fmt: skip


@pytest.mark.parametrize("case", list(BAD))
def test_a_bad_cell_imports_nothing_and_names_sheet_row_and_column(plan_2023, write, capsys, case):
    index, column, value, sheet, name, message = BAD[case]
    rows = targets_rows()
    rows[index][column] = value
    err = refused(write(CHAIN, rows), capsys)
    assert f"工作表“{sheet}”第{index + 2}行“{name}”列" in err and message in err
    assert not TargetEnterprise.objects.exists() and not ChainLink.objects.exists()


def test_an_unknown_sector_or_role_in_the_chain_sheet_imports_nothing(plan_2023, write, capsys):
    err = refused(write([*CHAIN, ["太空旅游", "上游", "火箭", ""], ["生态旅游", "上游", "缆车", "weak"]], []), capsys)
    assert "工作表“chain_links”第6行“sector”列" in err and "工作表“chain_links”第7行“role”列" in err
    assert not ChainLink.objects.exists()


def test_every_bad_row_is_listed_not_only_the_first(plan_2023, write, capsys):
    rows = targets_rows()
    rows[0][6] = "县月球局"
    rows[2][7] = "signed"
    err = refused(write(CHAIN, rows), capsys)
    assert "第2行“unit”列" in err and "第4行“stage”列" in err


def test_one_credit_code_under_two_names_in_the_file_is_refused(plan_2023, write, capsys):
    rows = targets_rows()
    rows[1][1] = credit_code(1)  # 携程 given 华侨城's code
    err = refused(write(CHAIN, rows), capsys)
    assert "第3行“credit_code”列" in err and "第2行登记为“华侨城集团有限公司”" in err
    assert not TargetEnterprise.objects.exists()


def test_one_credit_code_under_a_name_other_than_the_systems_is_refused(plan_2023, write, capsys):
    run_import(write(CHAIN, targets_rows()), capsys)
    row = ["华侨城控股", credit_code(1), "", "生态旅游", "", "", "县文化旅游委", "target", "", ""]
    err = refused(write(None, [row], name="renamed.xlsx"), capsys)
    assert "已登记为“华侨城集团有限公司”" in err
    assert not TargetEnterprise.objects.filter(name="华侨城控股").exists()


def test_a_target_converted_to_a_project_of_another_unit_is_refused(plan_2023, auditor, write, capsys):
    make_project(by=auditor, code="JT-2023-009", credits=[("县交通局", 100)])
    rows = targets_rows()
    rows[1][7] = "converted"
    book = openpyxl.load_workbook(__import__("io").BytesIO(workbook_bytes(CHAIN, rows)))
    sheet = book["enterprises"]
    sheet.cell(1, 11, "project_code")
    sheet.cell(3, 11, "JT-2023-009")
    path = write(CHAIN, rows)
    book.save(path)
    err = refused(path, capsys)
    assert "第3行“project_code”列" in err and "招商单位中没有县文化旅游委" in err
    assert not TargetEnterprise.objects.exists()


@pytest.mark.parametrize(
    "data, message",
    [
        (b"not a workbook", "不是有效的 Excel .xlsx 文件"),
        (workbook_bytes(None, None), "没有 chain_links 或 enterprises"),
    ],
)
def test_a_file_that_is_not_the_workbook_is_refused_in_chinese(plan_2023, tmp_path, capsys, data, message):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(data)
    assert message in refused(path, capsys)


def test_a_missing_column_is_named(plan_2023, tmp_path, capsys):
    book = openpyxl.Workbook()
    book.active.title = "enterprises"
    book.active.append(["name", "sector"])
    book.active.append(["某企业", "生态旅游"])
    path = tmp_path / "columns.xlsx"
    book.save(path)
    err = refused(path, capsys)
    assert "第1行“unit”列：缺少该列" in err and "第1行“stage”列：缺少该列" in err


def test_only_an_auditor_may_be_named_as_the_importer(plan_2023, filer, write):
    with pytest.raises(CommandError, match="不是有效的审核员"):
        call_command("import_enterprises", str(write(CHAIN, [])), "--as", "filer")


def test_an_overlong_name_is_refused_in_chinese_not_a_database_error(plan_2023, write, capsys):
    rows = targets_rows()
    rows[0][0] = "企" * 300
    chain = [*CHAIN, ["生态旅游", "下游", "链" * 80, ""]]
    err = refused(write(chain, rows), capsys)
    assert "工作表“enterprises”第2行“name”列" in err and "工作表“chain_links”第6行“link”列" in err
