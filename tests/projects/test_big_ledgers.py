"""Big ledgers (issue 13): records are written in bulk through the service layer, with every event and audit entry;
the preview shows counts and the first errors; a ledger above what one request can take is refused by the page and
pointed to the command, never killed half-way. The 20,000-row timings are bench/ledger_bench.py's."""

from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.models import AuditEvent
from projects.ledger import import_ledger, read_ledger
from projects.models import FundsInPlace, Project, RecordEvent
from tests.conftest import client_for
from tests.projects.conftest import workbook
from tests.projects.test_ledger_import import good_ledger

FUNDS_HEADER = ["project_code", "month", "amount_yi", "source", "status"]


def many_funds(months: int, code: str = "L-001") -> dict:
    sheets = good_ledger()
    rows = [[code, f"{2000 + i // 12}-{i % 12 + 1:02d}", "0.01", "bank", ""] for i in range(months)]
    sheets["funds"] = [FUNDS_HEADER, *rows]
    return sheets


def queries_to_preview(sheets, by) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as captured:
        result = import_ledger(read_ledger(workbook(sheets)), by=by, dry_run=True)
    return len(captured.captured_queries), result


def test_funds_rows_are_checked_in_a_number_of_queries_that_does_not_grow_with_the_rows(auditor):
    few, result = queries_to_preview(many_funds(10), auditor)
    assert result.ok and result.created["funds"] == 10
    many, result = queries_to_preview(many_funds(250), auditor)
    assert result.ok and result.created["funds"] == 250
    assert many <= few + 10, (few, many)


def test_a_bulk_import_keeps_the_audit_trail_of_every_record(auditor):
    result = import_ledger(read_ledger(workbook(many_funds(120))), by=auditor, source="大台账.xlsx")
    assert result.ok and result.created["funds"] == 120
    funds = FundsInPlace.objects.all()
    assert funds.count() == 120 and all(f.created_by == auditor and f.unit.name == "县文化旅游委" for f in funds)
    funds_type = ContentType.objects.get_for_model(FundsInPlace)
    events = RecordEvent.objects.filter(action="import", content_type=funds_type, object_id__in=funds.values("pk"))
    assert events.count() == 120 and {e.reason for e in events} == {"台账导入：大台账.xlsx"}
    audit = AuditEvent.objects.filter(action="funds.import")
    assert {int(a.object_id) for a in audit} == set(funds.values_list("pk", flat=True))
    assert all(a.username == "auditor" and a.detail["ledger"] == "大台账.xlsx" for a in audit)


def test_the_same_month_twice_in_one_ledger_names_the_first_row(auditor):
    sheets = many_funds(3)
    sheets["funds"].append(["L-001", "2000-02", "0.02", "statistics", ""])
    result = import_ledger(read_ledger(workbook(sheets)), by=auditor)
    assert not result.ok and not FundsInPlace.objects.exists() and not Project.objects.exists()
    [error] = result.errors
    assert (error.sheet, error.row, error.column) == ("funds", 5, "month") and "与第3行重复" in error.message


def test_a_month_already_in_the_system_is_still_refused(auditor):
    assert import_ledger(read_ledger(workbook(many_funds(2))), by=auditor).ok
    sheets = many_funds(3)
    sheets["funds"][2][2] = "0.05"  # 2000-02 with another amount: not the same row, the same month
    result = import_ledger(read_ledger(workbook(sheets)), by=auditor)
    assert any(e.row == 3 and "该项目该月已有到位资金记录（#" in e.message for e in result.errors)


def test_the_preview_shows_counts_and_the_first_errors_not_every_row(client, auditor):
    sheets = good_ledger()
    sheets["funds"] = [FUNDS_HEADER] + [["NOPE-1", "2023-01", "1", "bank", ""]] * 450
    response = client_for(client, auditor).post(
        "/ledger-import/", {"file": SimpleUploadedFile("大.xlsx", workbook(sheets))}
    )
    page = response.content.decode()
    assert "有 450 处错误" in page and "funds 450 处" in page and "下面列出前 200 处" in page
    table = page[page.index('id="ledger-errors"') :]
    assert table[: table.index("</table>")].count("<tr>") == 201  # the header and 200 errors
    assert len(page) < 200_000


def test_the_page_refuses_a_ledger_above_its_limit_and_names_the_command(client, auditor, settings):
    settings.LEDGER_MAX_PAGE_ROWS = 100
    c = client_for(client, auditor)
    response = c.post("/ledger-import/", {"file": SimpleUploadedFile("大.xlsx", workbook(many_funds(120)))})
    page = response.content.decode()
    assert response.status_code == 200 and "超过 100 行数据" in page and "manage.py import_records" in page
    assert response.context["result"] is None and 'id="ledger-confirm"' not in page
    assert not Project.objects.exists() and not FundsInPlace.objects.exists()
    assert "ledger_upload" not in c.session


def test_a_ledger_within_the_limit_still_previews(client, auditor, settings):
    settings.LEDGER_MAX_PAGE_ROWS = 200
    response = client_for(client, auditor).post(
        "/ledger-import/", {"file": SimpleUploadedFile("中.xlsx", workbook(many_funds(120)))}
    )
    page = response.content.decode()
    assert "检查通过" in page and "funds：新增 120 行" in page and "下面列出前 20 行" in page


def test_read_ledger_stops_reading_past_its_limit():
    ledger = read_ledger(workbook(many_funds(120)), max_rows=50)
    assert ledger.too_big and not any(ledger.rows.values())
    assert read_ledger(workbook(many_funds(20)), max_rows=50).data_rows == 3 + 4 + 2 + 20
