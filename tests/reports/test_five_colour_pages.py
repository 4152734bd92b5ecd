"""The five-colour chart's page over HTTP, as each persona: who may read it, the cut-off, the .xlsx (values and
fills), the PDF (text and fonts) and a query count that does not grow with the data."""

import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from core.navigation import MENU
from reports.five_colour import five_colour_data
from targets.models import AssessmentYear
from tests.conftest import client_for
from tests.reports.dashboard_kit import (  # noqa: F401
    TOURISM,
    fonts_embedded,
    frozen,
    generated,
    hand_year,
    pdf_text,
)
from tests.reports.five_colour_kit import SCIENCE, URBAN, colour_year, month_end, row_of  # noqa: F401

URL = "/reports/five-colour/2023/"
Q = "?as_of=2023-10-31"
BOUND = 16  # session, user, scoring's year (scheme + 5 grouped queries), the sectors, the two monthly sums

pytestmark = pytest.mark.usefixtures("colour_year")


@pytest.fixture(autouse=True)
def _loud_templates(settings):
    settings.TEMPLATES[0]["OPTIONS"]["string_if_invalid"] = "MISSING[%s]"


def number(cell):
    """A cell's value as Excel holds it, compared exactly (openpyxl reads numbers back as floats)."""
    return Decimal(str(cell.value)) if isinstance(cell.value, float | int) else cell.value


def get(client, user, url):
    with frozen():
        return client_for(client, user).get(url)


@pytest.mark.parametrize("role", ["leader", "auditor", "office", "filer", "other_filer"])
def test_every_reader_opens_the_chart_which_goes_out_with_the_bulletin_to_all_units(client, personas, role):
    response = get(client, personas[role], URL + Q)
    assert response.status_code == 200
    page = response.content.decode()
    assert "2023年1—10月招商引资考核情况五色图" in page and "MISSING[" not in page
    assert page.count('class="wx-chart wx-five-colour"') == 2 and "wx-five-colour-legend" in page
    assert SCIENCE in page and "县招商投资事务中心" in page


@pytest.mark.parametrize("role", ["admin", "audit_admin"])
def test_the_administrators_do_not_read_business_figures(client, personas, role):
    for suffix in ("", "five-colour.xlsx", "five-colour.pdf"):
        assert get(client, personas[role], URL + suffix).status_code == 403


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/login" in response["Location"]


def test_the_menu_line_leads_to_the_current_year(client, office):
    assert ("五色图", "reports:five_colour_current", "five_colour.view", "报表") in MENU
    response = get(client, office, "/reports/five-colour/")
    assert response.status_code == 302 and response["Location"].endswith(URL)
    assert 'href="/reports/five-colour/"' in get(client, office, "/").content.decode()


def test_the_page_has_no_inline_style_and_shows_bands_as_marks_with_the_legend(client, leader_user):
    page = get(client, leader_user, URL + Q).content.decode()
    assert " style=" not in page and "<style" not in page
    for rule in ("完成率≥100%（完成全年目标）", "完成率≥序时进度", "落后序时进度30个百分点以上"):
        assert rule in page
    assert "序时进度：正式合同额 83.3%，到位资金 86.7%" in page
    # the data tables name each band (greyscale, screen readers): 县科技局's contract is red at 50 % of its target
    assert "红 50.0%" in page
    assert "较合格线" in page and "月度视图" in page


@pytest.mark.parametrize(
    ("month", "science_contract"),
    [("2023-03-31", "蓝"), ("2023-07-31", "黄"), ("2023-10-31", "红")],
)
def test_the_cut_off_selector_colours_the_chart_at_that_month_end(client, leader_user, month, science_contract):
    response = get(client, leader_user, f"{URL}?as_of={month}")
    assert response.status_code == 200
    assert response.context["as_of"].isoformat() == month
    assert (
        row_of(response.context["d"], SCIENCE)["contract"]["band"]
        == {"蓝": "blue", "黄": "yellow", "红": "red"}[science_contract]
    )
    assert f'<option value="{month}" selected>' in response.content.decode()


@pytest.mark.parametrize("raw", ["2023-13-01", "abc", "2022-10-31", "%00", "2023-02-30"])
def test_a_bad_cut_off_falls_back_with_a_chinese_message_not_an_error(client, leader_user, raw):
    response = get(client, leader_user, f"{URL}?as_of={raw}")
    assert response.status_code == 200
    page = response.content.decode()
    assert "已改用默认截止日期" in page
    assert response.context["as_of"].isoformat() == "2023-10-31"  # the last month end reached (today: 5 November)


def test_an_unknown_year_or_scheme_version_is_a_404_not_an_error(client, leader_user):
    assert get(client, leader_user, "/reports/five-colour/1999/").status_code == 404
    assert get(client, leader_user, f"{URL}?v=99").status_code == 404
    assert get(client, leader_user, f"{URL}?v=x").status_code == 404


