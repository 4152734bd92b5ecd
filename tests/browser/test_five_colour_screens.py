"""The five-colour chart in headless Chromium, on a desktop and on a phone: the legend and both views drawn by the
server as SVG, nothing blocked by the content security policy. Screenshots: var/screenshots/five-colour*.png."""

import pytest

from reports.dashboards.generate import generate_year
from targets.models import AssessmentYear
from tests.browser.conftest import sign_in


@pytest.mark.django_db(transaction=True)
def test_the_five_colour_chart_on_a_desktop_and_a_phone(page, live_server, leader_user, auditor, screenshot):
    generate_year(AssessmentYear.objects.get(year=2023), projects=60, by=auditor)
    violations = []
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    sign_in(page, live_server, leader_user)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/reports/five-colour/2023/?as_of=2023-10-31")
    page.wait_for_load_state("networkidle")
    assert page.locator("svg.wx-five-colour").count() == 2
    assert page.locator("svg.wx-five-colour-legend").count() == 1
    assert page.get_by_role("heading", name="2023年1—10月招商引资考核情况五色图").is_visible()
    screenshot(page, "five-colour")
    page.get_by_text("数据表（指标视图）").click()
    assert page.locator("#indicator-view table.report-table").is_visible()
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 400
    screenshot(page, "five-colour-phone", full_page=False)
    # the cut-off selector: another month end, through the form
    page.set_viewport_size({"width": 1366, "height": 900})
    page.select_option("#cutoff-month", "2023-06-30")
    page.locator("form:has(#cutoff-month) button").click()
    page.wait_for_load_state("networkidle")
    assert "as_of=2023-06-30" in page.url
    assert page.get_by_role("heading", name="2023年1—6月招商引资考核情况五色图").is_visible()
    assert not violations, violations
