"""The published bulletin's page draws the same server-side charts as its PDF (the fixed December of the hand-checked
year), in the shipped font, nothing blocked by the content security policy. Screenshots: var/screenshots/."""

import pytest

from tests.browser.conftest import sign_in
from tests.reports.bulletin_kit import published_december
from tests.reports.dashboard_kit import hand_year  # noqa: F401  (the year the bulletin is built from)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("hand_year")
def test_the_bulletin_page_shows_the_same_charts_as_the_pdf(page, live_server, office, screenshot):
    published_december(office)
    violations = []
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    sign_in(page, live_server, office)
    page.goto(f"{live_server.url}/reports/bulletins/2023/12/")
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text().startswith("2023年第12期招商引资工作月通报")
    assert page.locator("svg.wx-chart").count() >= 6
    # the shipped font is loaded for the charts, as in the PDF
    assert page.evaluate("document.fonts.check('12px \"Wushan Sans SC\"')")
    assert not violations
    screenshot(page, "bulletin-charts")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "bulletin-charts-phone")
