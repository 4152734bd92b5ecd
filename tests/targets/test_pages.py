"""The breakdown, unit and leader pages over HTTP, as each persona."""

import re

import pytest

from targets import access
from targets.models import AssessmentYear, Leader, TargetRow, Unit


def unit_id(name):
    return Unit.objects.get(name=name).pk


def leader_id(name):
    return Leader.objects.get(name=name).pk


def get(client, user, url):
    if user is not None:
        client.force_login(user)
    return client.get(url)


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


# page -> roles that get it (200); every other persona gets 403, or 404 where the page hides another unit.
PAGES = {
    "breakdown": ("/targets/2023/", {"filer", "other_filer", "auditor", "leader", "office", "admin"}),
    "breakdown_current": ("/targets/", {"filer", "other_filer", "auditor", "leader", "office", "admin"}),
    "export": ("/targets/2023/export.xlsx", {"filer", "other_filer", "auditor", "leader", "office", "admin"}),
    "own_unit": ("unit:县文化旅游委", {"filer", "auditor", "leader", "office", "admin"}),
    "leader": ("leader:王军", {"auditor", "leader", "office", "admin"}),
    "import": ("/targets/import/", {"auditor", "admin"}),
}
EXPECTED_REFUSAL = {"own_unit": {"other_filer": 404}, "leader": {"filer": 404, "other_filer": 404}}


def resolve(url):
    if url.startswith("unit:"):
        return f"/targets/units/{unit_id(url[5:])}/"
    if url.startswith("leader:"):
        return f"/targets/leaders/{leader_id(url[7:])}/"
    return url


@pytest.mark.parametrize("role", ["filer", "other_filer", "auditor", "leader", "office", "admin", "audit_admin"])
def test_each_role_reaches_exactly_the_pages_it_may(client, personas, role):
    client.force_login(personas[role])
    for page, (url, allowed) in PAGES.items():
        if role in allowed:
            expected = 302 if page == "breakdown_current" else 200
        else:
            expected = EXPECTED_REFUSAL.get(page, {}).get(role, 403)
        assert client.get(resolve(url)).status_code == expected, page


@pytest.mark.parametrize("page", PAGES)
def test_anonymous_visitors_are_sent_to_login(client, plan_2023, page):
    response = client.get(resolve(PAGES[page][0]))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_a_filer_cannot_open_another_units_page(client, filer):
    assert get(client, filer, f"/targets/units/{unit_id('县交通局')}/").status_code == 404


def test_the_breakdown_page_shows_annex_1(client, auditor, django_assert_max_num_queries):
    client.force_login(auditor)
    with django_assert_max_num_queries(12):
        response = client.get("/targets/2023/")
    page = text(response)
    assert len(re.findall(r'<tr class="subtotal[ "]', page)) == 6
    for sector, signed, funded in [
        ("生态旅游", "75.00", "12.00"),
        ("生态农业", "14.00", "3.50"),
        ("生态工业", "81.00", "29.50"),
        ("商贸物流", "65.00", "10.00"),
        ("城市提升", "53.00", "11.00"),
        ("科技金融", "1.00", "1.20"),
    ]:
        cells = rf"<td class=\"num\">{re.escape(signed)}</td>\s*<td class=\"num\">{re.escape(funded)}</td>"
        assert re.search(rf"{sector} 小计 <span[^>]*>[^<]*</span></th>\s*{cells}", page), sector
    assert re.search(
        r"合计 <span[^>]*>26 个单位</span></th>\s*<td class=\"num\">300.00</td>\s*<td class=\"num\">70.00</td>", page
    )
    assert 'rowspan="4" class="sector-cell">生态旅游' in page
    assert "黄勇</a>、<a" in page  # two leaders of one row, both linked


def test_the_breakdown_page_links_units_and_leaders_for_staff(client, office):
    page = text(get(client, office, "/targets/2023/"))
    assert f'href="/targets/units/{unit_id("县交通局")}/"' in page
    assert f'href="/targets/leaders/{leader_id("王军")}/"' in page


def test_a_filer_sees_the_whole_table_but_a_link_only_to_their_own_unit(client, filer):
    page = text(get(client, filer, "/targets/2023/"))
    assert "300.00" in page and "县交通局" in page
    assert f'href="/targets/units/{unit_id("县文化旅游委")}/"' in page
    assert f'href="/targets/units/{unit_id("县交通局")}/"' not in page
    assert "/targets/leaders/" not in page
    assert "导出 Excel" in page and "/targets/import/" not in page


