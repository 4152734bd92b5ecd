"""The first administrator of a new server: ``createsuperuser`` makes a 系统管理员 who can sign in and set up."""

import pyotp
import pytest
from django.core.management import call_command

from accounts.models import Role, TOTPDevice, User
from audit.models import AuditEvent

PASSWORD = "Wushan#First2026"


@pytest.fixture
def first_admin(db, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_USERNAME", "admin")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)
    monkeypatch.setenv("DJANGO_SUPERUSER_EMAIL", "admin@example.cn")
    call_command("createsuperuser", "--noinput", verbosity=0)
    return User.objects.get(username="admin")


def test_createsuperuser_noinput_makes_a_system_admin_without_a_unit(first_admin):
    assert first_admin.role == Role.ADMIN and first_admin.unit is None
    assert first_admin.is_superuser and first_admin.is_staff and first_admin.is_active
    assert first_admin.password_changed_at is not None  # a fresh password, not an expired one
    assert AuditEvent.objects.filter(action="account.create_superuser", object_id=str(first_admin.pk)).exists()


def test_the_first_admin_signs_in_over_http_and_reaches_the_admin_site(client, first_admin):
    response = client.post("/accounts/login/", {"username": "admin", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/accounts/user/add/").status_code == 200


def test_with_the_second_factor_required_the_first_admin_enrols_and_gets_in(client, first_admin, settings):
    settings.OTP_REQUIRED = True
    client.post("/accounts/login/", {"username": "admin", "password": PASSWORD})
    response = client.get("/admin/")
    assert response.status_code == 302 and response.url.startswith("/accounts/2fa/")
    client.get("/accounts/2fa/")
    secret = client.session["wushan_otp_pending_secret"]
    response = client.post("/accounts/2fa/", {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302
    assert TOTPDevice.objects.filter(user=first_admin).exists()
    assert client.get("/admin/").status_code == 200


def test_createsuperuser_can_still_be_given_another_role(db):
    User.objects.create_superuser("auditor0", "a@example.cn", PASSWORD, role=Role.AUDITOR)
    assert User.objects.get(username="auditor0").role == Role.AUDITOR
