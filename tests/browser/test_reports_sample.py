import pytest

from tests.browser.conftest import sign_in


@pytest.mark.django_db(transaction=True)
def test_the_sample_page_shows_the_same_charts_as_the_pdf(page, live_server, office, screenshot):
    violations = []
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    sign_in(page, live_server, office)
    page.goto(f"{live_server.url}/reports/sample/")
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "通报版式样例"
    assert page.locator("svg.wx-chart").count() >= 6
    # the shipped font is loaded for the charts, as in the PDF
    assert page.evaluate("document.fonts.check('12px \"Wushan Sans SC\"')")
    assert not violations
    screenshot(page, "reports-sample")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "reports-sample-phone")
