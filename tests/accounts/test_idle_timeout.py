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
