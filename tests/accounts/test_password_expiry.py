import pytest

from tests.conftest import PASSWORD

pytestmark = pytest.mark.usefixtures("plan_2023")


@pytest.fixture
def dated_filer(filer, time_machine):
    time_machine.move_to("2024-01-01 09:00:00+08:00", tick=False)
    filer.set_password(PASSWORD)
    filer.save()
    return filer


def test_a_password_younger_than_ninety_days_lets_the_user_work(client, dated_filer, time_machine):
    time_machine.move_to("2024-03-30 09:00:00+08:00", tick=False)  # 89 days
    client.force_login(dated_filer)
    assert client.get("/").status_code == 200


def test_an_expired_password_sends_every_page_to_the_change_form(client, dated_filer, time_machine):
    time_machine.move_to("2024-04-01 09:00:00+08:00", tick=False)  # 91 days
    client.force_login(dated_filer)
    response = client.get("/targets/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/?next=%2Ftargets%2F"
    page = client.get(response["Location"])
    assert "已超过 90 天未修改" in page.content.decode()


def test_an_htmx_request_with_an_expired_password_is_redirected_by_htmx(client, dated_filer, time_machine):
    time_machine.move_to("2024-06-01 09:00:00+08:00", tick=False)
    client.force_login(dated_filer)
    response = client.get("/", headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert response["HX-Redirect"] == "/accounts/password/"


def test_changing_an_expired_password_lets_the_user_back_in(client, dated_filer, time_machine):
    time_machine.move_to("2024-06-01 09:00:00+08:00", tick=False)
    client.force_login(dated_filer)
    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": "Wushan#2024x", "new_password2": "Wushan#2024x"},
    )
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_the_expiry_period_comes_from_settings(client, dated_filer, time_machine, settings):
    settings.PASSWORD_MAX_AGE_DAYS = 30
    time_machine.move_to("2024-02-05 09:00:00+08:00", tick=False)
    client.force_login(dated_filer)
    assert client.get("/").status_code == 302
    settings.PASSWORD_MAX_AGE_DAYS = 0  # off
    assert client.get("/").status_code == 200


def test_sign_out_stays_possible_with_an_expired_password(client, dated_filer, time_machine):
    time_machine.move_to("2024-06-01 09:00:00+08:00", tick=False)
    client.force_login(dated_filer)
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
