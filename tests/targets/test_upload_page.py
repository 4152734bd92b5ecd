"""The upload page: upload → preview (table with subtotals, or the error report) → confirm or cancel.

Nothing is saved before confirm; no file makes a 500.
"""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import AuditEvent
from targets import uploads
from targets.models import AssessmentYear, TargetRow
from tests.targets.annex import PLAN_CSV, annex_workbook
from tests.targets.test_import_command import BAD_FILES, snapshot


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


def upload(client, name, data, year=2023):
    return client.post("/targets/import/", {"year": year, "file": SimpleUploadedFile(name, data)})


def pending_files():
    folder = uploads.upload_dir()
    return sorted(folder.iterdir()) if folder.is_dir() else []


@pytest.fixture
def as_auditor(client, auditor):
    client.force_login(auditor)
    return client


def test_the_upload_form_is_in_chinese(as_auditor):
    page = text(as_auditor.get("/targets/import/"))
    assert "导入目标任务分解表" in page and "上传并预览" in page and 'value="2023"' in page


def test_a_good_xlsx_is_previewed_with_sector_subtotals_and_nothing_is_saved(as_auditor):
    TargetRow.objects.filter(unit__name="县交通局").update(signed_target=49)
    before = snapshot()
    response = upload(as_auditor, "附件1.xlsx", annex_workbook())
    assert response.status_code == 302 and response["Location"] == "/targets/import/preview/"
    page = text(as_auditor.get("/targets/import/preview/"))
    assert "文件检查通过：27 行，6 个类别，26 个单位，签约资金 300.00 亿元，到位资金 70.00 亿元" in page
    assert len(re.findall(r'<tr class="subtotal[ "]', page)) == 6
    assert re.search(r"商贸物流 小计 <span[^>]*>[^<]*</span></th>\s*<td class=\"num\">65.00</td>", page)
    assert "确认导入" in page
    assert (
        "<td>修改</td><td>商贸物流</td><td>县交通局</td> <td>49.00 / 7.00（杨苹）</td> <td>50.00 / 7.00（杨苹）</td>"
        in page
    )
    assert snapshot() == before


def test_the_upload_waits_under_media_tmp_with_a_random_name(as_auditor):
    upload(as_auditor, "附件1.xlsx", annex_workbook())
    [path] = pending_files()
    assert re.fullmatch(r"[0-9a-f]{32}\.xlsx", path.name)
    assert path.parent.parent.name == "tmp"
    assert as_auditor.session[uploads.SESSION_KEY]["token"] == path.stem


def test_confirm_saves_everything_and_removes_the_waiting_file(client, auditor, db):
    TargetRow.objects.all().delete()
    AssessmentYear.objects.all().delete()
    client.force_login(auditor)
    upload(client, "targets_2023.csv", PLAN_CSV.read_bytes())
    token = client.session[uploads.SESSION_KEY]["token"]
    response = client.post("/targets/import/confirm/", {"token": token})
    assert response.status_code == 302 and response["Location"] == "/targets/2023/"
    year = AssessmentYear.objects.get(year=2023)
    assert TargetRow.objects.filter(year=year).count() == 27
    assert str(year.county_signed_target.normalize()) == "3E+2"
    assert AuditEvent.objects.filter(action="targets.import", user=auditor).exists()
    assert pending_files() == [] and uploads.SESSION_KEY not in client.session
    assert "已导入 2023 年目标任务分解表：共 27 行" in text(client.get("/targets/2023/"))


def test_cancel_saves_nothing_and_removes_the_waiting_file(as_auditor):
    before = snapshot()
    upload(as_auditor, "plan.csv", PLAN_CSV.read_bytes().replace(b",30,4", b",31,4"))
    response = as_auditor.post("/targets/import/cancel/")
    assert response.status_code == 302
    assert pending_files() == []
    assert snapshot() == before
    assert as_auditor.get("/targets/import/preview/")["Location"] == "/targets/import/"


def test_a_stale_preview_cannot_be_confirmed(as_auditor):
    before = snapshot()
    upload(as_auditor, "plan.csv", PLAN_CSV.read_bytes().replace(b",30,4", b",31,4"))
    response = as_auditor.post("/targets/import/confirm/", {"token": "0" * 32})
    assert response.status_code == 302
    assert "此预览已失效" in text(as_auditor.get("/targets/import/"))
    assert snapshot() == before


