"""Each dashboard in headless Chromium, on a desktop and on a phone: charts drawn by the server, no script needed,
nothing blocked by the content security policy. Screenshots go to var/screenshots/dashboard-*.png."""

import pytest

from reports.dashboards.generate import generate_year
from targets.models import AssessmentYear, Unit
from tests.browser.conftest import sign_in

Q = "?as_of=2023-10-31"


@pytest.fixture
def year_of_data(auditor):
    generate_year(AssessmentYear.objects.get(year=2023), projects=60, by=auditor)


def look(page, live_server, screenshot, url, name, *, charts=1):
    violations = []
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_server.url}{url}")
    page.wait_for_load_state("networkidle")
    assert page.locator("svg.wx-chart").count() >= charts, url
    assert "MISSING" not in page.content()
    screenshot(page, f"dashboard-{name}")
    page.set_viewport_size({"width": 390, "height": 844})
    # the page itself never scrolls sideways on a phone: wide tables scroll inside their own box
    assert page.evaluate("document.documentElement.scrollWidth") <= 400, url
    screenshot(page, f"dashboard-{name}-phone")
    assert not violations, violations


@pytest.mark.django_db(transaction=True)
def test_leaders_cockpit(page, live_server, leader_user, year_of_data, screenshot):
    sign_in(page, live_server, leader_user)
    look(page, live_server, screenshot, "/", "home-leader", charts=0)
    look(page, live_server, screenshot, f"/dashboards/county/2023/{Q}", "county", charts=8)
    look(page, live_server, screenshot, f"/dashboards/my-units/2023/{Q}", "my-units", charts=2)
    # the menu's areas open as dropdowns
    page.set_viewport_size({"width": 1366, "height": 900})
    page.get_by_role("button", name="报表").or_(page.locator("a.dropdown-toggle", has_text="报表")).first.click()
    assert page.locator(".dropdown-menu.show").get_by_text("全县驾驶舱").is_visible()


@pytest.mark.django_db(transaction=True)
def test_office_desk_review_and_notice(page, live_server, office, year_of_data, screenshot):
    sign_in(page, live_server, office)
    look(page, live_server, screenshot, f"/dashboards/office/2023/{Q}", "office", charts=1)
    look(page, live_server, screenshot, "/dashboards/review/2023/q3/", "review", charts=3)
    look(page, live_server, screenshot, "/dashboards/ranking/2023/", "notice", charts=0)


@pytest.mark.django_db(transaction=True)
def test_a_units_own_view(page, live_server, filer, year_of_data, screenshot):
    sign_in(page, live_server, filer)
    unit = Unit.objects.get(name="县文化旅游委")
    look(page, live_server, screenshot, f"/dashboards/unit/{unit.pk}/2023/{Q}", "unit", charts=4)
