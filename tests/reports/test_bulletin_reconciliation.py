"""Reconciliation on a generated year (issue 5, "Done when"): the bulletin's totals = the dashboards' totals = its
.xlsx values = the sums of the confirmed records, and each unit's figures are scoring's."""

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from core.formatting import quantize
from reports.bulletin.snapshot import BulletinView
from reports.dashboards import selectors
from reports.models import Bulletin
from scoring.selectors import year_scores
from targets.models import AssessmentYear
from tests.conftest import client_for
from tests.reports.dashboard_kit import AS_OF, confirmed_totals, frozen, generated, hand_year  # noqa: F401

pytestmark = pytest.mark.usefixtures("hand_year")
ZERO = Decimal("0")


@pytest.fixture
def published(auditor, office, client):
    c = client_for(client, office)
    with frozen():
        generated(auditor, 40)
        c.post("/reports/bulletins/2023/10/prepare/")
        c.post("/reports/bulletins/2023/10/text/", {"problems": "问题。", "next_steps": "措施。"})
        b = Bulletin.objects.get(year__year=2023, month=10)
        c.post("/reports/bulletins/2023/10/publish/", {"confirm": "yes", "seen": b.computed_at.isoformat()})
        xlsx = c.get("/reports/bulletins/2023/10/bulletin.xlsx").content
    b.refresh_from_db()
    assert b.state == "published"
    return b, load_workbook(io.BytesIO(xlsx))


def test_bulletin_dashboard_xlsx_and_records_agree(published):
    b, book = published
    v = BulletinView(b.snapshot)
    year = AssessmentYear.objects.get(year=2023)
    c, f = confirmed_totals(AS_OF)
    county = selectors.county_dashboard(year, AS_OF)["county"]
    assert (v.contract.actual, v.funds.actual) == (county["contract"].actual, county["funds"].actual) == (c, f)
    assert sum((u.contract.actual for u in v.units), ZERO) == c
    assert sum((u.funds.actual for u in v.units), ZERO) == f
    assert sum((s["contract"].actual for s in v.sectors), ZERO) == c
    overview = {row[0]: row for row in book["总体进展"].iter_rows(values_only=True) if row}
    assert Decimal(str(overview["正式合同额"][2])) == quantize(c, 2)
    assert Decimal(str(overview["到位资金"][2])) == quantize(f, 2)
    rows = [row for row in book["各单位得分排名"].iter_rows(values_only=True) if row and isinstance(row[0], int)]
    total = next(row for row in book["各单位得分排名"].iter_rows(values_only=True) if row and row[0] == "合计")
    assert Decimal(str(total[3])) == quantize(c, 2) and Decimal(str(total[6])) == quantize(f, 2)
    scores = year_scores(year, AS_OF)
    assert [(r[1], r[0], Decimal(str(r[14]))) for r in rows] == [(s.name, s.rank, s.total) for s in scores.ranking]
    for r, s in zip(rows, scores.ranking, strict=True):
        assert Decimal(str(r[3])) == quantize(s.contract.numerator, 2)
        assert Decimal(str(r[6])) == quantize(s.funds.numerator, 2)
        assert [Decimal(str(x)) for x in r[8:14]] == [
            s.contract.score,
            s.funds.score,
            s.funds_rate.score,
            s.start_rate.score,
            s.bonus.score,
            s.daily.score,
        ]
