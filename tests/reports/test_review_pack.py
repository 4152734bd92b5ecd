"""The quarterly review pack (季点评): the quarter's standing, its change since the last quarter, page, PDF, .xlsx."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from reports.review import pack as review
from scoring.selectors import county_progress, current_scheme
from targets.models import AssessmentYear, Unit
from tests.conftest import client_for
from tests.reports.dashboard_kit import TOURISM, fonts_embedded, frozen, hand_year, pdf_text  # noqa: F401

pytestmark = pytest.mark.usefixtures("hand_year")


def test_changes_since_the_last_quarter():
    year = AssessmentYear.objects.get(year=2023)
    pack = review.review_pack(year, 3)
    assert str(pack["as_of"]) == "2023-09-30" and str(pack["previous_as_of"]) == "2023-06-30"
    tourism = next(c for c in pack["changes"] if c.now.unit_id == Unit.objects.get(name=TOURISM).pk)
    assert tourism.now.contract.actual == Decimal("7") and tourism.before.contract.actual == Decimal("3")
    assert tourism.contract_change.quantize(Decimal("0.01")) == Decimal("13.33")  # 23.33 % − 10.00 %
    county = county_progress(year, pack["as_of"], current_scheme(year).as_rules())["county"]
    assert pack["county"]["funds"].actual == county["funds"].actual == Decimal("1.5")
    assert pack["milestone"] == Decimal("80")


def test_the_first_quarter_has_nothing_to_compare():
    pack = review.review_pack(AssessmentYear.objects.get(year=2023), 1)
    assert pack["previous_as_of"] is None and pack["improved"] == []
    assert all(c.score_change is None for c in pack["changes"])


def test_review_page_pdf_and_xlsx_for_staff_only(client, personas):
    c = client_for(client, personas["office"])
    with frozen():
        page = c.get("/dashboards/review/2023/q3/")
        pdf = c.get("/dashboards/review/2023/q3/review.pdf")
        xlsx = c.get("/dashboards/review/2023/q3/review.xlsx")
        assert c.get("/dashboards/review/2023/q5/").status_code == 404
        assert c.get("/dashboards/review/").status_code == 302
        assert client_for(client, personas["filer"]).get("/dashboards/review/2023/q3/").status_code == 403
    assert page.status_code == 200
    html = page.content.decode()
    assert "2023年第三季度招商引资工作点评" in html and "县文化旅游委" in html and "<svg" in html
    text = pdf_text(pdf.content)
    assert "第三季度" in text and "县文化旅游委" in text and "进度滞后" in text
    assert fonts_embedded(pdf.content)
    book = load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames == ["全县", "分领域", "各单位", "点评", "承诺事项"]


def test_the_units_behind_are_listed_by_how_far_behind_naming_the_indicator():
    """Issue 16: the pack listed every unit as 进度滞后 in rank order. Now only the units short of the quarter's
    funds milestone or of time progress, the furthest first, each with the indicator that is behind and by how much."""
    year = AssessmentYear.objects.get(year=2023)
    pack = review.review_pack(year, 3)
    behind = pack["behind"]
    assert behind and all(b.worst.points > 0 for b in behind)
    worst = [(b.worst.points, b.worst.amount) for b in behind]
    assert worst == sorted(worst, key=lambda w: (-w[0], -w[1]))
    for b in behind:  # the worse indicator first, every indicator listed is really behind
        assert [g.points for g in b.shortfalls] == sorted((g.points for g in b.shortfalls), reverse=True)
        for g in b.shortfalls:
            p = b.now.funds if g.label == "到位资金" else b.now.contract
            assert p.completion < p.progress and g.amount == max(Decimal("0"), p.expected - p.actual)
    ahead = {c.now.unit_id for c in pack["changes"]} - {b.now.unit_id for b in behind}
    for c in pack["changes"]:
        if c.now.unit_id in ahead:
            assert all(p.gap_points is None or p.gap_points >= 0 for p in (c.now.funds, c.now.contract))
    tourism = next(b for b in behind if b.now.name == TOURISM)
    gaps = {g.label: g.points for g in tourism.shortfalls}
    assert tourism.worst.label == max(gaps, key=gaps.get)
    assert "低于" in tourism.worst.text and "亿元" in tourism.worst.text
    rows = review.highlights_table(pack).rows
    assert [r.cells[1] for r in rows if str(r.cells[0]).startswith("滞后")] == [b.now.name for b in behind]


def test_the_pack_reports_the_plans_commitments_for_the_quarter(auditor):
    from tests.helpers import required_event

    required_event(by=auditor, held_on="2023-08-18", title="重大招商项目集中签约仪式")
    pack = review.review_pack(AssessmentYear.objects.get(year=2023), 3)
    items = {c.item: c for c in pack["commitments"]}
    assert set(items) >= {"走访拜访企业", "每月亿级项目签约", "季度10亿级重要项目签约", "重大招商项目集中签约仪式",
                          "重大招商项目集中开工活动", "县领导外出招商"}  # fmt: skip
    assert items["重大招商项目集中签约仪式"].met is True and "（8月18日）" in items["重大招商项目集中签约仪式"].done
    assert items["重大招商项目集中开工活动"].met is False and items["重大招商项目集中开工活动"].done == "未举行"
    assert items["季度10亿级重要项目签约"].met is False  # the largest of the quarter is 4 亿
    assert "7月有" in items["每月亿级项目签约"].done and "8月无" in items["每月亿级项目签约"].done
    table = review.commitments_table(pack)
    assert table.sheet_name == "承诺事项" and len(table.rows) == len(pack["commitments"])


def test_the_office_writes_the_number_issue_date_and_text_and_they_are_printed(client, personas, monkeypatch):
    from reports.models import QuarterlyReview

    office, filer = client_for(client, personas["office"]), personas["filer"]
    url = "/dashboards/review/2023/q3/text/"
    form = {"number": "巫山招商办〔2023〕7号", "issued_on": "2023-10-12", "problems": "签约项目转化慢。",
            "next_steps": "倒排工期，逐月督办。"}  # fmt: skip
    with frozen():
        page = office.get("/dashboards/review/2023/q3/").content.decode()
        assert 'id="review-text"' in page and 'name="problems"' in page
        assert office.post(url, form).status_code == 302
        review_row = QuarterlyReview.objects.get(year__year=2023, quarter=3)
        assert review_row.number == form["number"] and str(review_row.issued_on) == "2023-10-12"
        page = office.get("/dashboards/review/2023/q3/").content.decode()
        assert "巫山招商办〔2023〕7号" in page and "印发日期 2023年10月12日" in page
        text = pdf_text(office.get("/dashboards/review/2023/q3/review.pdf").content)
        assert "巫山招商办〔2023〕7号" in text and "签约项目转化慢" in text and "倒排工期" in text
        assert "二〇二三年十月十二日" in text or "2023年10月12日" in text

        # bad input: a date before the quarter's cut-off, control characters, too long — a Chinese message, nothing kept
        early = office.post(url, form | {"issued_on": "2023-09-01", "problems": "改了"}, follow=True)
        assert "印发日期不能早于本季度数据截止日" in early.content.decode()
        bad = office.post(url, form | {"problems": "坏\x0b字符"})
        assert bad.status_code == 400 and "存在问题" in bad.content.decode()
        long = office.post(url, form | {"next_steps": "长" * 3001})
        assert long.status_code == 400
        assert QuarterlyReview.objects.get(pk=review_row.pk).problems == "签约项目转化慢。"
        from django.test import Client

        assert client_for(Client(), filer).post(url, form).status_code == 403

        # publishing freezes it
        assert office.post("/dashboards/review/2023/q3/publish/").status_code == 302
        after = office.post(url, form | {"problems": "发布后再改"}, follow=True).content.decode()
        assert "已发布，内容不能再修改" in after
        assert QuarterlyReview.objects.get(pk=review_row.pk).problems == "签约项目转化慢。"


def test_publishing_without_an_issue_date_dates_the_pack_on_the_day(client, personas):
    from reports.models import QuarterlyReview

    office = client_for(client, personas["office"])
    with frozen(dt.date(2023, 10, 9)):
        assert office.post("/dashboards/review/2023/q3/publish/").status_code == 302
    assert str(QuarterlyReview.objects.get(year__year=2023, quarter=3).issued_on) == "2023-10-09"
