"""Five failed sign-ins lock the USER NAME for 15 minutes, whatever address they come from."""

import pytest

from audit.models import AuditEvent
from tests.conftest import PASSWORD

pytestmark = pytest.mark.usefixtures("plan_2023")


def sign_in(client, username, password, address="10.1.1.1"):
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


def fail(client, username, times, address="10.1.1.1"):
    for _ in range(times):
        sign_in(client, username, "wrong-Password1", address)


def test_four_failures_do_not_lock(client, filer):
    fail(client, "filer", 4)
    assert sign_in(client, "filer", PASSWORD).status_code == 302


def test_the_fifth_failure_shows_the_chinese_lockout_page(client, filer):
    fail(client, "filer", 4)
    response = sign_in(client, "filer", "wrong-Password1")
    assert response.status_code == 429
    page = response.content.decode()
    assert "账号已临时锁定" in page
    assert "15 分钟" in page


def test_a_locked_user_name_is_refused_even_with_the_right_password(client, filer):
    fail(client, "filer", 5)
    response = sign_in(client, "filer", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lock_follows_the_user_name_not_the_address(client, filer):
    for n in range(5):
        sign_in(client, "filer", "wrong-Password1", address=f"10.0.0.{n + 1}")
    assert sign_in(client, "filer", PASSWORD, address="10.9.9.9").status_code == 429


def test_colleagues_behind_the_same_address_are_not_locked(client, filer, other_filer):
    fail(client, "filer", 5, address="10.1.1.1")
    assert sign_in(client, "filer_other", PASSWORD, address="10.1.1.1").status_code == 302


def test_the_lock_lifts_after_fifteen_minutes(client, filer, time_machine):
    time_machine.move_to("2024-05-06 09:00:00+08:00", tick=False)
    fail(client, "filer", 5)
    time_machine.move_to("2024-05-06 09:14:00+08:00", tick=False)
    assert sign_in(client, "filer", PASSWORD).status_code == 429
    time_machine.move_to("2024-05-06 09:16:00+08:00", tick=False)
    assert sign_in(client, "filer", PASSWORD).status_code == 302


def test_attempts_during_a_lock_do_not_extend_it(client, filer, time_machine):
    time_machine.move_to("2024-05-06 09:00:00+08:00", tick=False)
    fail(client, "filer", 5)
    time_machine.move_to("2024-05-06 09:10:00+08:00", tick=False)
    fail(client, "filer", 3)
    time_machine.move_to("2024-05-06 09:16:00+08:00", tick=False)
    assert sign_in(client, "filer", PASSWORD).status_code == 302


def test_a_successful_sign_in_clears_earlier_failures(client, filer):
    fail(client, "filer", 4)
    assert sign_in(client, "filer", PASSWORD).status_code == 302
    client.post("/accounts/logout/")
    fail(client, "filer", 4)
    assert sign_in(client, "filer", PASSWORD).status_code == 302


def test_failures_the_lockout_and_refused_attempts_are_in_the_audit_log(client, filer):
    fail(client, "filer", 5)
    sign_in(client, "filer", PASSWORD)
    events = list(AuditEvent.objects.filter(username="filer").order_by("id").values_list("action", "outcome", "ip"))
    assert events == [("auth.login_failed", "failure", "10.1.1.1")] * 5 + [
        ("auth.lockout", "denied", "10.1.1.1"),
        ("auth.login_locked", "denied", "10.1.1.1"),
    ]


def test_the_admin_site_sign_in_is_locked_too(client, sysadmin):
    for _ in range(5):
        client.post("/admin/login/", {"username": "sysadmin", "password": "wrong-Password1"})
    response = client.post("/admin/login/", {"username": "sysadmin", "password": PASSWORD})
    assert response.status_code == 429
