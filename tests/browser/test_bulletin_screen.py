"""The bulletin's preview page in headless Chromium, as the office writes and publishes it: it reads like the county's
document, charts drawn by the server, nothing blocked by the content security policy, no sideways scroll on a phone.
Screenshots go to var/screenshots/bulletin-*.png."""

import datetime as dt

import pytest

from reports import services
from reports.dashboards.generate import generate_year
from targets.models import AssessmentYear
from tests.browser.conftest import sign_in

URL = "/reports/bulletins/2023/10/"


@pytest.mark.django_db(transaction=True)
def test_the_office_previews_writes_and_publishes(page, live_server, office, auditor, screenshot):
    year = AssessmentYear.objects.get(year=2023)
    generate_year(year, projects=60, by=auditor, until=dt.date(2023, 10, 31))
    services.bulletin_prepare(year=year, month=10, by=office, today=dt.date(2023, 11, 6))
    violations = []
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    sign_in(page, live_server, office)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_server.url}{URL}")
    page.wait_for_load_state("networkidle")
    assert page.locator("svg.wx-chart").count() >= 4
    assert page.locator("svg.wx-five-colour").count() >= 2
    page.fill("textarea[name=problems]", "一是个别单位到位资金滞后于序时进度；二是部分单位佐证材料报送不及时。")
    page.fill("textarea[name=next_steps]", "各责任单位要对照目标任务，倒排工期、挂图作战，确保完成全年目标任务。")
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state("networkidle")
    screenshot(page, "bulletin-draft")
    page.check("#confirm-publish")
    page.get_by_role("button", name="发布").click()
    page.wait_for_load_state("networkidle")
    assert "已发布" in page.content()
    screenshot(page, "bulletin-published")
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 400
    screenshot(page, "bulletin-published-phone")
    assert not violations, violations
