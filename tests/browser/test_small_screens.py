"""At 390 px (a phone): 填报记录 keeps 状态 on screen with project names readable, the home score table keeps 名次
and 年末预测 on screen (tables become one card per row); after a failed submit the focus is on the first error.
Screenshots: var/screenshots/phone_*.png."""

import datetime as dt

import pytest

from projects import services
from tests.browser.conftest import sign_in
from tests.helpers import make_project

PHONE = {"width": 390, "height": 844}


def inside(page, selector) -> bool:
    box = page.locator(selector).first.bounding_box()
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] + 0.5


@pytest.mark.django_db(transaction=True)
def test_filing_records_keep_status_and_readable_names_on_a_phone(browser, live_server, screenshot, filer):
    for n in range(3):
        project = make_project(
            by=filer, code=f"WS-2023-P{n}", name=f"巫山县神女景区索道提升及游客集散中心建设项目{n}",
            credits=[("县文化旅游委", 100)],
        )  # fmt: skip
        services.record_create(
            record_type="contract", unit=filer.unit, by=filer, project=project, signed_on=dt.date(2023, 3, 5), amount=2
        )
    page = browser.new_page(locale="zh-CN", viewport=PHONE)
    sign_in(page, live_server, filer)
    page.goto(f"{live_server.url}/filing/?kind=contract")
    screenshot(page, "phone_filing_records")
    assert page.locator("td.record-status").first.is_visible()
    assert inside(page, "td.record-status")
    name = page.locator("td.project-name").first.bounding_box()
    assert name["width"] > 250  # a readable line, not a character or two
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.mark.django_db(transaction=True)
def test_the_home_score_table_keeps_rank_and_forecast_on_a_phone(browser, live_server, screenshot, leader_user):
    page = browser.new_page(locale="zh-CN", viewport=PHONE)
    sign_in(page, live_server, leader_user)
    page.goto(f"{live_server.url}/")
    screenshot(page, "phone_home_scores")
    assert page.locator("td.score-rank").count() > 0
    assert inside(page, "td.score-rank") and inside(page, "td.score-forecast")


@pytest.mark.django_db(transaction=True)
def test_after_a_failed_submit_the_focus_is_on_the_first_error(browser, live_server, filer):
    page = browser.new_page(locale="zh-CN", viewport={"width": 1366, "height": 900})
    sign_in(page, live_server, filer)
    page.goto(f"{live_server.url}/projects/new/")
    page.fill("#id_name", "")
    page.evaluate("document.querySelectorAll('form').forEach(f => f.noValidate = true)")  # the server's check
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state("load")
    focused = page.evaluate("document.activeElement && document.activeElement.getAttribute('aria-invalid')")
    assert focused == "true"
