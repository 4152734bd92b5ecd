"""At 390 px the ranking and the unit score page become one card per row (.table-stack), each cell named by its column
(issue 16: key columns such as 名次, 总分, 计算 and 说明 never sit off-screen), and the averages read as percentages."""

import re

import pytest

from targets.models import Unit
from tests.conftest import client_for
from tests.reports.dashboard_kit import TOURISM, hand_year  # noqa: F401

pytestmark = pytest.mark.usefixtures("hand_year")


def labels(table: str) -> set[str]:
    return set(re.findall(r'data-label="([^"]+)"', table))


def test_the_ranking_stacks_into_cards_that_lead_with_rank_name_and_total(client, auditor):
    html = client_for(client, auditor).get("/scoring/ranking/2023/?as_of=2023-12-31").content.decode()
    table = html.split("table-stack table-ranking")[1].split("</table>")[0]
    assert {"名次", "总分", "奖励", "差距", "正式合同额进度", "到位资金进度", "日常工作得分"} <= labels(table)
    assert 'class="num rank-cell"' in table and "total-cell" in table and 'class="project-name"' in table
    assert re.search(r"资金到位率平均值 (\d+\.\d\d%|—)，开工率平均值 (\d+\.\d\d%|—)", html)


def test_the_unit_score_page_stacks_its_breakdown_and_its_records(client, auditor):
    pk = Unit.objects.get(name=TOURISM).pk
    html = client_for(client, auditor).get(f"/scoring/ranking/2023/units/{pk}/?as_of=2023-12-31").content.decode()
    explained = html.split("table-explained table-stack")[1].split("</table>")[0]
    assert {"权重", "依据", "计算", "得分", "说明", "总分", "名次"} <= labels(explained)
    assert html.count("table-stack") >= 6  # breakdown, contracts, funds, starts, bonus, deductions
    css = open("static/css/scoring.css", encoding="utf-8").read()
    assert "@media (max-width: 575.98px)" in css and ".table-stack td.wrap" in css
