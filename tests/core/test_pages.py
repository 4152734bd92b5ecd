import pytest

from tests.conftest import PASSWORD


def test_login_page_is_in_chinese(client, db):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert "账号登录" in response.content.decode()


def test_anonymous_user_is_sent_to_login(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("role", ["filer", "auditor", "leader", "office", "admin", "audit_admin"])
def test_every_role_can_sign_in_and_see_home(client, personas, role):
    user = personas[role]
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    response = client.get("/")
    assert response.status_code == 200
    assert user.get_role_display() in response.content.decode()


def test_wrong_password_gets_a_chinese_message(client, personas):
    response = client.post("/accounts/login/", {"username": "filer", "password": "nope"})
    assert response.status_code == 200
    assert "用户名或密码不正确" in response.content.decode()


def test_every_page_names_its_icon_as_a_static_file(client, db):
    """Without a <link rel="icon"> every browser asks for /favicon.ico after each page: a 404 that goes through every
    middleware (session, database) for nothing, on every page a user opens."""
    from django.contrib.staticfiles import finders
    from django.template.loader import render_to_string

    for html in (client.get("/accounts/login/").content.decode(), render_to_string("500.html")):
        assert '<link rel="icon" href="/static/favicon.svg"' in html
    assert finders.find("favicon.svg")
