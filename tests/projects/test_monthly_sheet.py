"""The monthly filing sheet (月度填报表): one page per unit and month, a row per started project, rows saved as drafts
one at a time (htmx) or all at once, 本月无到位资金 per row or for the sheet, one 提交审核 for all, the month's
contracts and starts added from it. Writes go through the record services (token, freeze, audit)."""

import datetime as dt
import re
from decimal import Decimal

import pytest

from audit.models import AuditEvent
from projects import calendar
from projects.models import Contract, FundsInPlace, Status
from projects.selectors import calendars, filing_facts, obligations_of
from projects.sheet import default_month, sheet_of
from targets.models import AssessmentYear
from targets.services import year_close
from tests.conftest import client_for
from tests.helpers import PDF_BYTES, confirmed_funds, confirmed_start, make_project
from tests.projects.conftest import upload

MAY = "2023-05"
SHEET = f"/filing/sheet/{MAY}/"
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def started(filer, auditor, in_2023):
    """Three projects of the filer's unit started by May 2023, one started in June, one only negotiating."""
    projects = []
    for n in range(1, 4):
        p = make_project(by=filer, code=f"WS-10{n}", name=f"开工项目{n}", credits=[("县文化旅游委", 100)])
        confirmed_start(p, filer=filer, auditor=auditor, started_on=dt.date(2023, 3, n))
        projects.append(p)
    june = make_project(by=filer, code="WS-200", name="六月开工项目", credits=[("县文化旅游委", 100)])
    confirmed_start(june, filer=filer, auditor=auditor, started_on=dt.date(2023, 6, 2))
    make_project(by=filer, code="WS-300", name="在谈项目", credits=[("县文化旅游委", 100)])
    return projects


def row_data(project, **fields):
    return {f"p{project.pk}-{k}": v for k, v in fields.items()}


def test_the_sheet_lists_the_units_projects_started_by_the_months_end(client, filer, started, other_project):
    page = client_for(client, filer).get(SHEET).content.decode()
    rows = set(re.findall(r'<tr id="row-(\d+)"', page))
    assert rows == {str(p.pk) for p in started}
    assert other_project.name not in page
    assert "共 <strong>3</strong> 个项目" in page and "本月无到位资金" in page
    june = client.get("/filing/sheet/2023-06/").content.decode()
    assert len(re.findall(r'<tr id="row-(\d+)"', june)) == 4 and "六月开工项目" in june


