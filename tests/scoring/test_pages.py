"""The score pages over HTTP, as each persona, with their query counts bounded."""

import re

import pytest

from targets.models import Unit
from tests.conftest import client_for


@pytest.fixture(autouse=True)
def _loud_templates(settings):
    """A variable a template cannot resolve shows up as MISSING[…] so that the assertions below catch it."""
    settings.TEMPLATES[0]["OPTIONS"]["string_if_invalid"] = "MISSING[%s]"


def unit_pk(name):
    return Unit.objects.get(name=name).pk


def test_every_reader_sees_the_ranking_in_a_fixed_number_of_queries(
    client, personas, small_year, django_assert_max_num_queries
):
    for role in ("filer", "auditor", "leader", "office"):
        c = client_for(client, personas[role])
        with django_assert_max_num_queries(20):
            response = c.get("/scoring/ranking/2023/?as_of=2023-12-31")
        assert response.status_code == 200
        page = response.content.decode()
        assert "县文化旅游委" in page and "县交通局" in page
        assert "2023 (v1)" in page and "86.80" in page
        assert "MISSING[" not in page


def test_ranking_redirects_to_the_current_year(client, auditor):
    response = client_for(client, auditor).get("/scoring/ranking/")
    assert response.status_code == 302
    assert response["Location"] == "/scoring/ranking/2023/"


def test_unit_page_explains_each_indicator_with_its_records(client, auditor, small_year, django_assert_max_num_queries):
    c = client_for(client, auditor)
    with django_assert_max_num_queries(25):
        page = c.get(f"/scoring/ranking/2023/units/{unit_pk('县文化旅游委')}/?as_of=2023-12-31")
    assert page.status_code == 200
    text = page.content.decode()
    assert "min(20, 9.0000 ÷ 30.0000 × 20) = 6.00" in text
    assert "min(30, 3.6000 ÷ 4.0000 × 30) = 27.00" in text
    assert "P1 项目P1" in text and "P2 项目P2" in text
    assert 'href="/filing/contract/' in text and 'href="/projects/' in text  # the records behind the figures
    assert 'href="/filing/report/' in text
    # a 交通局 project (the page's random CSRF tokens and CSP nonces left out: one held "P3" by chance)
    assert "P3" not in re.sub(r'(csrfmiddlewaretoken" value|nonce)="[^"]*"', "", text).split('id="averages"')[0]
    assert "“外出拜访”未填写" in text  # February
    assert "招大引强" in text
    assert "MISSING[" not in text


def test_a_filer_sees_only_their_own_units_score_page(client, filer):
    c = client_for(client, filer)
    assert c.get(f"/scoring/ranking/2023/units/{unit_pk('县文化旅游委')}/").status_code == 200
    assert c.get(f"/scoring/ranking/2023/units/{unit_pk('县交通局')}/").status_code == 404


def test_the_ranking_links_a_filer_only_to_their_own_unit(client, filer):
    text = client_for(client, filer).get("/scoring/ranking/2023/?as_of=2023-12-31").content.decode()
    assert f"/scoring/ranking/2023/units/{unit_pk('县文化旅游委')}/" in text
    assert f"/scoring/ranking/2023/units/{unit_pk('县交通局')}/" not in text


def test_a_bad_cut_off_falls_back_to_the_default_with_a_message(client, auditor):
    response = client_for(client, auditor).get("/scoring/ranking/2023/?as_of=2023-13-45")
    assert response.status_code == 200
    assert "格式不正确" in response.content.decode()
    response = client.get("/scoring/ranking/2023/?as_of=2024-01-31")
    assert "须在2023年内" in response.content.decode()


def test_an_unknown_year_or_version_is_404(client, auditor):
    c = client_for(client, auditor)
    assert c.get("/scoring/ranking/1999/").status_code == 404
    assert c.get("/scoring/ranking/2023/?v=7").status_code == 404
    assert c.get("/scoring/ranking/2023/?v=x").status_code == 404


def test_anonymous_users_are_sent_to_login(client, plan_2023):
    response = client.get("/scoring/ranking/2023/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_progress_page_shows_county_sectors_and_commitments(
    client, leader_user, small_year, django_assert_max_num_queries
):
    c = client_for(client, leader_user)
    with django_assert_max_num_queries(20):
        text = c.get("/scoring/progress/2023/?as_of=2023-12-31").content.decode()
    assert "全县目标" in text and "生态旅游" in text
    assert "走访拜访企业" in text and "县领导每月外出招商" in text
    assert "滚动储备项目库" in text
    assert "落后不超过10个百分点" in text and "≥1亿元" in text
    assert "MISSING[" not in text


def test_a_year_without_a_breakdown_table_still_renders_its_pages(client, auditor, earlier_years):
    c = client_for(client, auditor)
    for url in (
        "/scoring/ranking/2022/",
        "/scoring/progress/2022/",
        "/scoring/scheme/2022/",
        "/scoring/guarantee/2022/",
    ):
        response = c.get(url)
        assert response.status_code == 200, url
        assert "MISSING[" not in response.content.decode()
