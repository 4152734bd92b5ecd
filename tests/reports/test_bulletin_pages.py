"""The bulletin's pages over HTTP as each persona: archive, preview, the office's text, publish, PDF, .xlsx."""

import io

import pytest
from openpyxl import load_workbook

from reports.models import Bulletin
from tests.conftest import client_for
from tests.reports.bulletin_kit import published_october
from tests.reports.dashboard_kit import TOURISM, frozen, generated, hand_year  # noqa: F401

pytestmark = pytest.mark.usefixtures("hand_year")
URL = "/reports/bulletins/2023/10/"


def test_office_prepares_writes_and_publishes_with_confirmation(client, office):
    c = client_for(client, office)
    with frozen():
        page = c.get(URL)
        assert page.status_code == 200 and "预览（未生成草稿）" in page.content.decode()
        assert c.post(URL + "prepare/").status_code == 302
        b = Bulletin.objects.get(year__year=2023, month=10)
        c.post(URL + "text/", {"problems": "到位资金滞后。", "next_steps": "加快进度。"})
        refused = c.post(URL + "publish/", {"seen": b.computed_at.isoformat()}, follow=True)
        assert "请勾选" in refused.content.decode()
        assert Bulletin.objects.get(pk=b.pk).state == "draft"
        done = c.post(URL + "publish/", {"confirm": "yes", "seen": b.computed_at.isoformat()}, follow=True)
        assert "已发布" in done.content.decode()
        again = c.post(URL + "publish/", {"confirm": "yes"}, follow=True)
    assert "不能再修改" in again.content.decode()
    b.refresh_from_db()
    assert b.state == "published" and b.problems == "到位资金滞后。"


def test_auditor_edits_but_cannot_publish(client, auditor):
    c = client_for(client, auditor)
    with frozen():
        c.post(URL + "prepare/")
        assert c.post(URL + "publish/", {"confirm": "yes"}).status_code == 403
    assert Bulletin.objects.get(year__year=2023, month=10).state == "draft"


def test_readers_see_published_bulletins_only(client, personas, office):
    for name in ("filer", "leader"):
        c = client_for(client, personas[name])
        with frozen():
            assert c.get(URL).status_code == 404
            assert "尚未发布" in c.get(URL).content.decode()
            assert c.post(URL + "prepare/").status_code == 403
    published_october(office)
    for name in ("filer", "leader", "auditor"):
        c = client_for(client, personas[name])
        page = c.get(URL)
        assert page.status_code == 200 and TOURISM in page.content.decode()
        assert "2023年第10期" in c.get("/reports/bulletins/").content.decode()
    assert client_for(client, personas["admin"]).get(URL).status_code == 403
    assert client_for(client, personas["audit_admin"]).get("/reports/bulletins/").status_code == 403


def test_drafts_are_listed_for_the_office_and_auditors_only(client, personas, office):
    with frozen():
        client_for(client, office).post(URL + "prepare/")
    assert "草稿" in client_for(client, personas["auditor"]).get("/reports/bulletins/").content.decode()
    archive = client_for(client, personas["filer"]).get("/reports/bulletins/").content.decode()
    assert "尚无已发布的月通报" in archive


def test_the_month_grid_links_only_months_that_have_begun(client, office):
    with frozen():  # 5 November 2023
        page = client_for(client, office).get("/reports/bulletins/").content.decode()
    assert 'href="/reports/bulletins/2023/11/"' in page
    assert 'href="/reports/bulletins/2023/12/"' not in page
    assert 'title="该月尚未开始">12月</span>' in page


def test_bad_input_gets_a_chinese_message_never_a_500(client, office):
    c = client_for(client, office)
    with frozen():
        assert "月份应为1—12" in c.get("/reports/bulletins/2023/13/").content.decode()
        assert "没有目标任务分解表" in c.get("/reports/bulletins/2031/1/").content.decode()
        assert "尚未开始" in c.get("/reports/bulletins/2023/12/").content.decode()
        assert c.get("/reports/bulletins/2023/13/bulletin.pdf").status_code == 404
        c.post(URL + "prepare/")
        long = c.post(URL + "text/", {"problems": "字" * 5000, "next_steps": ""}, follow=True)
        assert "存在问题" in long.content.decode() and "3000" in long.content.decode()
        bad = c.post("/reports/bulletins/2023/14/prepare/", follow=True)
    assert bad.status_code == 200 and "月份应为1—12" in bad.content.decode()


def test_xlsx_carries_every_table_with_the_snapshots_figures(client, office):
    published_october(office)
    xlsx = client_for(client, office).get(URL + "bulletin.xlsx")
    book = load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames[:5] == ["总体进展", "季度节点", "分领域", "各单位得分排名", "分管县领导"]
    assert len(book.sheetnames) == 7  # and the five-colour chart's two views
    sheet = book["总体进展"]
    values = [row for row in sheet.iter_rows(values_only=True) if row and row[0] in ("正式合同额", "到位资金")]
    assert [(r[1], r[2]) for r in values] == [(300, 9), (70, 1.5)]


def test_the_menu_lists_the_bulletin_for_readers(client, personas):
    page = client_for(client, personas["filer"]).get("/").content.decode()
    assert "/reports/bulletins/" in page and "月通报" in page


def test_query_count_of_the_pages_does_not_grow_with_the_data(client, office, auditor):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    c = client_for(client, office)

    def counts():
        found = []
        for url in (URL, URL + "bulletin.xlsx", "/reports/bulletins/"):
            with CaptureQueriesContext(connection) as queries:
                assert c.get(url).status_code == 200, url
            found.append(len(queries))
        return found

    with frozen():
        generated(auditor, 10, prefix="S")
        counts()  # warm the process-wide caches (content types) that a transactional test before may have cleared
        live_small = counts()  # no draft yet: computed now
        c.post(URL + "prepare/")
        stored_small = counts()  # from the draft's snapshot
        Bulletin.objects.all().delete()
        generated(auditor, 80, prefix="L")
        live_large = counts()
        c.post(URL + "prepare/")
        stored_large = counts()
    assert live_small == live_large and stored_small == stored_large, (
        live_small,
        live_large,
        stored_small,
        stored_large,
    )
    assert stored_small[0] <= 12, stored_small
    print("queries (page, xlsx, archive): computed now", live_small, "from the snapshot", stored_small)
