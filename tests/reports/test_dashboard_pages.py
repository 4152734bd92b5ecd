"""The dashboards over HTTP, as each persona: who sees what, the figures they show, their exports."""

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from reports.dashboards import selectors
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

Q = "?as_of=2023-10-31"

pytestmark = pytest.mark.usefixtures("hand_year")


@pytest.fixture(autouse=True)
def _loud_templates(settings):
    settings.TEMPLATES[0]["OPTIONS"]["string_if_invalid"] = "MISSING[%s]"


def pk(name):
    return Unit.objects.get(name=name).pk


def get(client, user, url):
    with frozen():
        return client_for(client, user).get(url)


def test_leaders_auditors_and_the_office_open_the_county_view_and_filers_do_not(client, personas):
    for role in ("leader", "auditor", "office"):
        response = get(client, personas[role], f"/dashboards/county/2023/{Q}")
        assert response.status_code == 200, role
        page = response.content.decode()
        assert "全县招商引资驾驶舱" in page and "<svg" in page and "MISSING[" not in page
    assert get(client, personas["filer"], "/dashboards/county/2023/").status_code == 403
    assert get(client, personas["admin"], "/dashboards/county/2023/").status_code == 403


def test_county_view_shows_scorings_totals_and_the_forecast_method(client, leader_user):
    response = get(client, leader_user, f"/dashboards/county/2023/{Q}")
    page = response.content.decode()
    county = response.context["d"]["county"]
    assert county["contract"].actual == Decimal("9") and county["funds"].actual == Decimal("1.5")
    assert "9.00" in page and "1.50" in page
    assert "预测方法与假设" in page and "线性外推" in page and "节点路径" in page
    assert "县文化旅游委" in page  # lagging / ranking lists
    assert "D1" in page and "D2" in page  # largest projects


def test_a_filer_sees_only_their_own_units_view(client, filer):
    response = get(client, filer, "/dashboards/unit/")
    assert response.status_code == 302
    assert response["Location"] == f"/dashboards/unit/{pk(TOURISM)}/2023/"
    mine = get(client, filer, f"/dashboards/unit/{pk(TOURISM)}/2023/{Q}")
    assert mine.status_code == 200
    page = mine.content.decode()
    assert "县文化旅游委" in page and "D1" in page and "考核总分" in page and "MISSING[" not in page
    assert get(client, filer, f"/dashboards/unit/{pk(TRANSPORT)}/2023/").status_code == 404
    assert get(client, filer, f"/dashboards/unit/{pk(TRANSPORT)}/2023/unit.xlsx").status_code == 404


def test_unit_view_figures_are_the_units_scores(client, auditor):
    response = get(client, auditor, f"/dashboards/unit/{pk(TOURISM)}/2023/{Q}")
    s = response.context["d"]["standing"]
    score = year_scores(AssessmentYear.objects.get(year=2023), AS_OF).unit(pk(TOURISM))
    assert s.contract.actual == score.contract.numerator == Decimal("7")
    assert s.funds.actual == score.funds.numerator == Decimal("0.9")
    assert s.score.total == score.total and s.score.rank == score.rank
    assert response.context["d"]["trend"]["contract"][2] == Decimal("3")  # March: D1 at 60 %
    assert response.context["d"]["trend"]["funds"][2] == Decimal("0")  # D1 started 1 April: March's funds wait
    assert response.context["d"]["trend"]["funds"][3] == Decimal("0.3")
    assert response.context["d"]["trend"]["funds"][4] == Decimal("0.9")


def test_a_leaders_my_units_are_the_units_they_lead(client, leader_user):
    from targets.access import my_units

    response = get(client, leader_user, f"/dashboards/my-units/2023/{Q}")
    assert response.status_code == 200
    shown = {u.unit_id for u in response.context["d"]["units"]}
    assert shown == set(my_units(leader_user, AssessmentYear.objects.get(year=2023)).values_list("pk", flat=True))
    assert "王军" in response.content.decode()


