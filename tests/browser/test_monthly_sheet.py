"""A filer files a month of ten projects through the monthly sheet (月度填报表) in headless Chromium, on a desktop and
on a phone (390 px): from the home page 填报本月 (one page load), amounts, sources and files typed row by row (each row
saved as a draft by htmx, no page load), a wrong amount corrected on its row without choosing the file again, one
row 本月无到位资金, the rest nil for the whole sheet with one 提交审核 (the second page load). Screenshots:
/tmp/w16b-shots/sheet_*.png."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone

from projects.models import FundsInPlace, Status
from projects.sheet import default_month
from tests.browser.conftest import sign_in
from tests.browser.test_accessibility import serious_violations
from tests.helpers import PDF_BYTES, confirmed_start, make_project

SHOTS = Path("/tmp/w16b-shots")
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


@pytest.fixture
def ten_projects(filer, auditor):
    projects = []
    for n in range(1, 11):
        project = make_project(
            by=filer,
            code=f"WS-2023-{n:03}",
            name=f"巫山县{['神女', '巫峡', '大昌', '庙宇', '官阳', '骡坪', '龙溪', '福田', '双龙', '铜鼓'][n - 1]}文旅融合发展项目",
            credits=[("县文化旅游委", 100)],
            total_investment="12",
        )
        confirmed_start(project, filer=filer, auditor=auditor, started_on=dt.date(2023, 3, n))
        projects.append(project)
    return projects


@pytest.fixture
def voucher(tmp_path):
    path = tmp_path / "银行进账单.pdf"
    path.write_bytes(PDF_BYTES)
    return path


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def saved(page, project):
    page.wait_for_selector(f"#row-{project.pk} .sheet-saved", timeout=10000)


def file_a_month(page, live_server, filer, projects, voucher, name):
    """The whole month through the sheet; returns the number of page loads after the home page."""
    sign_in(page, live_server, filer)
    loads = []
    page.on("framenavigated", lambda frame: loads.append(frame.url) if frame == page.main_frame else None)
    shot(page, f"{name}_0_home")
    page.click("#file-this-month")
    page.wait_for_load_state("networkidle")
    month = default_month(filer.unit, timezone.localdate())
    assert page.url.endswith(f"/filing/sheet/{month:%Y-%m}/")
    shot(page, f"{name}_1_empty")
    amounts = ["0.35", "1.2", "0.08", "2", "0.5", "0.015"]
    for project, amount in zip(projects[:6], amounts, strict=True):
        pk = project.pk
        page.fill(f"#id_p{pk}-amount", amount)
        if project is projects[1]:
            page.select_option(f"#id_p{pk}-source", "statistics")
        page.set_input_files(f"#id_p{pk}-file", str(voucher))  # with the amount in: the row saves now
        saved(page, project)
    # a wrong amount: the message on that row only, the file kept; corrected without choosing it again
    bad = projects[6]
    page.fill(f"#id_p{bad.pk}-amount", "十二万")
    page.set_input_files(f"#id_p{bad.pk}-file", str(voucher))
    page.wait_for_selector(f"#row-{bad.pk}.sheet-error", timeout=10000)
    assert "请填写数字金额（亿元）" in page.locator(f"#row-{bad.pk}").inner_text()
    assert "已暂存" in page.locator(f"#row-{bad.pk}").inner_text()
    shot(page, f"{name}_2_row_error")
    assert serious_violations(page) == []  # axe-core, WCAG 2.1 AA: the sheet with a row in error
    page.fill(f"#id_p{bad.pk}-amount", "0.12")
    page.locator(f"#row-{bad.pk} button[data-row-save]").click()
    saved(page, bad)
    # one row nil by its box
    nil = projects[7]
    page.check(f"#id_p{nil.pk}-nil")
    saved(page, nil)
    shot(page, f"{name}_3_typed")
    assert FundsInPlace.objects.filter(status=Status.DRAFT).count() == 8
    # the two left: nil for the whole sheet, and everything submitted at once
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    page.click("#sheet-nil-all")
    page.wait_for_load_state("networkidle")
    assert "已提交县招商投资事务中心审核：10 条记录" in page.content()
    assert asked and asked[0].startswith("未填写的 2 个项目")  # counted as the rows stood, not at page load
    shot(page, f"{name}_4_submitted")
    return month, [u for u in loads if "/filing/sheet/" in u]


def check_filed(projects, month):
    records = {r.project_id: r for r in FundsInPlace.objects.filter(month=month)}
    assert len(records) == 10 and {r.status for r in records.values()} == {Status.SUBMITTED}
    assert [records[p.pk].amount for p in projects] == [
        Decimal(a) for a in ["0.35", "1.2", "0.08", "2", "0.5", "0.015", "0.12", "0", "0", "0"]
    ]
    assert records[projects[1].pk].source == "statistics"
    for p in projects[:7]:
        assert records[p.pk].evidence.get().original_name == "银行进账单.pdf"
    assert not any(records[p.pk].evidence.exists() for p in projects[7:])


@pytest.mark.django_db(transaction=True)
def test_a_month_of_ten_projects_on_a_desktop(browser, live_server, filer, ten_projects, voucher):
    page = browser.new_page(locale="zh-CN", viewport=DESKTOP)
    month, loads = file_a_month(page, live_server, filer, ten_projects, voucher, "sheet_desktop")
    assert len(loads) == 2, loads  # the sheet, and the sheet after 提交审核 (the rows saved themselves)
    check_filed(ten_projects, month)
    # the sheet is a table here, every column on screen
    assert page.locator("table.sheet-table thead").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"]
    page.goto("about:blank")
    page.close()


@pytest.mark.django_db(transaction=True)
def test_a_month_of_ten_projects_on_a_phone(browser, live_server, filer, ten_projects, voucher):
    page = browser.new_page(locale="zh-CN", viewport=PHONE)
    month, loads = file_a_month(page, live_server, filer, ten_projects, voucher, "sheet_phone")
    assert len(loads) == 2, loads
    check_filed(ten_projects, month)
    # one card per project: nothing off-screen, the amount field a usable width
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.goto(page.url)
    page.wait_for_load_state("networkidle")
    card = page.locator("tr.sheet-row").first.bounding_box()
    assert card["x"] >= 0 and card["x"] + card["width"] <= PHONE["width"]
    page.goto("about:blank")
    page.close()
