import datetime as dt
import hashlib
from decimal import Decimal

import pytest
import time_machine

from projects import services
from projects.models import Activity, Contract, Evidence, FundsInPlace, MonthlyReport, RecordEvent, Status
from targets.models import Leader
from tests.conftest import client_for
from tests.helpers import PDF_BYTES, confirmed_funds, confirmed_start
from tests.projects.conftest import upload


def contract_form(**fields):
    data = {"kind": "formal", "signed_on": "2023-06-10", "amount": "2.5", "title": "", "note": ""}
    data.update(fields)
    return data


def test_filer_files_a_formal_contract_with_a_pdf_and_submits_it(client, filer, project, in_2023):
    data = contract_form(**{"ev-file": upload("合同扫描件.pdf", PDF_BYTES), "submit": "1"})
    response = client_for(client, filer).post(f"/projects/{project.pk}/contract/new/", data)
    contract = Contract.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/filing/contract/{contract.pk}/"
    assert contract.status == Status.SUBMITTED and not contract.is_late
    assert (contract.amount, contract.unit, contract.created_by) == (Decimal("2.5"), filer.unit, filer)
    evidence = contract.evidence.get()
    assert evidence.sha256 == hashlib.sha256(PDF_BYTES).hexdigest()
    assert evidence.original_name == "合同扫描件.pdf" and "合同" not in evidence.file.name
    page = client.get(response["Location"]).content.decode()
    assert evidence.sha256 in page and "待审核" in page and "提交" in page


