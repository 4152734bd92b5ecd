"""The security pages in a real browser, under the real content security policy: nothing blocked, all readable."""

import pyotp
import pytest

from audit.services import audit_log
from tests.browser.conftest import sign_in


@pytest.fixture
def csp_violations(page):
    seen = []
    page.on("console", lambda msg: seen.append(msg.text) if "Content Security Policy" in msg.text else None)
    return seen


@pytest.mark.django_db(transaction=True)
def test_lockout_page_under_csp(page, live_server, screenshot, filer, csp_violations):
    for _ in range(5):
        sign_in(page, live_server, filer, password="wrong-Password1")
    assert "账号已临时锁定" in page.locator("h1").inner_text()
    screenshot(page, "security-lockout")
    assert csp_violations == [], "\n".join(csp_violations)


@pytest.mark.django_db(transaction=True)
def test_second_factor_enrolment_and_verification(page, live_server, screenshot, auditor, settings, csp_violations):
    settings.OTP_REQUIRED = True
    sign_in(page, live_server, auditor)
    assert "/accounts/2fa/" in page.url
    assert page.locator(".otp-qr svg").is_visible()
    screenshot(page, "security-otp-setup")
    secret = page.locator("#otp-secret").inner_text().replace(" ", "")
    page.fill("#id_code", pyotp.TOTP(secret).now())
    page.get_by_role("button", name="启用", exact=True).click()
    page.wait_for_load_state("networkidle")
    assert "双因素认证已启用" in page.content()
    assert csp_violations == [], "\n".join(csp_violations)


@pytest.mark.django_db(transaction=True)
def test_audit_search_page(page, live_server, screenshot, audit_admin, filer, csp_violations):
    for n in range(60):
        audit_log(action="auth.login_failed", username=f"user{n}", outcome="failure")
    audit_log(action="contract.confirm", by=filer, obj=filer.unit, detail={"supersedes": None})
    sign_in(page, live_server, audit_admin)
    page.goto(f"{live_server.url}/audit/")
    assert page.locator("h1").inner_text() == "审计日志"
    assert page.locator("table tbody tr").count() == 50
    screenshot(page, "security-audit-search")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "security-audit-search-phone", full_page=False)
    assert csp_violations == [], "\n".join(csp_violations)


@pytest.mark.django_db(transaction=True)
def test_admin_site_under_csp(page, live_server, screenshot, sysadmin, auditor, csp_violations):
    sign_in(page, live_server, sysadmin)
    page.goto(f"{live_server.url}/admin/accounts/user/")
    assert page.locator("#result_list").is_visible()
    page.goto(f"{live_server.url}/admin/accounts/user/{auditor.pk}/change/")
    assert page.locator("#id_role").is_visible()
    screenshot(page, "security-admin-user")
    assert csp_violations == [], "\n".join(csp_violations)
