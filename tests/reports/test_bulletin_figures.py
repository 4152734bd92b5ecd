"""The bulletin's figures are scoring's and the dashboards' at the cut-off, and the sums of the confirmed records."""

import datetime as dt
import json
from decimal import Decimal

import pytest

from reports.bulletin.figures import BulletinError, bulletin_figures, cut_off
from reports.bulletin.snapshot import BulletinView
from reports.bulletin.tables import bulletin_tables
from reports.bulletin.text import overview_text
from reports.dashboards import selectors
from scoring.selectors import county_progress, current_scheme, year_scores
from targets.models import AssessmentYear, Unit
from tests.reports.dashboard_kit import AS_OF, TOURISM, confirmed_totals, hand_year  # noqa: F401

pytestmark = pytest.mark.usefixtures("hand_year")
TODAY = dt.date(2023, 11, 5)


@pytest.fixture
def year():
    return AssessmentYear.objects.get(year=2023)


def test_the_cut_off_is_the_month_end_or_today_if_earlier():
    assert cut_off(2023, 10, TODAY) == dt.date(2023, 10, 31)
    assert cut_off(2023, 11, TODAY) == TODAY
    with pytest.raises(BulletinError, match="尚未开始"):
        cut_off(2023, 12, TODAY)


def test_the_snapshot_is_json_with_decimals_as_strings(year):
    snap = bulletin_figures(year, 10, today=TODAY)
    assert json.loads(json.dumps(snap)) == snap
    county = snap["county"]
    assert isinstance(county["contract"]["actual"], str)
    assert (Decimal(county["contract"]["actual"]), Decimal(county["funds"]["actual"])) == (Decimal("9"), Decimal("1.5"))
    assert snap["as_of"] == "2023-10-31" and snap["number"] == 10


def test_county_sectors_and_units_are_scorings_figures(year):
    snap = bulletin_figures(year, 10, today=TODAY)
    v = BulletinView(snap)
    assert (v.contract.actual, v.funds.actual) == confirmed_totals(AS_OF) == (Decimal("9"), Decimal("1.5"))
    overview = county_progress(year, AS_OF, current_scheme(year).as_rules())
    assert v.contract.gap_points == overview["county"]["contract"].gap_points
    assert [(s["name"], s["contract"].actual, s["funds"].actual) for s in v.sectors] == [
        (s["name"], s["contract"].actual, s["funds"].actual) for s in overview["sectors"]
    ]
    scores = year_scores(year, AS_OF)
    assert [u.name for u in v.units] == [s.name for s in scores.ranking]
    for u, s in zip(v.units, scores.ranking, strict=True):
        assert u.rank == s.rank
        assert u.scores["total"] == s.total
        assert (u.scores["contract"], u.scores["funds"], u.scores["funds_rate"], u.scores["start_rate"]) == tuple(
            i.score for i in s.indicators
        )
        assert (u.scores["bonus"], u.scores["daily"]) == (s.bonus.score, s.daily.score)
    tourism = next(u for u in v.units if u.name == TOURISM)
    assert (tourism.contract.actual, tourism.funds.actual) == (Decimal("7"), Decimal("0.9"))


def test_the_gap_is_written_in_points_ahead_or_behind(year):
    v = BulletinView(bulletin_figures(year, 10, today=TODAY))
    text = overview_text(v)[0]
    assert "全县新签约正式合同额 9.00 亿元" in text and "滞后" in text and "个百分点" in text
    assert f"滞后 {abs(v.contract.gap_points):.1f} 个百分点" in text
    assert "第四季度末到位资金节点" in overview_text(v)[1]


def test_a_leaders_figures_are_the_sums_of_the_units_they_lead(year, leader_user):
    v = BulletinView(bulletin_figures(year, 10, today=TODAY))
    mine = selectors.leader_dashboard(year, AS_OF, leader_user.leader)
    row = next(x for x in v.leaders if x["name"] == "王军")
    assert row["contract"].actual == mine["contract"].actual
    assert row["funds"].target == mine["funds"].target
    assert sorted(u["name"] for u in row["units"]) == sorted(u.name for u in mine["units"])


def test_the_units_table_totals_the_county(year):
    v = BulletinView(bulletin_figures(year, 10, today=TODAY))
    units = bulletin_tables(v)["units"]
    total = units.rows[-1].cells
    assert (total[3], total[6]) == (Decimal("9"), Decimal("1.5"))
    assert len(units.rows) == len(Unit.objects.filter(target_rows__year=year).distinct()) + 1


def test_section_five_keeps_the_five_colour_data_of_the_cut_off(year):
    from reports.five_colour import five_colour_data

    snap = bulletin_figures(year, 10, today=TODAY)
    assert snap["five_colour"] == five_colour_data(year, AS_OF)
    tourism = next(r for r in snap["five_colour"]["rows"] if r["unit"] == TOURISM)
    unit = next(u for u in snap["units"] if u["name"] == TOURISM)
    assert tourism["contract"]["band"] == unit["contract"]["band"]
    assert tourism["score"]["value"] == unit["scores"]["total"]