def test_the_year_switcher_lists_every_year_and_an_unknown_year_is_404(client, auditor):
    AssessmentYear.objects.create(year=2024)
    page = text(get(client, auditor, "/targets/2023/"))
    assert 'href="/targets/2024/"' in page and 'aria-current="page" href="/targets/2023/"' in page
    assert "本年度还没有目标任务分解表" in text(client.get("/targets/2024/"))
    assert client.get("/targets/2019/").status_code == 404


def test_the_unit_page_lists_rows_of_every_year_and_accounts_for_staff(client, auditor, filer):
    unit = Unit.objects.get(name="工贸园区管委会")
    page = text(get(client, auditor, f"/targets/units/{unit.pk}/"))
    assert "生态工业" in page and "科技金融" in page and "2023年合计" in page
    assert "<strong>25.00</strong> 亿元 · 到位资金 <strong>16.00</strong>" in page
    assert 'id="unit-accounts"' in page and "该单位还没有账号" in page
    own = text(get(client, auditor, f"/targets/units/{filer.unit_id}/"))
    assert "filer" in own and "单位填报员" in own


def test_a_filer_sees_their_unit_page_without_the_accounts(client, filer):
    page = text(get(client, filer, f"/targets/units/{filer.unit_id}/"))
    assert "县文化旅游委" in page and "30.00" in page
    assert 'id="unit-accounts"' not in page


def test_the_leader_page_lists_the_units_they_lead_with_totals(client, office):
    page = text(get(client, office, f"/targets/leaders/{leader_id('王军')}/"))
    assert "9 个单位，10 项任务" in page
    assert re.search(r"合计</th>\s*<td class=\"num\">78.00</td>\s*<td class=\"num\">28.30</td>", page)
    page = text(client.get(f"/targets/leaders/{leader_id('水韦梁')}/?year=2023"))
    assert "4 个单位，4 项任务" in page and "75.00" in page
    assert client.get(f"/targets/leaders/{leader_id('王军')}/?year=2019").status_code == 404


def test_a_leaders_home_page_shows_my_units(client, leader_user):
    page = text(get(client, leader_user, "/"))
    assert "我牵头的单位（2023年）" in page
    assert "9 个单位 · 目标：签约资金 <strong>78.00</strong> 亿元 · 到位资金 <strong>28.30</strong>" in page
    assert "县商务委" in page and "县文化旅游委" not in page


def test_a_filers_home_page_shows_their_unit(client, filer):
    page = text(get(client, filer, "/"))
    assert "本单位（2023年）" in page and "县文化旅游委" in page


def test_my_units_of_a_leader_are_the_units_they_lead_in_the_years_table(leader_user, filer, auditor, plan_2023):
    names = set(access.my_units(leader_user, plan_2023).values_list("name", flat=True))
    assert names == {
        "振兴农业集团",
        "县经济信息委",
        "工贸园区管委会",
        "劳动密集型商务代表队",
        "县商务委",
        "商贸物流商务代表队",
        "县招商投资事务中心",
        "广东招商分局",
        "山东招商分局",
    }
    assert access.my_target_rows(leader_user, plan_2023).count() == 10
    assert list(access.my_units(filer, plan_2023)) == [filer.unit]
    assert not access.my_units(auditor, plan_2023).exists()
    # A leader still reads every unit: "my units" is a view, not a restriction.
    assert access.visible_units(leader_user).count() == Unit.objects.count()


def test_my_unit_ids_and_list_agree_with_my_units(filer, auditor, leader_user, plan_2023, django_assert_num_queries):
    for user in (filer, auditor, leader_user):
        assert access.my_unit_ids(user, plan_2023) == set(access.my_units(user, plan_2023).values_list("pk", flat=True))
        assert access.my_unit_list(user, plan_2023) == list(access.my_units(user, plan_2023))
    with django_assert_num_queries(0):  # a filer's unit comes with the user
        assert access.my_unit_ids(filer, plan_2023) == {filer.unit_id}
        assert access.my_unit_list(filer, plan_2023) == [filer.unit]


def test_my_units_follow_the_table_of_the_year(leader_user, plan_2023):
    other = AssessmentYear.objects.create(year=2024)
    assert not access.my_units(leader_user, other).exists()
    row = TargetRow.objects.create(year=other, unit=Unit.objects.get(name="县交通局"), signed_target=1)
    row.leader_links.create(leader=leader_user.leader)
    assert list(access.my_units(leader_user, other).values_list("name", flat=True)) == ["县交通局"]


def test_unit_and_leader_pages_take_a_fixed_number_of_queries(client, office, django_assert_max_num_queries):
    client.force_login(office)
    client.get("/")
    for url in [f"/targets/units/{unit_id('工贸园区管委会')}/", f"/targets/leaders/{leader_id('王军')}/"]:
        with django_assert_max_num_queries(12):
            assert client.get(url).status_code == 200
