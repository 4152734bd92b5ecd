import pytest

from tests.browser.conftest import sign_in


@pytest.mark.django_db(transaction=True)
def test_login_page_and_signed_in_home(page, live_server, screenshot, filer):
    page.goto(f"{live_server.url}/accounts/login/")
    assert page.locator("h1").inner_text() == "巫山县招商引资考核系统"
    screenshot(page, "login")
    sign_in(page, live_server, filer)
    assert "您好" in page.locator("h1").inner_text()
