"""Optional TOTP second factor; required for auditors and admins when OTP_REQUIRED is on."""

import pyotp
import pytest

from accounts import services
from accounts.models import TOTPDevice
from audit.models import AuditEvent
from tests.conftest import PASSWORD

pytestmark = pytest.mark.usefixtures("plan_2023")

NOW = "2024-05-06 09:00:00+08:00"


def sign_in(client, username, password=PASSWORD):
    return client.post("/accounts/login/", {"username": username, "password": password})


def enrol(client, user):
    client.force_login(user)
    client.get("/accounts/2fa/")
    secret = client.session["wushan_otp_pending_secret"]
    response = client.post("/accounts/2fa/", {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302, response.content.decode()
    client.post("/accounts/logout/")
    return secret


@pytest.fixture(autouse=True)
def frozen(time_machine):
    time_machine.move_to(NOW, tick=False)
    return time_machine


def test_the_enrolment_page_shows_a_server_rendered_qr_code_and_the_key(client, auditor):
    client.force_login(auditor)
    page = client.get("/accounts/2fa/").content.decode()
    secret = client.session["wushan_otp_pending_secret"]
    assert "<svg" in page and "<script" not in page.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)) in page
    assert "启用" in page


def test_a_wrong_code_does_not_enrol(client, auditor):
    client.force_login(auditor)
    client.get("/accounts/2fa/")
    response = client.post("/accounts/2fa/", {"code": "000000"})
    assert "验证码不正确" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=auditor).exists()


def test_a_malformed_code_gets_a_chinese_message(client, auditor):
    client.force_login(auditor)
    client.get("/accounts/2fa/")
    response = client.post("/accounts/2fa/", {"code": "abc"})
    assert "请输入 6 位数字验证码" in response.content.decode()


def test_after_enrolment_sign_in_asks_for_a_code(client, auditor, frozen):
    secret = enrol(client, auditor)
    frozen.shift(30)  # the enrolment used this half-minute's code
    response = sign_in(client, "auditor")
    assert response.status_code == 302
    assert client.get("/").url.startswith("/accounts/2fa/verify/")
    assert client.get("/targets/").status_code == 302
    response = client.post("/accounts/2fa/verify/", {"code": pyotp.TOTP(secret).now(), "next": "/targets/"})
    assert response.status_code == 302 and response.url == "/targets/"
    assert client.get("/").status_code == 200
    assert AuditEvent.objects.filter(action="auth.otp_verify", user=auditor).count() == 1


def test_a_session_waiting_for_its_code_cannot_enrol_a_new_authenticator(client, auditor):
    enrol(client, auditor)
    sign_in(client, "auditor")
    response = client.get("/accounts/2fa/")
    assert response.status_code == 302 and response.url.startswith("/accounts/2fa/verify/")


def test_a_code_is_accepted_once(client, auditor, frozen):
    secret = enrol(client, auditor)
    frozen.shift(60)
    code = pyotp.TOTP(secret).now()
    sign_in(client, "auditor")
    assert client.post("/accounts/2fa/verify/", {"code": code}).status_code == 302
    client.post("/accounts/logout/")
    sign_in(client, "auditor")
    response = client.post("/accounts/2fa/verify/", {"code": code})
    assert response.status_code == 200
    assert "验证码不正确或已使用过" in response.content.decode()


def test_a_code_from_the_previous_half_minute_still_works(client, auditor, frozen):
    secret = enrol(client, auditor)
    frozen.shift(120)
    code = pyotp.TOTP(secret).now()
    frozen.shift(30)
    sign_in(client, "auditor")
    assert client.post("/accounts/2fa/verify/", {"code": code}).status_code == 302


def test_wrong_codes_count_as_failed_sign_ins_and_lock_the_user_name(client, auditor):
    enrol(client, auditor)
    sign_in(client, "auditor")
    for _ in range(4):
        assert client.post("/accounts/2fa/verify/", {"code": "123456"}).status_code == 200
    response = client.post("/accounts/2fa/verify/", {"code": "123456"})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert sign_in(client, "auditor").status_code == 429
    failed = AuditEvent.objects.filter(action="auth.login_failed", username="auditor")
    assert failed.count() == 5 and all(e.detail == {"factor": "totp"} for e in failed)
    assert AuditEvent.objects.filter(action="auth.lockout", username="auditor").count() == 1


def test_without_the_setting_nobody_has_to_enrol(client, auditor, settings):
    settings.OTP_REQUIRED = False
    sign_in(client, "auditor")
    assert client.get("/").status_code == 200


@pytest.mark.parametrize("role", ["auditor", "admin", "audit_admin"])
def test_with_the_setting_auditors_and_admins_must_enrol_first(client, personas, settings, role):
    settings.OTP_REQUIRED = True
    sign_in(client, personas[role].username)
    response = client.get("/")
    assert response.status_code == 302 and response.url.startswith("/accounts/2fa/")
    page = client.get("/accounts/2fa/").content.decode()
    assert "必须启用双因素认证" in page
    secret = client.session["wushan_otp_pending_secret"]
    client.post("/accounts/2fa/", {"code": pyotp.TOTP(secret).now()})
    assert client.get("/").status_code == 200


@pytest.mark.parametrize("role", ["filer", "leader", "office"])
def test_with_the_setting_other_roles_may_still_go_without(client, personas, settings, role):
    settings.OTP_REQUIRED = True
    sign_in(client, personas[role].username)
    assert client.get("/").status_code == 200


def test_an_admin_reset_removes_the_authenticator_and_is_audited(auditor, sysadmin):
    TOTPDevice.objects.create(user=auditor, secret=pyotp.random_base32())
    services.totp_reset(user=auditor, by=sysadmin)
    assert not TOTPDevice.objects.filter(user=auditor).exists()
    event = AuditEvent.objects.get(action="account.otp_reset")
    assert event.user == sysadmin and event.object_id == str(auditor.pk)


def test_a_second_factor_session_value_the_code_never_wrote_is_recomputed_not_a_server_error(client, filer):
    from accounts.middleware import SECOND_FACTOR_SESSION_KEY

    client.force_login(filer)
    session = client.session
    session[SECOND_FACTOR_SESSION_KEY] = "bogus"
    session.save()
    response = client.get("/")
    assert response.status_code == 200  # a filer without TOTP owes nothing
    assert client.session[SECOND_FACTOR_SESSION_KEY] == ""