def test_a_row_saves_as_a_draft_with_its_evidence_through_htmx(client, filer, started):
    p = started[0]
    data = row_data(p, amount="0.35", source="bank", token="tok-1") | {f"p{p.pk}-file": upload("凭证.pdf", PDF_BYTES)}
    response = client_for(client, filer).post(f"{SHEET}rows/{p.pk}/", data, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith(f'<tr id="row-{p.pk}"') and "已保存草稿" in html and "凭证.pdf" in html
    record = FundsInPlace.objects.get()
    assert (record.project, record.month, record.amount, record.status) == (
        p,
        dt.date(2023, 5, 1),
        Decimal("0.35"),
        Status.DRAFT,
    )
    assert record.submit_token == "tok-1" and record.evidence.count() == 1
    assert AuditEvent.objects.filter(action="funds.create").count() == 1
    # the same row again with a change: the same record, changed (the file, already there, is not added twice)
    data = row_data(p, amount="0.4", source="bank") | {f"p{p.pk}-file": upload("凭证.pdf", PDF_BYTES)}
    client.post(f"{SHEET}rows/{p.pk}/", data, **HTMX)
    record.refresh_from_db()
    assert FundsInPlace.objects.count() == 1 and record.amount == Decimal("0.4") and record.evidence.count() == 1


def test_a_row_marked_nil_is_a_zero_return_without_evidence(client, filer, started):
    p = started[1]
    response = client_for(client, filer).post(f"{SHEET}rows/{p.pk}/", row_data(p, nil="on", source="bank"), **HTMX)
    assert "已保存草稿" in response.content.decode()
    record = FundsInPlace.objects.get()
    assert record.amount == 0 and not record.evidence.exists()
    assert "checked" in response.content.decode()


@pytest.mark.parametrize(
    "amount, message",
    [
        ("abc", "请填写数字金额（亿元）"),
        ("-1", "到位资金不能为负数"),
        ("0.123456", "最多4位小数"),
        ("25", "超过项目总投资"),
        ("1" * 20, "金额过大"),
        ("", "请填写本月到位资金（亿元）"),
    ],
)
def test_bad_input_gets_a_chinese_message_on_its_row_and_nothing_is_saved(client, filer, started, amount, message):
    p = started[0]
    data = row_data(p, amount=amount, source="bank") | {f"p{p.pk}-file": upload("凭证.pdf", PDF_BYTES)}
    response = client_for(client, filer).post(f"{SHEET}rows/{p.pk}/", data, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html and "sheet-error" in html
    assert not FundsInPlace.objects.exists()
    # the chosen file is kept: the row refers to it, and the corrected row saves it without choosing it again
    token = re.search(rf'name="p{p.pk}-pending" value="([^"]+)"', html)[1]
    assert "已暂存 <strong>凭证.pdf</strong>" in html
    client.post(f"{SHEET}rows/{p.pk}/", row_data(p, amount="0.5", source="bank", pending=token), **HTMX)
    record = FundsInPlace.objects.get()
    assert record.amount == Decimal("0.5") and record.evidence.get().original_name == "凭证.pdf"


def test_the_whole_form_saves_every_row_and_keeps_a_bad_rows_values(client, filer, started):
    a, b, c = started
    data = {"action": "save"}
    data |= row_data(a, amount="1.2", source="bank") | {f"p{a.pk}-file": upload("a.pdf", PDF_BYTES)}
    data |= row_data(b, amount="十万", source="statistics") | {f"p{b.pk}-file": upload("b.pdf", PDF_BYTES)}
    data |= row_data(c, nil="on", source="bank")
    response = client_for(client, filer).post(SHEET, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "有 1 个项目需要修改" in html and "请填写数字金额（亿元），如 0.35" in html
    assert 'value="十万"' in html and "已暂存 <strong>b.pdf</strong>" in html
    assert set(FundsInPlace.objects.values_list("project__code", "amount")) == {
        ("WS-101", Decimal("1.2")),
        ("WS-103", Decimal("0")),
    }


def test_one_submit_sends_all_drafts_and_the_month_counts_as_filed(client, filer, started, in_2023):
    a, b, c = started
    c2 = client_for(client, filer)
    c2.post(
        f"{SHEET}rows/{a.pk}/",
        row_data(a, amount="1.2", source="bank") | {f"p{a.pk}-file": upload("a.pdf", PDF_BYTES)},
        **HTMX,
    )
    c2.post(f"{SHEET}rows/{b.pk}/", row_data(b, amount="0.3", source="bank"), **HTMX)  # no evidence yet
    data = {"action": "submit"} | row_data(a, amount="1.2", source="bank") | row_data(b, amount="0.3", source="bank")
    data |= row_data(c, nil="on", source="bank")
    response = c2.post(SHEET, data, follow=True)
    html = response.content.decode()
    assert "已提交县招商投资事务中心审核：2 条记录" in html
    assert "未能提交 WS-102" in html and "请先上传佐证材料再提交" in html
    statuses = dict(FundsInPlace.objects.values_list("project__code", "status"))
    assert statuses == {"WS-101": Status.SUBMITTED, "WS-102": Status.DRAFT, "WS-103": Status.SUBMITTED}
    facts = filing_facts([filer.unit_id], dt.date(2023, 5, 1), dt.date(2023, 5, 1))[filer.unit_id]
    states = {
        o.project_id: o.state for o in obligations_of(facts, dt.date(2023, 5, 1), calendars(), in_2023) if o.project_id
    }
    # filed in June after the 7th: late, but filed; the draft still owes
    assert states[a.pk] == calendar.LATE and states[c.pk] == calendar.LATE and states[b.pk] == calendar.OVERDUE


def test_nil_for_the_whole_sheet_files_every_empty_row_and_submits(client, filer, started):
    a, b, c = started
    data = {"action": "nil_all"} | row_data(a, amount="0.8", source="statistics")
    data |= {f"p{a.pk}-file": upload("统计.pdf", PDF_BYTES)}
    response = client_for(client, filer).post(SHEET, data, follow=True)
    assert "已提交县招商投资事务中心审核：3 条记录" in response.content.decode()
    rows = dict(FundsInPlace.objects.values_list("project__code", "amount"))
    assert rows == {"WS-101": Decimal("0.8"), "WS-102": Decimal("0"), "WS-103": Decimal("0")}
    assert set(FundsInPlace.objects.values_list("status", flat=True)) == {Status.SUBMITTED}


def test_a_double_post_of_the_sheet_files_nothing_twice(client, filer, started):
    a = started[0]
    data = {"action": "save"} | row_data(a, amount="1", source="bank", token="same")
    c2 = client_for(client, filer)
    c2.post(SHEET, data)
    c2.post(SHEET, data)
    c2.post(f"{SHEET}rows/{a.pk}/", row_data(a, amount="1", source="bank", token="same"), **HTMX)
    assert FundsInPlace.objects.count() == 1


def test_submitted_confirmed_and_other_units_rows_are_read_only(client, filer, other_filer, auditor, started):
    a, b, _ = started
    confirmed_funds(a, filer=filer, auditor=auditor, month=MAY, amount="2")
    joint = make_project(by=filer, code="WS-400", name="联合项目", credits=[("县文化旅游委", 60), ("县交通局", 40)])
    confirmed_start(joint, filer=filer, auditor=auditor, started_on=dt.date(2023, 4, 1))
    from tests.helpers import file_and_confirm

    file_and_confirm(
        "funds", filer=other_filer, auditor=auditor, project=joint, month=dt.date(2023, 5, 1), amount=Decimal("1")
    )
    page = client_for(client, filer).get(SHEET).content.decode()
    assert f'name="p{a.pk}-amount"' not in page and "发起更正" in page
    assert f'name="p{joint.pk}-amount"' not in page and "县交通局已填报" in page
    assert f'name="p{b.pk}-amount"' in page
    response = client.post(f"{SHEET}rows/{a.pk}/", row_data(a, amount="3", source="bank"), **HTMX)
    assert "该行不能修改" in response.content.decode()
    assert FundsInPlace.objects.get(project=a).amount == Decimal("2")


def test_a_closed_year_sheet_is_read_only(client, filer, auditor, started):
    year_close(year=AssessmentYear.objects.get(year=2023), by=auditor)
    a = started[0]
    page = client_for(client, filer).get(SHEET).content.decode()
    assert "2023年度已关闭" in page and f'name="p{a.pk}-amount"' not in page and 'id="sheet-submit"' not in page
    response = client.post(SHEET, {"action": "submit"} | row_data(a, amount="1", source="bank"), follow=True)
    assert "2023年度已关闭" in response.content.decode()
    assert not FundsInPlace.objects.exists()


def test_access_is_the_filers_own_unit(client, filer, other_filer, auditor, started, other_project):
    a = started[0]
    assert (
        client_for(client, other_filer).post(f"{SHEET}rows/{a.pk}/", row_data(a, amount="1"), **HTMX).status_code == 404
    )
    assert "开工项目1" not in client.get(SHEET).content.decode()
    assert client_for(client, auditor).get(SHEET).status_code == 403
    client.logout()
    assert client.get(SHEET).status_code == 302
    assert not FundsInPlace.objects.exists()


@pytest.mark.parametrize("month", ["2023-13", "abc", "1999-01", "2023-05-99"])
def test_a_bad_month_is_a_404(client, filer, month):
    assert client_for(client, filer).get(f"/filing/sheet/{month}/").status_code == 404


def test_a_future_month_opens_this_month(client, filer, in_2023):
    response = client_for(client, filer).get("/filing/sheet/2023-09/")
    assert response.status_code == 302 and response["Location"] == "/filing/sheet/2023-06/"
    assert client.get("/filing/sheet/?month=2023-04")["Location"] == "/filing/sheet/2023-04/"
    assert client.get("/filing/sheet/?month=nonsense")["Location"] == "/filing/sheet/2023-06/"


def test_the_default_month_is_last_month_while_its_funds_window_is_open(filer):
    assert default_month(filer.unit, dt.date(2023, 6, 7)) == dt.date(2023, 5, 1)
    assert default_month(filer.unit, dt.date(2023, 6, 8)) == dt.date(2023, 6, 1)
    assert default_month(filer.unit, dt.date(2024, 1, 3)) == dt.date(2023, 12, 1)


def test_the_home_page_of_a_filer_offers_the_sheet(client, filer, in_2023):
    page = client_for(client, filer).get("/").content.decode()
    assert 'id="file-this-month" href="/filing/sheet/2023-06/"' in page and "填报本月" in page


def test_contracts_and_starts_are_added_from_the_sheet_and_return_to_it(client, filer, started, in_2023):
    negotiating = started[0].__class__.objects.get(code="WS-300")
    c2 = client_for(client, filer)
    response = c2.get(f"{SHEET}add/", {"project": negotiating.pk, "kind": "contract"})
    assert response["Location"] == f"/projects/{negotiating.pk}/contract/new/?next={SHEET}"
    form = c2.get(response["Location"]).content.decode()
    assert f'name="next" value="{SHEET}"' in form
    data = {"kind": "formal", "signed_on": "2023-05-20", "amount": "3", "title": "", "note": "", "next": SHEET}
    data["ev-file"] = upload("合同.pdf", PDF_BYTES)
    response = c2.post(f"/projects/{negotiating.pk}/contract/new/", data)
    assert response.status_code == 302 and response["Location"] == SHEET
    page = c2.get(SHEET).content.decode()
    assert "签约合同 #" in page and Contract.objects.get().signed_on == dt.date(2023, 5, 20)
    # the contract's draft goes with the sheet's 提交审核
    c2.post(SHEET, {"action": "submit"})
    assert Contract.objects.get().status == Status.SUBMITTED
    assert c2.get(f"{SHEET}add/", {"project": "", "kind": "contract"})["Location"] == SHEET
    assert c2.get(f"{SHEET}add/", {"project": "999999", "kind": "start"}).status_code == 404


def test_an_outside_next_is_ignored(client, filer, project, in_2023):
    data = {"kind": "formal", "signed_on": "2023-05-20", "amount": "3", "title": "", "note": ""}
    data["next"] = "https://evil.example/"
    response = client_for(client, filer).post(f"/projects/{project.pk}/contract/new/", data)
    assert response["Location"].startswith("/filing/contract/")


def test_a_sheet_of_ten_projects_reads_in_a_bounded_number_of_queries(
    client, filer, auditor, in_2023, django_assert_max_num_queries
):
    for n in range(10):
        p = make_project(by=filer, code=f"T-{n:02}", credits=[("县文化旅游委", 100)])
        confirmed_start(p, filer=filer, auditor=auditor, started_on=dt.date(2023, 2, 1))
    assert len(sheet_of(filer, dt.date(2023, 5, 1)).rows) == 10
    c2 = client_for(client, filer)
    c2.get(SHEET)
    with django_assert_max_num_queries(30):
        c2.get(SHEET)


def test_the_home_page_says_the_units_figures_are_targets(client, filer):
    page = client_for(client, filer).get("/").content.decode()
    assert "目标：签约资金 <strong>" in page and "签约资金目标</th>" in page and "到位资金目标</th>" in page


def test_a_unit_without_started_projects_is_told_so(client, filer, in_2023):
    page = client_for(client, filer).get(SHEET).content.decode()
    assert "本月无需报送到位资金" in page and 'id="sheet-submit"' not in page and "填报签约合同" in page


def test_a_row_post_without_htmx_goes_back_to_the_sheet(client, filer, started):
    a = started[0]
    response = client_for(client, filer).post(f"{SHEET}rows/{a.pk}/", row_data(a, amount="1"))
    assert response.status_code == 302 and response["Location"] == f"{SHEET}#row-{a.pk}"
    assert not FundsInPlace.objects.exists()
    assert client.get(f"{SHEET}rows/{a.pk}/").status_code == 405


def test_forged_row_values_are_refused_on_the_row(client, filer, started):
    a = started[0]
    html = (
        client_for(client, filer)
        .post(f"{SHEET}rows/{a.pk}/", row_data(a, amount="1", source="cash\x00", pending="x" * 5000), **HTMX)
        .content.decode()
    )
    assert "请从列表中选择数据来源" in html and "之前选择的佐证文件已过期" in html and not FundsInPlace.objects.exists()


def test_a_field_in_error_points_at_its_message(client, filer, started):
    a = started[0]
    html = client_for(client, filer).post(f"{SHEET}rows/{a.pk}/", row_data(a, amount="25", source="bank"), **HTMX)
    html = html.content.decode()
    assert f'aria-describedby="id_p{a.pk}-amount_error"' in html and 'aria-invalid="true"' in html
    assert f'id="id_p{a.pk}-amount_error"' in html


def test_a_nil_sheet_filed_in_the_window_counts_the_month_as_filed_and_stops_the_reminders(client, filer, auditor):
    import time_machine

    from projects.models import Reminder
    from projects.reminders import reminders_create

    tz = dt.timezone(dt.timedelta(hours=8))
    with time_machine.travel(dt.datetime(2023, 3, 10, 10, 0, tzinfo=tz), tick=False):
        projects = []
        for n in range(1, 4):
            p = make_project(by=filer, code=f"N-{n}", credits=[("县文化旅游委", 100)])
            confirmed_start(p, filer=filer, auditor=auditor, started_on=dt.date(2023, 3, n))
            projects.append(p)
    with time_machine.travel(dt.datetime(2023, 6, 5, 10, 0, tzinfo=tz), tick=False):
        c = client_for(client, filer)
        assert c.get("/filing/sheet/")["Location"] == SHEET
        response = c.post(SHEET, {"action": "nil_all"}, follow=True)
        assert "已提交县招商投资事务中心审核：3 条记录" in response.content.decode()
        facts = filing_facts([filer.unit_id], dt.date(2023, 5, 1), dt.date(2023, 5, 1))[filer.unit_id]
        today = dt.date(2023, 6, 5)
        states = {o.state for o in obligations_of(facts, dt.date(2023, 5, 1), calendars(), today) if o.project_id}
        assert states == {calendar.DONE}
    with time_machine.travel(dt.datetime(2023, 6, 9, 10, 0, tzinfo=tz), tick=False):
        reminders_create(today=dt.date(2023, 6, 9))
        may_funds = [r for r in Reminder.objects.filter(unit=filer.unit) if "5月到位资金" in r.message]
        assert may_funds == []
        april = [r for r in Reminder.objects.filter(unit=filer.unit) if "4月" in r.message]
        assert april  # the months not filed are still reminded (a check that reminders run at all)


def test_a_project_in_the_investment_statistics_defaults_to_the_statistics_figure(client, filer, started):
    a, b, _ = started
    a.in_fai_statistics = True
    a.save()
    page = client_for(client, filer).get(SHEET).content.decode()
    select = re.search(rf'<select name="p{a.pk}-source".*?</select>', page, re.S)[0]
    assert '<option value="statistics" selected>' in select
    client.post(SHEET, {"action": "nil_all"})
    assert dict(FundsInPlace.objects.values_list("project_id", "source")) == {
        a.pk: "statistics",
        b.pk: "bank",
        started[2].pk: "bank",
    }


def test_no_posted_row_crashes_the_row_save_and_a_refused_row_saves_nothing(client, filer, started):
    """The htmx row endpoint fuzzed with its own fields (the form fuzzing posts without htmx, which only redirects)."""
    from django.db import transaction
    from hypothesis import given
    from hypothesis import strategies as st

    from tests.security.fuzzkit import KILLERS, NASTY_VALUE, fuzz_settings

    a = started[0]
    names = ["amount", "source", "nil", "pending", "token"]
    c = client_for(client, filer)
    url = f"{SHEET}rows/{a.pk}/"

    def check(data):
        with transaction.atomic():
            response = c.post(url, data, **HTMX)
            assert response.status_code < 500
            if "sheet-error" in response.content.decode():
                assert not FundsInPlace.objects.exists()
            transaction.set_rollback(True)

    @fuzz_settings(max_examples=40)
    @given(values=st.dictionaries(st.sampled_from(names), NASTY_VALUE, max_size=5))
    def fuzz(values):
        check({f"p{a.pk}-{k}": v for k, v in values.items()})

    fuzz()
    for value in KILLERS:
        check({f"p{a.pk}-{k}": value for k in names})


def test_a_notice_of_a_saved_row_is_shown(client, filer, started):
    a = started[0]
    a.in_fai_statistics = True
    a.save()
    html = (
        client_for(client, filer)
        .post(f"{SHEET}rows/{a.pk}/", row_data(a, amount="1", source="bank"), **HTMX)
        .content.decode()
    )
    assert "已保存草稿" in html and "纳入固定资产投资统计" in html
    response = client.post(SHEET, {"action": "save"} | row_data(a, amount="1.5", source="bank"), follow=True)
    assert "提示（WS-101 开工项目1）" in response.content.decode()


def test_a_row_save_updates_the_sheets_counters(client, filer, started):
    a = started[0]
    html = client_for(client, filer).post(f"{SHEET}rows/{a.pk}/", row_data(a, nil="on"), **HTMX).content.decode()
    assert '<span id="sheet-open-count" hx-swap-oob="true">1</span>' in html
    assert 'id="sheet-counts" hx-swap-oob="true">共 <strong>3</strong> 个项目 · 未填 <strong>2</strong>' in html


def test_a_returned_row_shows_its_reason_is_corrected_and_resubmitted(client, filer, auditor, started):
    from projects import services

    a = started[0]
    record = services.record_create(
        record_type="funds", unit=filer.unit, by=filer, project=a, month=dt.date(2023, 5, 1), amount=Decimal("9")
    )
    services.evidence_attach(record=record, file=upload("凭证.pdf", PDF_BYTES), by=filer)
    services.record_submit(record=record, by=filer)
    services.record_return(record=record, by=auditor, reason="金额与凭证不符，凭证为0.9亿元")
    c = client_for(client, filer)
    page = c.get(SHEET).content.decode()
    assert "退回原因：金额与凭证不符" in page and f'name="p{a.pk}-amount" value="9.0000"' in page
    c.post(SHEET, {"action": "submit"} | row_data(a, amount="0.9", source="bank"))
    record.refresh_from_db()
    assert (record.status, record.amount) == (Status.SUBMITTED, Decimal("0.9"))
    assert FundsInPlace.objects.count() == 1
