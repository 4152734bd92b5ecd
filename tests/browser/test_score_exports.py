"""The scoring pages' "导出 Excel" buttons in headless Chromium: each downloads a workbook of the page's tables.
Screenshots go to var/screenshots/export-*.png."""

import io

import pytest
from openpyxl import load_workbook

from reports.dashboards.generate import generate_year
from targets.models import AssessmentYear, Unit
from tests.browser.conftest import sign_in


@pytest.mark.django_db(transaction=True)
def test_each_scoring_page_downloads_its_tables(page, live_server, auditor, screenshot):
    generate_year(AssessmentYear.objects.get(year=2023), projects=40, by=auditor)
    sign_in(page, live_server, auditor)
    tourism = Unit.objects.get(name="县文化旅游委").pk
    for url, name, sheets in (
        ("/scoring/progress/2023/?as_of=2023-10-31", "progress", 6),
        (f"/scoring/ranking/2023/units/{tourism}/?as_of=2023-10-31", "unit", 8),
        ("/scoring/guarantee/2023/", "guarantee", 2),
        ("/scoring/guarantee/2023/appraisal/?kind=town", "appraisal", 2),
    ):
        page.goto(f"{live_server.url}{url}")
        page.wait_for_load_state("networkidle")
        screenshot(page, f"export-{name}", full_page=False)
        with page.expect_download() as download:
            page.get_by_role("link", name="导出 Excel").click()
        assert download.value.suggested_filename.endswith(".xlsx"), url
        book = load_workbook(io.BytesIO(open(download.value.path(), "rb").read()))
        assert len(book.sheetnames) == sheets, (url, book.sheetnames)