def test_the_xlsx_holds_both_views_with_the_values_rounded_as_shown_and_the_band_fills(client, leader_user):
    response = get(client, leader_user, f"{URL}five-colour.xlsx{Q}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["五色图（指标视图）", "五色图（月度视图）"]
    data = five_colour_data(AssessmentYear.objects.get(year=2023), month_end(10))
    legend = {b["code"]: b["colour"].lstrip("#").upper() for b in data["legend"]}

    sheet = book["五色图（指标视图）"]
    rows = {row[1].value: row for row in sheet.iter_rows() if row[1].value in (SCIENCE, URBAN, TOURISM)}
    science = rows[SCIENCE]
    assert [number(science[i]) for i in (2, 3, 4, 5)] == [Decimal("0.25"), Decimal("0.5"), Decimal("-33.3"), "红"]
    assert all(science[i].fill.fgColor.rgb.endswith(legend["red"]) for i in (2, 3, 4, 5))
    assert [number(science[i]) for i in (6, 7, 8, 9)] == [Decimal("0.03"), Decimal("0.3"), Decimal("-56.7"), "红"]
    urban = rows[URBAN]
    assert number(urban[2]) == Decimal("1.2") and urban[5].value == "绿"
    assert urban[2].fill.fgColor.rgb.endswith(legend["green"])
    score = row_of(data, TOURISM)["score"]
    assert number(rows[TOURISM][10]) == Decimal(score["value"])
    assert rows[TOURISM][12].fill.fgColor.rgb.endswith(legend[score["band"]])
    assert sheet.cell(5, 3).number_format == "#,##0.00"

    months = book["五色图（月度视图）"]
    lines = [row for row in months.iter_rows() if row[2].value in ("正式合同额", "到位资金")]
    assert [number(c) for c in lines[0][3:]] == [
        Decimal(m["contract_progress"]).quantize(Decimal("0.001")) for m in data["months"]
    ]
    science_rows = [row for row in months.iter_rows() if row[1].value == SCIENCE]
    contract = science_rows[0]  # the unit's name is merged over its two sub-rows: the first holds it
    assert [number(c) for c in contract[3:13]] == [Decimal("0.5")] * 10
    colours = [c.fill.fgColor.rgb[-6:] for c in contract[3:13]]
    assert colours == [legend[b] for b in ["blue"] * 6 + ["yellow", "orange", "orange", "red"]]
    assert months.cell(lines[0][3].row, 4).number_format == "0.0%"


def test_the_pdf_is_a4_landscape_with_the_units_and_figures_as_text_and_its_fonts_embedded(client, leader_user):
    response = get(client, leader_user, f"{URL}five-colour.pdf{Q}")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = response.content
    text = pdf_text(pdf)
    assert "2023年1—10月招商引资考核情况五色图" in text
    for name in (SCIENCE, URBAN, TOURISM, "县招商投资事务中心", "山东招商分局"):
        assert name in text
    assert "−33.3" in text and "583.3%" not in text and "120.0%" in text
    assert "巫山县招商引资工作领导小组办公室" in text
    assert fonts_embedded(pdf)
    import subprocess
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf)
        f.flush()
        info = subprocess.run(["pdfinfo", f.name], capture_output=True, text=True, check=True).stdout
    assert "841.89 x 595.276" in info or "842 x 595" in info  # every page A4 landscape (pdfinfo gives the first)
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert pages == 3  # the indicator view on one page, the month view on two


def test_the_pdf_renders_again_byte_identically(client, leader_user):
    first = get(client, leader_user, f"{URL}five-colour.pdf{Q}").content
    assert get(client, leader_user, f"{URL}five-colour.pdf{Q}").content == first


def test_query_counts_are_bounded_and_do_not_grow_with_the_data(client, leader_user, auditor):
    urls = [URL + Q, f"{URL}five-colour.xlsx{Q}", f"{URL}five-colour.pdf{Q}"]

    c = client_for(client, leader_user)

    def counts():
        found = []
        for url in urls:
            with frozen(), CaptureQueriesContext(connection) as queries:
                assert c.get(url).status_code == 200
            found.append(len(queries))
        return found

    counts()  # warm the process-wide caches (content types) that a transactional test before may have cleared
    small = counts()
    with frozen():
        generated(auditor, 60)
    assert counts() == small
    assert max(small) <= BOUND, small


def test_the_page_stays_within_its_query_bound(client, leader_user, auditor, django_assert_max_num_queries):
    with frozen():
        generated(auditor, 30)
    c = client_for(client, leader_user)
    with frozen(), django_assert_max_num_queries(BOUND):
        assert c.get(URL + Q).status_code == 200


def test_a_year_without_a_breakdown_table_shows_an_empty_chart_not_an_error(client, leader_user):
    AssessmentYear.objects.create(year=2024)
    for suffix in ("?as_of=2024-03-31", "five-colour.xlsx?as_of=2024-03-31", "five-colour.pdf?as_of=2024-03-31"):
        response = get(client, leader_user, f"/reports/five-colour/2024/{suffix}")
        assert response.status_code == 200, suffix
    page = get(client, leader_user, "/reports/five-colour/2024/?as_of=2024-03-31").content.decode()
    assert "暂无数据" in page and "2024年尚无目标任务分解表" in page
