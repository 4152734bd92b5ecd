"""The quarterly review pack (季点评): the quarter's standing, its change since the last quarter, page, PDF, .xlsx."""

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
    assert book.sheetnames == ["全县", "分领域", "各单位", "点评"]
