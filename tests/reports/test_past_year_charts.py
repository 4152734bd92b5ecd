"""A past (or closed) year's trend charts draw no forecast, whatever the cut-off (issue 16): the months as they were
against the path, no "按当前进度预测" line and no "与预测" in the titles. The running year keeps its forecast."""

import datetime as dt
import re
from decimal import Decimal as D

import pytest
import time_machine

from reports.dashboards import charts
from reports.dashboards import forecast as fc
from scoring import rules as r
from targets.models import AssessmentYear, Unit
from tests.conftest import client_for
from tests.reports.dashboard_kit import CST, TOURISM, hand_year  # noqa: F401

FORECAST = "按当前进度预测"
MID_YEAR = "2023-06-30"


def page(client, user, url, today):
    with time_machine.travel(dt.datetime(today.year, today.month, today.day, 10, tzinfo=CST), tick=False):
        response = client_for(client, user).get(url)
    assert response.status_code == 200, response.content[:300]
    return re.sub(r"\s+", " ", response.content.decode())


def chart(past: bool) -> str:
    rules = r.Rules(year=2023)
    as_of = dt.date(2023, 6, 30)
    return str(
        charts.trend_chart(
            [D("1"), D("2"), D("3"), D("4"), D("5"), D("6")],
            fc.time_path(D("20")),
            fc.contract_forecast(D("6"), D("20"), as_of, rules),
            title="某单位正式合同额月度累计、序时进度",
            actual_name="累计合同额",
            path_name="序时进度线",
            target=D("20"),
            past=past,
        )
    )


def test_the_trend_chart_draws_the_forecast_only_for_a_running_year():
    running, past = chart(past=False), chart(past=True)
    assert FORECAST in running and "序时进度与预测（亿元）" in running
    assert FORECAST not in past and "与预测" not in past and "序时进度（亿元）" in past
    assert "累计合同额" in past and "序时进度线" in past  # the months and the path are still drawn


@pytest.mark.usefixtures("hand_year")
def test_a_past_units_dashboard_at_a_mid_year_cut_off_draws_no_forecast(client, auditor):
    url = f"/dashboards/unit/{Unit.objects.get(name=TOURISM).pk}/2023/?as_of={MID_YEAR}"
    now = page(client, auditor, url, dt.date(2023, 7, 5))
    assert FORECAST in now and "与预测" in now
    past = page(client, auditor, url, dt.date(2026, 3, 1))
    assert FORECAST not in past and "与预测" not in past and "年末预计" not in past and "有风险" not in past
    assert "累计到位资金" in past and "累计合同额" in past and "已结束" in past


@pytest.mark.usefixtures("hand_year")
def test_a_past_county_dashboard_at_a_mid_year_cut_off_draws_no_forecast(client, leader_user):
    url = f"/dashboards/county/2023/?as_of={MID_YEAR}"
    now = page(client, leader_user, url, dt.date(2023, 7, 5))
    assert FORECAST in now and "得分与年末预测" in now
    past = page(client, leader_user, url, dt.date(2026, 3, 1))
    assert FORECAST not in past and "与预测" not in past and "年末预测" not in past and "有风险" not in past
    assert "得分与年度结果" in past


@pytest.mark.usefixtures("hand_year")
def test_a_closed_year_draws_no_forecast_even_in_its_own_calendar_year(client, leader_user):
    AssessmentYear.objects.filter(year=2023).update(is_closed=True)
    html = page(client, leader_user, f"/dashboards/county/2023/?as_of={MID_YEAR}", dt.date(2023, 7, 5))
    assert FORECAST not in html and "有风险" not in html and "年末预计" not in html


@pytest.mark.usefixtures("hand_year")
def test_a_past_leaders_dashboard_has_no_projection(client, leader_user):
    html = page(client, leader_user, f"/dashboards/my-units/2023/?as_of={MID_YEAR}", dt.date(2026, 3, 1))
    assert "年末预计" not in html and "有风险" not in html and "预测方法" not in html


@pytest.mark.usefixtures("hand_year")
def test_the_score_card_names_only_the_amount_still_short(client, auditor):
    """ "合同额尚缺 0.00 亿元" beside a met contract target reads as if something were missing: name only what is."""
    from reports.dashboards.selectors import standings

    st = standings(AssessmentYear.objects.get(year=2023), dt.date(2023, 12, 31))
    seen = 0
    for u in st.units:
        lacks = u.score.lacks
        if u.score.targets_met:
            continue
        html = page(client, auditor, f"/dashboards/unit/{u.unit_id}/2023/?as_of=2023-12-31", dt.date(2026, 3, 1))
        assert "尚缺 0.00 亿元" not in html
        assert ("合同额尚缺" in html) == bool(lacks.contract_short)
        assert ("到位资金尚缺" in html) == bool(lacks.funds_short)
        seen += 1
    assert seen
