"""The year-end ranking notice (公示): each unit's arithmetic inline, the reward tables, page, PDF and .xlsx."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from reports.ranking import notice as ranking
from scoring.selectors import year_scores
from targets.models import AssessmentYear, Unit
from tests.conftest import client_for
from tests.reports.dashboard_kit import (  # noqa: F401
    AS_OF,
    TOURISM,
    TRANSPORT,
    fonts_embedded,
    frozen,
    hand_year,
    pdf_text,
)

pytestmark = pytest.mark.usefixtures("hand_year")


def scores():
    return year_scores(AssessmentYear.objects.get(year=2023), AS_OF)


def test_each_units_arithmetic_is_written_out_from_its_scores():
    s = scores().unit(Unit.objects.get(name=TOURISM).pk)
    text = ranking.arithmetic(s)
    assert text.startswith("正式合同额 7/30×20 = 4.67 分；到位资金 0.9/4×30 = 6.75 分；")
    assert "资金到位率 0.1286/0.2143（平均）×20 = 12.00 分" in text
    assert "开工率 0.3750/0.6875（平均）×20 = 10.91 分" in text
    assert "加分 0.00 分" in text
    assert text.endswith(f"合计 {s.total} 分，第{s.rank}名")


def test_a_capped_indicator_shows_the_product_and_the_cap():
    s = scores().unit(Unit.objects.get(name=TRANSPORT).pk)
    # 交通局: funds rate 0.3 against the average 0.2143 → 28.00, capped at 20
    assert "资金到位率 0.3000/0.2143（平均）×20 = 28.00，超过权重按 20.00 分计" in ranking.arithmetic(s)


def test_reward_table_lists_scorings_eligibility_and_reasons():
    data = ranking.notice_data(AssessmentYear.objects.get(year=2023), AS_OF)
    table = ranking.reward_table(data)
    first = table.rows[0].cells
    assert first[0] == 1 and first[4].text == "—"  # nobody met the targets: no money
    assert "未完成年度目标任务" in first[6]
    assert data["rewarded"] == []
    assert "第1—2名20万元，第3—4名15万元" in table.notes[0]
    assert "第1—2名5万元，第3—4名3万元" in ranking.guarantee_table(data).notes[0]


def test_notice_page_pdf_and_xlsx(client, office, filer):
    c = client_for(client, office)
    with frozen():
        page = c.get("/dashboards/ranking/2023/?as_of=2023-10-31")
        pdf = c.get("/dashboards/ranking/2023/notice.pdf?as_of=2023-10-31")
        xlsx = c.get("/dashboards/ranking/2023/notice.xlsx?as_of=2023-10-31")
    assert page.status_code == 200
    html = page.content.decode()
    assert "关于2023年度全县招商引资考核结果的公示" in html and "正式合同额 7/30×20 = 4.67 分" in html
    assert "非年末截止日" in html
    text = pdf_text(pdf.content)
    assert "公示" in text and "县文化旅游委" in text and "4.67" in text
    assert fonts_embedded(pdf.content)
    book = load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames == ["得分排名", "责任单位奖励", "保障单位"]
    row = next(r for r in book["得分排名"].iter_rows(values_only=True) if r[1] == TOURISM)
    assert Decimal(str(row[2])) == scores().unit(Unit.objects.get(name=TOURISM).pk).total
    assert row[3].startswith("正式合同额 7/30×20")
    with frozen():
        assert client_for(client, filer).get("/dashboards/ranking/2023/").status_code == 200  # a public notice


@pytest.mark.parametrize("as_of, final", [(dt.date(2023, 12, 31), True), (dt.date(2023, 10, 31), False)])
def test_only_the_year_end_cut_off_is_final(plan_2023, as_of, final):
    assert ranking.notice_data(plan_2023, as_of)["final"] is final


def test_the_notice_pdf_never_leaves_the_signature_or_a_note_alone_on_a_page(client, office):
    with frozen():
        pdf = client_for(client, office).get("/dashboards/ranking/2023/notice.pdf?as_of=2023-10-31").content
    pages = [p for p in pdf_text(pdf).split("\f") if p.strip()]
    [signed] = [p for p in pages if "巫山县招商引资工作领导小组办公室\n" in p and "三、招商保障单位评价得分" in p]
    assert signed != pages[-1]  # the signature closes the text; the ranking table follows as an annex
    last = pages[-1]
    assert "注：金额单位为亿元" in last and "得分计算" in last  # the note sits under the table's last rows
