"""The breakdown page, the upload preview and the login page in headless Chromium, on a desktop and on a phone.

Screenshots land in var/screenshots/ (targets-*.png, login-*.png) for people to look at.
"""

import io

import pytest
from PIL import Image

from tests.browser.conftest import sign_in
from tests.targets.annex import annex_workbook

PHONE = {"width": 390, "height": 844}


def overflows_horizontally(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1")


@pytest.mark.django_db(transaction=True)
def test_the_breakdown_page_on_a_desktop_and_a_phone(page, live_server, screenshot, office):
    sign_in(page, live_server, office)
    page.goto(f"{live_server.url}/targets/2023/")
    table = page.locator("table.table-breakdown")
    assert table.locator("tr.subtotal").count() == 6
    total = table.locator("tr.grandtotal").inner_text()
    assert "300.00" in total and "70.00" in total and "26 个单位" in total
    assert page.get_by_test_id("signed-total").inner_text().startswith("300.00")
    assert table.locator("th.sector-cell").first.inner_text() == "生态旅游"
    assert not overflows_horizontally(page)
    screenshot(page, "targets-breakdown-desktop")

    page.set_viewport_size(PHONE)
    page.reload()
    wrapper = page.locator(".breakdown-wrapper")
    assert wrapper.evaluate("el => el.scrollWidth <= el.clientWidth + 1"), "the whole table fits a phone screen"
    assert not overflows_horizontally(page)
    assert "300.00" in page.locator("tr.grandtotal").inner_text()
    screenshot(page, "targets-breakdown-phone")


@pytest.mark.django_db(transaction=True)
def test_the_upload_preview_shows_the_error_report(page, live_server, screenshot, auditor, tmp_path):
    bad = tmp_path / "附件1.xlsx"
    bad.write_bytes(annex_workbook(lambda ws, where: ws.cell(where["生态旅游/县文化旅游委"], 5, 76)))
    sign_in(page, live_server, auditor)
    page.goto(f"{live_server.url}/targets/import/")
    page.set_input_files("#id_file", str(bad))
    page.get_by_role("button", name="上传并预览").click()
    page.wait_for_url("**/targets/import/preview/")
    assert "类别“生态旅游”的签约资金类别合计填为 76" in page.locator("table.import-errors").inner_text()
    assert page.get_by_role("button", name="确认导入").count() == 0
    screenshot(page, "targets-import-errors")

    good = tmp_path / "good.xlsx"
    good.write_bytes(annex_workbook())
    page.goto(f"{live_server.url}/targets/import/")
    page.set_input_files("#id_file", str(good))
    page.get_by_role("button", name="上传并预览").click()
    page.wait_for_url("**/targets/import/preview/")
    assert "文件检查通过" in page.locator(".alert-success").inner_text()
    screenshot(page, "targets-import-preview")
    page.get_by_role("button", name="确认导入").click()
    page.wait_for_url("**/targets/2023/")
    assert "已导入 2023 年目标任务分解表" in page.locator(".alert-success").inner_text()


@pytest.mark.django_db(transaction=True)
def test_the_login_page_background_covers_the_viewport_without_repeating(page, live_server, screenshot):
    page.set_viewport_size({"width": 1366, "height": 1800})
    page.goto(f"{live_server.url}/accounts/login/")
    image = Image.open(io.BytesIO(page.screenshot())).convert("RGB")
    top = image.getpixel((5, 5))
    assert top[0] > top[2] + 10, f"the top is tinted red: {top}"
    # Below the first screen's gradient (40vh) the page is its plain colour all the way down: no second band.
    tinted = [
        (y, image.getpixel((5, y)))
        for y in range(760, 1800, 8)
        if image.getpixel((5, y))[0] > image.getpixel((5, y))[2] + 2
    ]
    assert not tinted, f"the gradient repeats below the fold at {tinted[:3]}"
    page.set_viewport_size({"width": 1366, "height": 900})
    screenshot(page, "login-desktop")
    page.set_viewport_size(PHONE)
    assert not overflows_horizontally(page)
    screenshot(page, "login-phone")
