"""Reconciliation: for a generated year, the dashboards' totals, their .xlsx exports, the review pack, the notice and
the sums of the confirmed records agree exactly (issue 5, "Done when")."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from core.formatting import quantize
from reports.dashboards import selectors
from reports.ranking import notice as ranking
from reports.review import pack as review
from scoring.selectors import county_progress, current_scheme, month_ends, year_scores
from targets.models import AssessmentYear
from tests.conftest import client_for
from tests.reports.dashboard_kit import AS_OF, confirmed_totals, frozen, generated, hand_year  # noqa: F401

pytestmark = pytest.mark.usefixtures("hand_year")


@pytest.fixture
def year(auditor):
    with frozen():
        generated(auditor, 40)
    return AssessmentYear.objects.get(year=2023)


def test_county_totals_are_the_sums_of_the_confirmed_records_at_every_month_end(year):
    rules = current_scheme(year).as_rules()
    data = selectors.county_dashboard(year, AS_OF)
    assert (data["county"]["contract"].actual, data["county"]["funds"].actual) == confirmed_totals(AS_OF)
    for m, month_end in enumerate(month_ends(2023)[: AS_OF.month]):
        c, f = confirmed_totals(month_end)
        assert data["trend"]["contract"][m] == c, month_end
        assert data["trend"]["funds"][m] == f, month_end
        county = county_progress(year, month_end, rules)["county"]
        assert (county["contract"].actual, county["funds"].actual) == (c, f)


def test_units_add_up_to_the_county_and_are_scorings_figures(year):
    st = selectors.standings(year, AS_OF)
    scores = year_scores(year, AS_OF)
    c, f = confirmed_totals(AS_OF)
    # every project is credited to assessed units with shares summing to 100 %
    assert sum((u.contract.actual for u in st.units), Decimal("0")) == c
    assert sum((u.funds.actual for u in st.units), Decimal("0")) == f
    for u in st.units:
        s = scores.unit(u.unit_id)
        assert (u.contract.actual, u.funds.actual, u.score.total, u.score.rank) == (
            s.contract.numerator,
            s.funds.numerator,
            s.total,
            s.rank,
        )


def test_each_units_own_view_and_monthly_path_reconcile(year):
    st = selectors.standings(year, AS_OF)
    for u in st.units[:6]:
        from targets.models import Unit

        data = selectors.unit_dashboard(year, AS_OF, Unit.objects.get(pk=u.unit_id), dt.date(2023, 11, 5))
        assert data["standing"].score.total == u.score.total
        assert data["trend"]["contract"][-1] == u.contract.actual
        # the month before the cut-off equals scoring at that month end
        before = selectors.standings(year, month_ends(2023)[AS_OF.month - 2]).unit(u.unit_id)
        path = selectors.unit_monthly(year, AS_OF, Unit.objects.get(pk=u.unit_id), st.rules, data["records"])
        assert path["funds"][AS_OF.month - 2] == before.funds.actual


def test_a_leaders_totals_are_the_sum_of_their_units(year, leader_user):
    data = selectors.leader_dashboard(year, AS_OF, leader_user.leader)
    assert data["contract"].actual == sum((u.contract.actual for u in data["units"]), Decimal("0"))
    assert data["funds"].target == sum((u.funds.target for u in data["units"]), Decimal("0"))


def test_the_xlsx_exports_carry_the_same_figures_rounded_as_shown(year, client, leader_user, office):
    st = selectors.standings(year, AS_OF)
    with frozen():
        book = load_workbook(
            io.BytesIO(
                client_for(client, leader_user).get("/dashboards/county/2023/county.xlsx?as_of=2023-10-31").content
            )
        )
    by_name = {row[1]: row for row in book["各单位"].iter_rows(values_only=True) if row and isinstance(row[0], int)}
    assert len(by_name) == len(st.units)
    for u in st.units:
        row = by_name[u.name]
        assert Decimal(str(row[2])) == quantize(u.contract.actual, 2)
        assert Decimal(str(row[7])) == quantize(u.funds.actual, 2)
        assert Decimal(str(row[12])) == u.score.total
    c, f = confirmed_totals(AS_OF)
    overview = {row[0]: row for row in book["总体进展"].iter_rows(values_only=True) if row}
    assert Decimal(str(overview["正式合同额"][2])) == quantize(c, 2)
    assert Decimal(str(overview["到位资金"][2])) == quantize(f, 2)
    with frozen():
        notice = load_workbook(
            io.BytesIO(client_for(client, office).get("/dashboards/ranking/2023/notice.xlsx?as_of=2023-10-31").content)
        )
    totals = {
        row[1]: Decimal(str(row[2]))
        for row in notice["得分排名"].iter_rows(values_only=True)
        if row and isinstance(row[0], int)
    }
    assert totals == {u.name: u.score.total for u in st.units}


def test_the_review_pack_and_the_notice_are_scorings_results(year):
    pack = review.review_pack(year, 3)
    c, f = confirmed_totals(dt.date(2023, 9, 30))
    assert (pack["county"]["contract"].actual, pack["county"]["funds"].actual) == (c, f)
    before = year_scores(year, dt.date(2023, 6, 30))
    for change in pack["changes"]:
        assert change.score_change == change.now.score.total - before.unit(change.now.unit_id).total
    data = ranking.notice_data(year, AS_OF)
    scores = year_scores(year, AS_OF)
    assert [(x["s"].unit_id, x["s"].total, x["s"].rank) for x in data["ranking"]] == [
        (s.unit_id, s.total, s.rank) for s in scores.ranking
    ]
