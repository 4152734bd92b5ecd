"""A session left alone for 30 minutes ends; any request within them starts the 30 minutes again."""

import pytest

pytestmark = pytest.mark.usefixtures("plan_2023")


def test_thirty_minutes_idle_signs_the_user_out(client, auditor, time_machine):
    time_machine.move_to("2024-05-06 09:00:00+08:00", tick=False)
    client.force_login(auditor)
    assert client.get("/").status_code == 200
    time_machine.move_to("2024-05-06 09:31:00+08:00", tick=False)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_activity_keeps_the_session_alive(client, auditor, time_machine):
    time_machine.move_to("2024-05-06 09:00:00+08:00", tick=False)
    client.force_login(auditor)
    for minute in (20, 40, 60, 80):
        time_machine.move_to(f"2024-05-06 {9 + minute // 60:02d}:{minute % 60:02d}:00+08:00", tick=False)
        assert client.get("/").status_code == 200


def test_the_session_cookie_does_not_outlive_the_browser(client, auditor, settings):
    response = client.post("/accounts/login/", {"username": "auditor", "password": "Test@pass2023"})
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["expires"] == "" and cookie["max-age"] == ""
    assert cookie["httponly"]
    assert settings.SESSION_COOKIE_AGE == 30 * 60


def _expiry(client):
    from django.contrib.sessions.models import Session

    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_requests_within_a_minute_of_the_last_refresh_write_no_session(client, auditor, time_machine):
    time_machine.move_to("2024-05-06 09:00:00+08:00", tick=False)
    client.force_login(auditor)
    assert client.get("/").status_code == 200
    refreshed = _expiry(client)
    time_machine.move_to("2024-05-06 09:00:40+08:00", tick=False)
    assert client.get("/").status_code == 200
    assert _expiry(client) == refreshed
    time_machine.move_to("2024-05-06 09:01:05+08:00", tick=False)
    assert client.get("/").status_code == 200
    assert _expiry(client) > refreshed


def test_a_session_never_outlives_thirty_minutes_after_its_last_request(client, auditor, time_machine):
    time_machine.move_to("2024-05-06 09:00:00+08:00", tick=False)
    client.force_login(auditor)
    assert client.get("/").status_code == 200
    time_machine.move_to("2024-05-06 09:20:00+08:00", tick=False)
    assert client.get("/").status_code == 200  # refreshed: idle deadline 09:50
    time_machine.move_to("2024-05-06 09:20:30+08:00", tick=False)
    assert client.get("/").status_code == 200  # within the minute: deadline stays 09:50
    time_machine.move_to("2024-05-06 09:50:01+08:00", tick=False)
    assert client.get("/").status_code == 302