def test_confirm_and_cancel_only_accept_post(as_auditor):
    assert as_auditor.get("/targets/import/confirm/").status_code == 405
    assert as_auditor.get("/targets/import/cancel/").status_code == 405


@pytest.mark.parametrize("name", BAD_FILES)
def test_a_bad_file_shows_the_error_report_and_saves_nothing(as_auditor, name):
    before = snapshot()
    response = upload(
        as_auditor, name, BAD_FILES[name] if isinstance(BAD_FILES[name], bytes) else BAD_FILES[name].encode()
    )
    if response.status_code == 200:  # refused by the form itself (empty file, .xls)
        page = text(response)
        assert "invalid-feedback" in page
    else:
        page = text(as_auditor.get("/targets/import/preview/"))
        assert (
            "不能导入" in page and 'class="table table-sm table-bordered bg-white align-middle import-errors"' in page
        )
        assert "确认导入" not in page
        confirm = as_auditor.post(
            "/targets/import/confirm/", {"token": as_auditor.session[uploads.SESSION_KEY]["token"]}
        )
        assert confirm.status_code == 302
    assert snapshot() == before


def test_the_error_report_names_sheet_row_and_column(as_auditor):
    data = annex_workbook(lambda ws, where: ws.cell(where["生态旅游/县文化旅游委"], 5, 76))
    upload(as_auditor, "附件1.xlsx", data)
    page = text(as_auditor.get("/targets/import/preview/"))
    assert '<td>附件1</td><td class="num">3</td><td>E（签约资金类别合计）</td>' in page
    assert "类别“生态旅游”的签约资金类别合计填为 76，但本类别各单位之和为 75" in page


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.csv", b"", "所提交的是空文件"),
        ("附件1.xls", b"\xd0\xcf\x11\xe0", "不支持旧版 .xls 格式"),
        ("plan.txt", b"year", "只接受 .csv 或 .xlsx 文件"),
    ],
)
def test_the_form_refuses_what_cannot_be_a_table(as_auditor, name, data, message):
    response = upload(as_auditor, name, data)
    assert response.status_code == 200 and message in text(response)
    assert pending_files() == []


def test_the_form_refuses_a_closed_year_and_a_file_too_large(as_auditor, settings):
    AssessmentYear.objects.filter(year=2023).update(is_closed=True)
    assert "2023年度已关闭" in text(upload(as_auditor, "plan.csv", PLAN_CSV.read_bytes()))
    big = b"year\n" + b"x" * (5 * 1024 * 1024)
    assert "文件过大" in text(upload(as_auditor, "big.csv", big, year=2024))


def test_a_year_mismatch_is_reported_in_the_preview(as_auditor):
    upload(as_auditor, "plan.csv", PLAN_CSV.read_bytes(), year=2024)
    page = text(as_auditor.get("/targets/import/preview/"))
    assert "年度 2023 与导入年度 2024 不一致" in page
    assert not AssessmentYear.objects.filter(year=2024).exists()


def test_a_file_that_vanished_before_confirm_is_reported_not_a_500(as_auditor):
    upload(as_auditor, "plan.csv", PLAN_CSV.read_bytes())
    token = as_auditor.session[uploads.SESSION_KEY]["token"]
    for path in pending_files():
        path.unlink()
    response = as_auditor.post("/targets/import/confirm/", {"token": token})
    assert response.status_code == 302 and response["Location"] == "/targets/import/"


@pytest.mark.parametrize("role", ["filer", "leader", "office", "audit_admin"])
def test_only_auditors_and_admins_may_upload(client, personas, role):
    client.force_login(personas[role])
    assert client.get("/targets/import/").status_code == 403
    assert upload(client, "plan.csv", PLAN_CSV.read_bytes()).status_code == 403
    assert client.post("/targets/import/confirm/", {"token": "x"}).status_code == 403
    assert pending_files() == []


def test_an_admin_may_upload(client, sysadmin):
    client.force_login(sysadmin)
    assert upload(client, "plan.csv", PLAN_CSV.read_bytes()).status_code == 302
