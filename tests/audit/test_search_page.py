"""审计日志查询: the audit admin searches, pages through and exports the trail; nobody else opens it."""

import csv
import io

import pytest
from openpyxl import load_workbook

from audit.models import AuditEvent
from audit.services import audit_log


@pytest.fixture
def trail(db, filer, auditor, time_machine):
    time_machine.move_to("2024-05-06 09:00:00+08:00", tick=False)
    audit_log(action="auth.login", by=filer)
    audit_log(action="contract.confirm", by=auditor, obj=filer.unit)
    time_machine.move_to("2024-05-08 23:30:00+08:00", tick=False)
    audit_log(action="auth.login_failed", username="filer", outcome=AuditEvent.Outcome.FAILURE)
    audit_log(action="test.formula", username='=HYPERLINK("x")')
    time_machine.move_to("2024-05-10 09:00:00+08:00", tick=False)


def rows_of(response):
    return response.context["page"].object_list


def test_the_audit_admin_sees_the_trail_newest_first(client, audit_admin, trail):
    client.force_login(audit_admin)
    response = client.get("/audit/", {"date_from": "2024-05-01", "date_to": "2024-05-10"})
    assert response.status_code == 200
    actions = [e.action for e in rows_of(response)]
    assert actions[:2] == ["auth.login", "test.formula"]  # the audit admin's own sign-in is the newest
    assert "登录失败" in response.content.decode()


@pytest.mark.parametrize(
    "query, expected",
    [
        ({"user": "filer"}, {"auth.login", "auth.login_failed"}),
        ({"action": "auth."}, {"auth.login", "auth.login_failed"}),
        ({"outcome": "failure"}, {"auth.login_failed"}),
        ({"object": "县文化旅游委"}, {"contract.confirm"}),
        ({"date_from": "2024-05-08", "date_to": "2024-05-08"}, {"auth.login_failed", "test.formula"}),
        ({"date_to": "2024-05-06"}, {"auth.login", "contract.confirm"}),
    ],
)
def test_the_filters_narrow_the_trail(client, audit_admin, trail, query, expected):
    client.force_login(audit_admin)
    response = client.get("/audit/", {"date_to": "2024-05-09", **query})
    assert {e.action for e in rows_of(response)} == expected


def test_a_reversed_date_range_gets_a_chinese_message(client, audit_admin, trail):
    client.force_login(audit_admin)
    response = client.get("/audit/", {"date_from": "2024-05-09", "date_to": "2024-05-01"})
    assert response.status_code == 200
    assert "起始日期不能晚于截止日期" in response.content.decode()


def test_the_trail_is_paginated_with_a_bounded_number_of_queries(
    client, audit_admin, trail, django_assert_max_num_queries
):
    for n in range(120):
        audit_log(action="test.bulk", username=f"u{n}")
    client.force_login(audit_admin)
    with django_assert_max_num_queries(8):
        response = client.get("/audit/", {"action": "test.bulk", "page": 3})
    assert len(rows_of(response)) == 20
    assert "第 3 / 3 页" in response.content.decode()


def test_the_csv_export_follows_the_filters_and_defuses_formulas(client, audit_admin, trail):
    client.force_login(audit_admin)
    response = client.get("/audit/export.csv", {"date_to": "2024-05-09"})
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text)))
    assert table[0][:3] == ["编号", "时间（UTC）", "时间（北京时间）"]
    by_action = {row[5]: row for row in table[1:]}
    assert set(by_action) == {"auth.login", "contract.confirm", "auth.login_failed", "test.formula"}
    assert by_action["auth.login_failed"][1] == "2024-05-08T15:30:00Z"
    assert by_action["auth.login_failed"][2] == "2024-05-08 23:30:00"
    assert by_action["test.formula"][3].startswith("'=")


def test_the_xlsx_export_opens_in_excel(client, audit_admin, trail):
    client.force_login(audit_admin)
    response = client.get("/audit/export.xlsx", {"user": "filer"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert values[0][0] == "编号"
    assert {row[5] for row in values[1:]} == {"auth.login", "auth.login_failed"}


def test_every_export_is_itself_audited(client, audit_admin, trail):
    client.force_login(audit_admin)
    client.get("/audit/export.xlsx", {"user": "filer"})
    event = AuditEvent.objects.get(action="auditlog.export")
    assert event.user == audit_admin and event.detail == {"format": "xlsx", "filters": {"user": "filer"}}


@pytest.mark.parametrize("role", ["filer", "auditor", "leader", "office", "admin"])
def test_no_other_role_opens_the_trail_and_the_attempt_is_logged(client, personas, role):
    user = personas[role]
    client.force_login(user)
    assert client.get("/audit/").status_code == 403
    assert client.get("/audit/export.csv").status_code == 403
    denied = AuditEvent.objects.filter(action="access.denied", user=user)
    assert denied.count() == 2 and denied.first().outcome == "denied"


def test_an_anonymous_visitor_is_sent_to_sign_in(client, db):
    response = client.get("/audit/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_the_detail_reads_in_chinese_while_the_stored_detail_keeps_its_codes(client, audit_admin, filer):
    audit_log(action="auth.login", by=filer, detail={"second_factor": "none"})
    audit_log(action="funds.submit", by=filer, detail={"late": True, "capabilities": ["a", "b"], "odd_key": None})
    client.force_login(audit_admin)
    page = client.get("/audit/").content.decode()
    assert '<span class="text-muted">第二因素</span> 无需' in page
    assert '<span class="text-muted">逾期报送</span> 是' in page
    assert '<span class="text-muted">所需权限</span> a、b' in page
    assert '<span class="text-muted">odd_key</span> —' in page  # an unknown key as it is
    assert AuditEvent.objects.get(action="funds.submit").detail["late"] is True