@pytest.mark.parametrize(
    "kind, fields, field, message",
    [
        ("contract", {"signed_on": "2023-06-21"}, "signed_on", "签约日期不能晚于今天"),
        ("contract", {"amount": "-1"}, "amount", "0"),
        ("contract", {"amount": "abc"}, "amount", "输入一个数字"),
        ("contract", {"signed_on": "2023-02-30"}, "signed_on", "日期"),
        ("funds", {"month": "2023-07", "amount": "1", "source": "bank"}, "month", "不能填报未来月份的到位资金"),
        ("funds", {"month": "2023-05", "amount": "20.0001", "source": "bank"}, "amount", "超过项目总投资"),
        ("funds", {"month": "2023-13", "amount": "1", "source": "bank"}, "month", "月份"),
        ("start", {"started_on": "2023-07-01", "basis": "site_photos"}, "started_on", "开工日期不能晚于今天"),
    ],
)
def test_bad_record_input_is_refused_on_its_field(client, filer, project, in_2023, kind, fields, field, message):
    data = contract_form(**fields) if kind == "contract" else fields
    response = client_for(client, filer).post(f"/projects/{project.pk}/{kind}/new/", data)
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors and any(message in e for e in form.errors[field])
    assert not Contract.objects.exists() and not FundsInPlace.objects.exists()


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("合同.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>", "只接受 PDF、JPEG、PNG 或 OFD"),
        ("合同.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 100, "只接受 PDF、JPEG、PNG 或 OFD"),
        ("合同.pdf", b"", "空"),
    ],
)
def test_evidence_that_is_not_what_its_name_says_is_refused(client, filer, project, in_2023, name, data, message):
    response = client_for(client, filer).post(
        f"/projects/{project.pk}/contract/new/", contract_form(**{"ev-file": upload(name, data), "submit": "1"})
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Contract.objects.exists() and not Evidence.objects.exists()


def test_evidence_over_the_size_limit_is_refused(client, filer, project, in_2023, settings):
    settings.EVIDENCE_MAX_BYTES = 1024 * 1024
    big = PDF_BYTES + b"0" * (1024 * 1024)
    record = services.record_create(
        record_type="contract", unit=filer.unit, by=filer, project=project, signed_on=dt.date(2023, 6, 1), amount=1
    )
    response = client_for(client, filer).post(
        f"/filing/contract/{record.pk}/evidence/", {"file": upload("大文件.pdf", big)}, follow=True
    )
    assert "文件过大" in response.content.decode() and "不能超过 1 MB" in response.content.decode()
    assert not record.evidence.exists()


def test_submitting_without_evidence_keeps_the_draft_and_says_why(client, filer, project, in_2023):
    response = client_for(client, filer).post(
        f"/projects/{project.pk}/contract/new/", contract_form(submit="1"), follow=True
    )
    assert "未能提交：请先上传佐证材料再提交" in response.content.decode()
    assert Contract.objects.get().status == Status.DRAFT


def test_nil_funds_return_needs_no_evidence(client, filer, auditor, project, in_2023):
    confirmed_start(project, filer=filer, auditor=auditor, started_on="2023-04-01")
    client_for(client, filer).post(
        f"/projects/{project.pk}/funds/new/", {"month": "2023-05", "amount": "0", "source": "other", "submit": "1"}
    )
    assert FundsInPlace.objects.get().status == Status.SUBMITTED


def test_a_double_click_on_save_files_one_record(client, filer, project, in_2023):
    client_for(client, filer)
    data = contract_form(form_token="same-token")
    first = client.post(f"/projects/{project.pk}/contract/new/", data)
    second = client.post(f"/projects/{project.pk}/contract/new/", data, follow=True)
    assert Contract.objects.count() == 1
    assert second.redirect_chain[0][0] == first["Location"]
    assert "已经提交过" in second.content.decode()


def test_a_second_submit_of_the_same_record_is_a_message_not_an_error(client, filer, project, in_2023):
    record = services.record_create(
        record_type="contract", unit=filer.unit, by=filer, project=project, signed_on=dt.date(2023, 6, 1), amount=1
    )
    services.evidence_attach(record=record, file=upload("a.pdf", PDF_BYTES), by=filer)
    client_for(client, filer)
    assert client.post(f"/filing/contract/{record.pk}/submit/").status_code == 302
    response = client.post(f"/filing/contract/{record.pk}/submit/", follow=True)
    assert response.status_code == 200
    assert "不能提交" in response.content.decode()
    assert RecordEvent.objects.filter(object_id=record.pk, action="submit").count() == 1


def test_the_same_project_month_cannot_be_filed_twice(client, filer, auditor, project, in_2023):
    confirmed_funds(project, filer=filer, auditor=auditor, month="2023-05", amount="1")
    response = client_for(client, filer).post(
        f"/projects/{project.pk}/funds/new/", {"month": "2023-05", "amount": "2", "source": "bank"}
    )
    assert "该项目该月已有到位资金记录" in response.content.decode() and "发起更正" in response.content.decode()
    assert FundsInPlace.objects.count() == 1


def test_contract_filed_after_the_23rd_is_marked_late(client, filer, project):
    with time_machine.travel(dt.datetime(2023, 6, 24, 9, tzinfo=dt.timezone(dt.timedelta(hours=8))), tick=False):
        client_for(client, filer).post(
            f"/projects/{project.pk}/contract/new/",
            contract_form(signed_on="2023-06-05", **{"ev-file": upload("a.pdf", PDF_BYTES), "submit": "1"}),
        )
        contract = Contract.objects.get()
        assert contract.is_late
        assert "逾期报送" in client.get(contract.get_absolute_url()).content.decode()


def test_returned_record_is_edited_and_resubmitted(client, filer, auditor, project, in_2023):
    client_for(client, filer).post(
        f"/projects/{project.pk}/contract/new/",
        contract_form(**{"ev-file": upload("a.pdf", PDF_BYTES), "submit": "1"}),
    )
    contract = Contract.objects.get()
    services.record_return(record=contract, by=auditor, reason="金额与合同不符")
    page = client.get(f"/filing/contract/{contract.pk}/").content.decode()
    assert "金额与合同不符" in page
    response = client.post(f"/filing/contract/{contract.pk}/edit/", contract_form(amount="2.4", submit="1"))
    assert response.status_code == 302
    contract.refresh_from_db()
    assert (contract.status, contract.amount) == (Status.SUBMITTED, Decimal("2.4"))
    page = client.get(f"/filing/contract/{contract.pk}/").content.decode()
    assert "合同金额（亿元）：2.5 → 2.4" in page and "金额与合同不符" in page


def test_a_confirmed_record_is_corrected_through_a_new_version(client, filer, auditor, project, in_2023):
    original = confirmed_funds(project, filer=filer, auditor=auditor, month="2023-05", amount="1.2")
    client_for(client, filer)
    form = client.get(f"/filing/funds/{original.pk}/correct/").context["form"]
    assert form.initial["amount"] == Decimal("1.2")
    response = client.post(
        f"/filing/funds/{original.pk}/correct/",
        {"month": "2023-05", "amount": "1.0", "source": "bank", "reason": "银行凭证金额为1亿元"},
    )
    correction = FundsInPlace.objects.get(supersedes=original)
    assert response["Location"] == correction.get_absolute_url()
    assert correction.evidence.count() == 1  # carried over from the confirmed version
    client.post(f"/filing/funds/{correction.pk}/submit/")
    client_for(client, auditor).post(f"/filing/funds/{correction.pk}/confirm/")
    original.refresh_from_db()
    correction.refresh_from_db()
    assert (original.status, original.amount) == (Status.SUPERSEDED, Decimal("1.2"))
    assert correction.status == Status.CONFIRMED
    page = client.get(original.get_absolute_url()).content.decode()
    assert "银行凭证金额为1亿元" in page and "被更正" in page


def test_a_confirmed_record_cannot_be_edited(client, filer, auditor, project, in_2023):
    original = confirmed_funds(project, filer=filer, auditor=auditor, month="2023-05", amount="1.2")
    response = client_for(client, filer).post(
        f"/filing/funds/{original.pk}/edit/", {"month": "2023-05", "amount": "9", "source": "bank"}, follow=True
    )
    assert "不能修改" in response.content.decode()
    original.refresh_from_db()
    assert original.amount == Decimal("1.2")


def test_filer_files_an_activity_with_county_leaders_and_a_monthly_report(client, filer, in_2023):
    leaders = list(Leader.objects.all()[:2])
    client_for(client, filer)
    response = client.post(
        "/filing/activity/new/",
        {
            "kind": "visit",
            "occurred_on": "2023-06-12",
            "title": "赴深圳拜访文旅企业",
            "enterprises": "甲公司\n乙公司\n丙公司",
            "enterprise_count": "",
            "leaders": [leader.pk for leader in leaders],
            "submit": "1",
        },
    )
    activity = Activity.objects.get()
    assert response.status_code == 302
    assert activity.status == Status.SUBMITTED  # activities need no evidence
    assert activity.enterprise_count == 3 and set(activity.leaders.all()) == set(leaders)
    response = client.post("/filing/report/new/", {"month": "2023-06", "signing": "签约1个", "visits": "走访3家"})
    report = MonthlyReport.objects.get()
    assert report.month == dt.date(2023, 6, 1) and report.missing_items() == ["funds", "starts", "publicity"]


def test_a_record_never_confirmed_is_shown_without_asking_for_its_corrections(client, filer, project, in_2023):
    """Only a confirmed record is ever corrected (record_correct): the page of a draft, a submitted or a returned
    record (most pages at the month-end peak) does not look for corrections; a confirmed one does."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    draft = services.record_create(
        record_type="funds", unit=filer.unit, by=filer, project=project, month=dt.date(2023, 5, 1), amount=1
    )
    client_for(client, filer)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/filing/funds/{draft.pk}/").status_code == 200
    assert not any('"supersedes_id" =' in q["sql"] for q in queries)
