"""A closed or past year reads as past (issue 16): its results, no year-end projection, no countdown; the current year
keeps its forecast and says what each unit needs. The 难以完成 list states its order and names the amount behind."""

import datetime as dt
import re

import pytest
import time_machine

from reports.dashboards import forecast as fc
from reports.dashboards.selectors.base import AT_RISK_ORDER, UNMET_ORDER, UnitStanding
from scoring import rules as r
from targets.models import AssessmentYear, Unit
from tests.conftest import client_for
from tests.reports.dashboard_kit import CST, TOURISM, hand_year  # noqa: F401

pytestmark = pytest.mark.usefixtures("hand_year")
RULES = r.Rules(year=2023)


def at(day):
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, 10, tzinfo=CST), tick=False)


def page(client, user, url, today):
    with at(today):
        response = client_for(client, user).get(url)
    assert response.status_code == 200, response.content[:300]
    return response, re.sub(r"\s+", " ", response.content.decode())


def tourism():
    return Unit.objects.get(name=TOURISM).pk


def test_the_current_year_forecasts_and_states_the_order_of_its_hard_to_complete_list(client, leader_user):
    response, html = page(client, leader_user, "/dashboards/county/2023/?as_of=2023-10-31", dt.date(2023, 11, 5))
    assert "年末预计" in html and "年末有风险" in html
    assert AT_RISK_ORDER in html
    st = response.context["d"]["standings"]
    assert not st.period.past and st.at_risk
    for u in st.at_risk:  # each row names the amounts that will be missed, the furthest behind first
        row = html.split(f">{u.name}</a>")[1].split("</tr>")[0]
        named = re.findall(r"(正式合同额|到位资金)预计", row)
        assert named == [f.label for f in u.behind]
    keys = [(u.behind[0].completion, u.score.rank) for u in st.at_risk]
    assert keys == sorted(keys)


def test_a_past_year_shows_its_results_and_no_projection(client, leader_user):
    response, html = page(client, leader_user, "/dashboards/county/2023/?as_of=2023-12-31", dt.date(2026, 3, 1))
    st = response.context["d"]["standings"]
    assert st.period.past and st.period.final
    assert "年末预计" not in html and "年末有风险" not in html and "有风险" not in html
    assert "未完成年度目标" in html and UNMET_ORDER in html
    assert [u.name for u in st.at_risk] == [u.name for u in st.units if u.unmet][: len(st.at_risk)] or st.at_risk
    keys = [(u.unmet[0].completion_exact, u.score.rank) for u in st.at_risk]
    assert keys == sorted(keys)


def test_a_past_units_dashboard_has_no_countdown_and_no_projection(client, auditor):
    url = f"/dashboards/unit/{tourism()}/2023/?as_of=2023-12-31"
    _, html = page(client, auditor, url, dt.date(2026, 3, 1))
    assert "还有" not in html and "年末预计" not in html and "有风险" not in html
    assert "2023年度最终结果" in html and "年度结果" in html
    _, now = page(client, auditor, f"/dashboards/unit/{tourism()}/2023/?as_of=2023-10-31", dt.date(2023, 11, 5))
    assert "年末预计" in now and "总分达到80分" in now  # the running year: forecast and what the unit needs


def test_a_closed_year_reads_as_past_even_in_its_own_calendar_year(client, auditor):
    AssessmentYear.objects.filter(year=2023).update(is_closed=True)
    _, html = page(client, auditor, f"/scoring/ranking/2023/units/{tourism()}/", dt.date(2023, 12, 20))
    assert "本年度已结束" in html and "还需多少资金" not in html


def test_the_unit_score_page_of_a_past_year_gives_the_final_result(client, auditor):
    url = f"/scoring/ranking/2023/units/{tourism()}/?as_of=2023-12-31"
    _, html = page(client, auditor, url, dt.date(2026, 3, 1))
    assert "2023年度最终结果：总分" in html and "还需多少资金" not in html
    _, now = page(client, auditor, f"/scoring/ranking/2023/units/{tourism()}/?as_of=2023-10-31", dt.date(2023, 11, 5))
    assert "还需多少资金得到下一步的分" in now and "总分达到80分" in now


def test_the_unit_score_page_speaks_without_letters_and_keeps_the_formula_one_click_away(client, auditor):
    url = f"/scoring/ranking/2023/units/{tourism()}/?as_of=2023-10-31"
    response, html = page(client, auditor, url, dt.date(2023, 11, 5))
    table = html.split('class="table table-sm table-bordered bg-white table-scores table-explained')[1]
    table = table.split("</table>")[0]
    shown = re.sub(r"<details.*?</details>", "", table)  # what reads without opening 计算公式
    text = re.sub(r"<[^>]+>", " ", shown)
    assert not re.search(r"(?<![A-Za-z])(C|TC|F|TF|r|k)(?![A-Za-z])", text), text
    assert "歧义" not in text and "min(" not in text
    assert table.count("<summary") == 6 and "计算公式" in table and "min(20, C ÷ TC × 20)" in table
    notes = re.findall(r'<td class="small wrap"[^>]*>(.*?)</td>', table)
    assert len(notes) == 6 and all(n.strip() for n in notes)


def standing(contract_actual, funds_actual, as_of=dt.date(2023, 10, 31)):
    score = r.score_year(
        r.YearInputs(2023, as_of, (r.UnitFigures(1, "县科技局", signed_target=r.exact(10) and 10, funded_target=1),)),
        RULES,
    ).unit(1)
    t, tf = r.time_progress(as_of), r.funds_time_progress(as_of, RULES)
    return UnitStanding(
        score,
        r.progress("正式合同额", contract_actual, 10, t, RULES),
        r.progress("到位资金", funds_actual, 1, tf, RULES),
        fc.contract_forecast(contract_actual, 10, as_of, RULES),
        fc.funds_forecast(funds_actual, 1, as_of, RULES),
    )


def test_the_amount_behind_is_the_one_named_not_the_funds_by_default():
    # 县科技局: funds far ahead (1.2 of 1 by October, 163.9 % projected), contracts the problem (2 of 10).
    u = standing(2, "1.2")
    assert u.at_risk and [f.label for f in u.behind] == ["正式合同额"]
    assert u.funds_forecast.completion > 1 and not u.funds_forecast.at_risk
    assert [p.label for p in u.unmet] == ["正式合同额"]


def test_a_filers_home_panel_says_what_the_unit_needs_next(client, filer):
    _, html = page(client, filer, "/", dt.date(2023, 11, 5))
    panel = html.split('class="list-unstyled small mt-2 mb-0 home-needs"')[1].split("</ul>")[0]
    assert "总分达到80分：" in panel and "上升一个名次" in panel
    assert "亿元" in panel or "已是第1名" in panel or "无法达到" in panel


def test_a_past_years_county_workbook_has_results_not_forecasts(client, leader_user):
    import io

    from openpyxl import load_workbook

    with at(dt.date(2026, 3, 1)):
        response = client_for(client, leader_user).get("/dashboards/county/2023/county.xlsx?as_of=2023-12-31")
    book = load_workbook(io.BytesIO(response.content))
    text = " ".join(str(c) for s in book.worksheets for row in s.iter_rows(values_only=True) for c in row if c)
    assert "年度目标完成结果" in book["年度结果"]["A1"].value
    assert "预计" not in text and "有风险" not in text
