"""Every download under a Chinese file name, and every workbook's counts as integers (issue 16: the score export was
the only English file name, and wrote project counts as 4.0000)."""

import io
import re
from urllib.parse import unquote

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.security.test_xlsx_exports import XLSX, xlsx_urls

CJK = re.compile(r"[\u4e00-\u9fff]")
# Column headers that name a count: its numbers are whole (a joint project's share may be a fraction, never 4.0000).
COUNT_HEADER = re.compile(r"(项目数|个数|份数|次数|家数|名次|月数|（个）|（家）|（次）|签约数|开工数)")
DECIMAL_FORMATS = re.compile(r"0\.0")


def saved_name(response) -> str:
    """The file name a browser saves: RFC 6266's filename* when given, else filename."""
    header = response["Content-Disposition"]
    star = re.search(r"filename\*=(?:UTF-8|utf-8)''([^;]+)", header)
    if star:
        return unquote(star.group(1))
    return re.search(r'filename="([^"]+)"', header).group(1)


def downloads(world):
    yield from xlsx_urls(world)
    yield "audit:export csv", reverse("audit:export", kwargs={"fmt": "csv"}), "audit_admin"
    yield "enterprises:upload_template", reverse("enterprises:upload_template"), "auditor"


def test_every_download_has_a_chinese_file_name(client, db, world, monkeypatch):
    monkeypatch.setattr("reports.pdf.html_to_pdf", lambda html, identifier: b"%PDF-1.7 stub")
    problems = []
    for name, url, role in downloads(world):
        client.force_login(world["users"][role])
        response = client.get(url)
        if response.status_code != 200 or "Content-Disposition" not in response:
            problems.append(f"{name}: {response.status_code}")
            continue
        saved = saved_name(response)
        if not CJK.search(saved) or not saved.endswith((".xlsx", ".csv")):
            problems.append(f"{name}: {saved}")
    assert not problems, "\n".join(problems)


def _count_columns(sheet) -> dict[int, str]:
    """Columns whose header (in the first rows) names a count."""
    found = {}
    for row in sheet.iter_rows(min_row=1, max_row=6):
        for cell in row:
            if isinstance(cell.value, str) and COUNT_HEADER.search(cell.value):
                found[cell.column] = cell.value
    return found


def test_every_workbook_writes_counts_as_whole_numbers(client, db, world, monkeypatch):
    monkeypatch.setattr("reports.pdf.html_to_pdf", lambda html, identifier: b"%PDF-1.7 stub")
    problems, checked = [], 0
    for name, url, role in xlsx_urls(world):
        client.force_login(world["users"][role])
        response = client.get(url)
        if response.status_code != 200 or not response["Content-Type"].startswith(XLSX):
            continue
        book = load_workbook(io.BytesIO(response.content))
        for sheet in book.worksheets:
            for column, header in _count_columns(sheet).items():
                for (cell,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
                    if isinstance(cell.value, str) and re.fullmatch(r"\d+(\.\d+)?", cell.value):
                        problems.append(f"{name} {sheet.title}!{cell.coordinate} {header}: text {cell.value!r}")
                    if isinstance(cell.value, bool) or not isinstance(cell.value, int | float):
                        continue
                    checked += 1
                    whole = float(cell.value).is_integer()
                    if whole and DECIMAL_FORMATS.search(cell.number_format or ""):
                        problems.append(f"{name} {sheet.title}!{cell.coordinate} {header}: {cell.number_format}")
    assert checked, "no count column was found"
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("url", ["/scoring/ranking/2023/scores.xlsx", "/dashboards/county/2023/county.xlsx"])
def test_the_ranked_exports_list_units_in_the_pages_order(client, db, world, url):
    from reports.dashboards.selectors import standings
    from targets.models import AssessmentYear

    client.force_login(world["users"]["auditor"])
    book = load_workbook(io.BytesIO(client.get(url + "?as_of=2023-12-31").content))
    sheet = book["得分"] if "得分" in book.sheetnames else book["各单位"]
    year = AssessmentYear.objects.get(year=2023)
    import datetime as dt

    ranked = [u.name for u in standings(year, dt.date(2023, 12, 31)).ranking]
    names = [row[0] if "得分" in book.sheetnames else row[1] for row in sheet.iter_rows(values_only=True)]
    names = [n for n in names if n in set(ranked)]
    assert names == ranked
