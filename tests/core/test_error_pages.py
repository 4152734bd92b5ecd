"""Error pages speak Chinese: a wrong address, a refused capability, an expired form, a server error."""

import pytest
from django.test import Client

from tests.conftest import client_for


def test_a_wrong_address_gets_a_chinese_404_inside_the_app(client, filer):
    response = client_for(client, filer).get("/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "找不到该页面" in page and "返回首页" in page and "Not Found" not in page


def test_another_units_score_is_a_chinese_404(client, filer, other_filer):
    response = client_for(client, filer).get(f"/scoring/ranking/2023/units/{other_filer.unit_id}/")
    assert response.status_code == 404 and "找不到该页面" in response.content.decode()


def test_a_refused_capability_gets_a_chinese_403(client, sysadmin):
    response = client_for(client, sysadmin).get("/audit-queue/")
    assert response.status_code == 403 and "无权访问" in response.content.decode()


def test_an_expired_form_gets_a_chinese_csrf_page(filer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(filer)
    response = client.post("/accounts/password/", {"old_password": "x"})
    assert response.status_code == 403 and "页面已过期" in response.content.decode()


@pytest.mark.urls("tests.core.boom_urls")
def test_a_server_error_page_is_chinese_and_needs_no_database(client, filer):
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500 and "系统暂时出错" in response.content.decode()
