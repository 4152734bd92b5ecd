"""The sample bulletin pages (/reports/sample/, .pdf, .xlsx): staff only, a fixed number of queries."""

import io

import pytest
from openpyxl import load_workbook

from tests.conftest import client_for


@pytest.mark.parametrize("url", ["/reports/sample/", "/reports/sample.pdf", "/reports/sample.xlsx"])
def test_anonymous_visitors_are_sent_to_sign_in(client, db, url):
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("role", ["filer", "audit_admin"])
def test_unit_filers_and_the_audit_admin_may_not_open_the_sample(client, personas, role):
    assert client_for(client, personas[role]).get("/reports/sample/").status_code == 403


@pytest.mark.parametrize("role", ["auditor", "leader", "office", "admin"])
def test_staff_see_the_sample_with_its_charts_and_tables(client, personas, role, django_assert_max_num_queries):
    client_for(client, personas[role])
    # session and user, the year, the breakdown rows with their leaders (2 prefetches), the leader's name in the
    # menu, the session save: fixed, whatever the number of rows
    with django_assert_max_num_queries(10):
        response = client.get("/reports/sample/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "通报版式样例" in html and html.count("<svg") >= 6
    assert "县文化旅游委" in html and "山东招商分局" in html and "示例" in html
    assert "<script" not in html.split("<main", 1)[1].split("</main>", 1)[0]


def test_the_sample_is_in_the_menu_of_staff_only(client, personas):
    assert "通报版式样例" in client_for(client, personas["office"]).get("/").content.decode()
    assert "通报版式样例" not in client_for(client, personas["filer"]).get("/").content.decode()


def test_the_sample_exports_its_tables_to_xlsx(client, personas):
    response = client_for(client, personas["office"]).get("/reports/sample.xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert len(workbook.sheetnames) == 3
    breakdown = workbook.worksheets[0]
    assert breakdown["A1"].value.startswith("表1")
    assert "全县合计" in [breakdown.cell(r, 1).value for r in range(1, breakdown.max_row + 1)]


def test_the_sample_pdf_opens_in_the_browser(client, personas):
    response = client_for(client, personas["leader"]).get("/reports/sample.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline;")
    assert response.content.startswith(b"%PDF-")