def test_my_units_is_for_leaders_only_and_staff_open_any_leaders_units(client, personas):
    assert get(client, personas["office"], "/dashboards/my-units/2023/").status_code == 403
    assert get(client, personas["filer"], "/dashboards/my-units/2023/").status_code == 403
    leader = personas["leader"].leader
    assert get(client, personas["office"], f"/dashboards/leaders/{leader.pk}/2023/").status_code == 200
    assert get(client, personas["filer"], f"/dashboards/leaders/{leader.pk}/2023/").status_code == 403


def test_office_view_for_the_office_and_auditors_only(client, personas):
    response = get(client, personas["office"], f"/dashboards/office/2023/{Q}")
    assert response.status_code == 200
    page = response.content.decode()
    assert "办公室工作台" in page and "待审核记录" in page and "MISSING[" not in page
    assert response.context["d"]["queue_total"] == 1  # the submitted contract
    assert get(client, personas["auditor"], "/dashboards/office/2023/").status_code == 200
    for role in ("filer", "leader"):
        assert get(client, personas[role], "/dashboards/office/2023/").status_code == 403


@pytest.mark.parametrize(
    "url, sheet",
    [
        ("/dashboards/county/2023/county.xlsx", "总体进展"),
        ("/dashboards/unit/{tourism}/2023/unit.xlsx", "完成情况"),
        ("/dashboards/my-units/2023/my-units.xlsx", "牵头单位"),
        ("/dashboards/office/2023/office.xlsx", "报送情况"),
    ],
)
def test_every_dashboard_exports_its_tables_to_xlsx(client, personas, url, sheet):
    user = personas["office"] if "office" in url else personas["leader"]
    response = get(client, user, url.format(tourism=pk(TOURISM)) + Q)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    assert sheet in book.sheetnames


def test_county_xlsx_carries_the_screens_figures(client, leader_user):
    book = load_workbook(io.BytesIO(get(client, leader_user, f"/dashboards/county/2023/county.xlsx{Q}").content))
    sheet = book["总体进展"]
    rows = {row[0]: row for row in sheet.iter_rows(values_only=True) if row and row[0] in ("正式合同额", "到位资金")}
    assert Decimal(str(rows["正式合同额"][2])) == Decimal("9.00")
    assert Decimal(str(rows["到位资金"][2])) == Decimal("1.50")
    units = book["各单位"]
    values = {row[1]: row for row in units.iter_rows(values_only=True) if row and row[1] in (TOURISM, TRANSPORT)}
    assert Decimal(str(values[TOURISM][2])) == Decimal("7.00")
    assert Decimal(str(values[TRANSPORT][7])) == Decimal("0.60")


def test_county_pdf_has_the_figures_as_text(client, leader_user):
    response = get(client, leader_user, f"/dashboards/county/2023/county.pdf{Q}")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "全县招商引资运行情况" in text and "县文化旅游委" in text and "9.00" in text
    assert fonts_embedded(response.content)


def test_a_bad_cut_off_falls_back_with_a_message_not_an_error(client, leader_user):
    response = get(client, leader_user, "/dashboards/county/2023/?as_of=2022-13-01")
    assert response.status_code == 200
    assert "格式不正确" in response.content.decode()
    assert get(client, leader_user, "/dashboards/county/1999/").status_code == 404


def test_standings_flag_lagging_and_at_risk_units():
    st = selectors.standings(AssessmentYear.objects.get(year=2023), AS_OF)
    tourism = st.unit(pk(TOURISM))
    assert tourism.contract.band.code == "red" and tourism.lagging and tourism.at_risk
    assert tourism in st.lagging and tourism in st.at_risk


def test_home_page_leads_each_role_to_its_dashboard(client, personas):
    tourism = pk(TOURISM)
    leader = get(client, personas["leader"], "/").content.decode()
    assert "/dashboards/county/2023/" in leader and "/dashboards/my-units/2023/" in leader
    assert "我牵头的单位" in leader and "MISSING[" not in leader
    filer = get(client, personas["filer"], "/").content.decode()
    assert f"/dashboards/unit/{tourism}/2023/" in filer and "/dashboards/county/2023/" not in filer
    office = get(client, personas["office"], "/").content.decode()
    assert "/dashboards/office/2023/" in office and "/dashboards/county/2023/" in office
    admin = get(client, personas["admin"], "/").content.decode()
    assert "/dashboards/" not in admin
