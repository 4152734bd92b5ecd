import datetime as dt

import pytest
from django.utils import timezone

from projects import services
from projects.models import Contract, FundsInPlace, RecordEvent, Stage, Status
from targets.models import Unit
from tests.conftest import client_for
from tests.helpers import make_project, pdf_file


def submitted(kind, *, by, project, **fields):
    record = services.record_create(record_type=kind, unit=by.unit, by=by, project=project, **fields)
    services.evidence_attach(record=record, file=pdf_file(), by=by)
    services.record_submit(record=record, by=by)
    return record


@pytest.fixture
def pending(filer, other_filer, project, other_project):
    return {
        "march": submitted("contract", by=filer, project=project, signed_on=dt.date(2023, 3, 5), amount=2),
        "april": submitted("contract", by=filer, project=project, signed_on=dt.date(2023, 4, 5), amount=3),
        "funds": submitted("funds", by=filer, project=project, month=dt.date(2023, 3, 1), amount=1),
        "other": submitted("contract", by=other_filer, project=other_project, signed_on=dt.date(2023, 3, 9), amount=1),
    }


def shown(response):
    return {r.pk for _, _, records, _ in response.context["groups"] for r in records}


def test_queue_lists_submitted_records_with_their_evidence(client, auditor, pending):
    response = client_for(client, auditor).get("/audit-queue/")
    assert shown(response) == {r.pk for r in pending.values()}
    assert response.context["total"] == 4
    page = response.content.decode()
    assert "evidence.pdf" in page and "2.0000 亿元" in page


@pytest.mark.parametrize(
    "query, expected",
    [
        ("kind=contract", {"march", "april", "other"}),
        ("kind=funds", {"funds"}),
        ("unit={tlv}", {"march", "april", "funds"}),
        ("month=2023-03", {"march", "funds", "other"}),
        ("kind=contract&unit={tlv}&month=2023-04", {"april"}),
    ],
)
def test_queue_filters_by_unit_kind_and_month(client, auditor, pending, query, expected):
    query = query.format(tlv=Unit.objects.get(name="县文化旅游委").pk)
    response = client_for(client, auditor).get(f"/audit-queue/?{query}")
    assert shown(response) == {pending[name].pk for name in expected}


def test_queue_is_a_fixed_number_of_queries(client, auditor, pending, django_assert_max_num_queries):
    client_for(client, auditor)
    with django_assert_max_num_queries(25):
        client.get("/audit-queue/")


def test_auditor_confirms_several_at_once(client, auditor, pending):
    picks = [f"{k}:{r.pk}:{r.revision}" for k, r in (("contract", pending["march"]), ("funds", pending["funds"]))]
    response = client_for(client, auditor).post("/audit-queue/confirm/", {"pick": picks}, follow=True)
    assert "已认定 2 条记录" in response.content.decode()
    assert Contract.objects.get(pk=pending["march"].pk).status == Status.CONFIRMED
    assert FundsInPlace.objects.get(pk=pending["funds"].pk).status == Status.CONFIRMED
    assert Contract.objects.get(pk=pending["april"].pk).status == Status.SUBMITTED
    assert pending["march"].project.__class__.objects.get(pk=pending["march"].project_id).stage == Stage.SIGNED


def test_bulk_confirm_skips_what_another_auditor_handled_and_says_so(client, auditor, pending):
    stale = f"contract:{pending['march'].pk}:{pending['march'].revision}"
    fresh = f"contract:{pending['april'].pk}:{pending['april'].revision}"
    services.record_return(record=pending["march"], by=auditor, reason="另一位审核员退回")
    response = client_for(client, auditor).post("/audit-queue/confirm/", {"pick": [stale, fresh]}, follow=True)
    page = response.content.decode()
    assert "已认定 1 条记录" in page and "已被他人处理（当前状态：已退回）" in page
    assert Contract.objects.get(pk=pending["march"].pk).status == Status.RETURNED


def test_confirming_a_record_someone_else_already_confirmed_gives_a_clear_message(client, auditor, pending):
    record = pending["march"]
    page_revision = record.revision
    services.record_confirm(record=Contract.objects.get(pk=record.pk), by=auditor)
    response = client_for(client, auditor).post(
        f"/filing/contract/{record.pk}/return/", {"reason": "金额不对", "revision": page_revision}, follow=True
    )
    assert "该记录已被他人处理（当前状态：已认定），您的操作未生效" in response.content.decode()
    assert Contract.objects.get(pk=record.pk).status == Status.CONFIRMED
    assert not RecordEvent.objects.filter(object_id=record.pk, action="return").exists()


def test_return_needs_a_reason(client, auditor, pending):
    record = pending["march"]
    response = client_for(client, auditor).post(f"/filing/contract/{record.pk}/return/", {"reason": " "}, follow=True)
    assert "退回时必须填写退回原因" in response.content.decode()
    assert Contract.objects.get(pk=record.pk).status == Status.SUBMITTED


def test_return_and_confirm_are_shown_with_who_when_and_why(client, auditor, filer, pending):
    record = pending["march"]
    client_for(client, auditor).post(
        f"/filing/contract/{record.pk}/return/", {"reason": "缺少签章页", "revision": record.revision}
    )
    page = client_for(client, filer).get(f"/filing/contract/{record.pk}/").content.decode()
    assert "退回" in page and "缺少签章页" in page and "auditor" in page


def test_two_independent_filings_of_one_month_cannot_both_be_confirmed(filer, auditor, project):
    first = submitted("funds", by=filer, project=project, month=dt.date(2023, 3, 1), amount=1)
    services.record_confirm(record=first, by=auditor)
    # A second filing slipped in before the first was confirmed (created directly, bypassing the page check).
    second = FundsInPlace.objects.create(
        unit=filer.unit, project=project, month=dt.date(2023, 3, 1), amount=2, status=Status.SUBMITTED, created_by=filer
    )
    with pytest.raises(services.WorkflowError, match="不能重复认定"):
        services.record_confirm(record=second, by=auditor)
    assert FundsInPlace.objects.get(pk=second.pk).status == Status.SUBMITTED


def test_joint_project_records_are_visible_to_every_credited_unit(client, filer, other_filer, auditor):
    joint = make_project(by=auditor, code="J", credits=[("县文化旅游委", 50), ("县交通局", 50)])
    record = submitted("contract", by=filer, project=joint, signed_on=dt.date(2023, 3, 5), amount=2)
    client_for(client, other_filer)
    assert client.get(f"/filing/contract/{record.pk}/").status_code == 200
    assert client.get(f"/filing/contract/{record.pk}/edit/").status_code == 403


def test_a_long_queue_shows_the_oldest_batch_of_each_kind_and_counts_them_all(client, auditor, pending, monkeypatch):
    from projects.views import queue

    monkeypatch.setattr(queue, "QUEUE_BATCH", 2)
    response = client_for(client, auditor).get("/audit-queue/")
    contracts = next(group for group in response.context["groups"] if group[0] == "contract")
    assert [r.pk for r in contracts[2]] == [pending["march"].pk, pending["april"].pk]  # submitted first
    assert contracts[3] == 3 and response.context["total"] == 4
    assert "按提交先后显示最早的 2 条" in response.content.decode()


def test_queue_submission_times_carry_the_year(client, auditor, pending):
    page = client_for(client, auditor).get("/audit-queue/").content.decode()
    submitted_at = timezone.localtime(pending["march"].submitted_at)
    assert f"{submitted_at:%Y-%m-%d %H:%M}" in page


def test_bulk_confirmation_counts_the_picked_records_and_asks_how_many(client, auditor, pending):
    page = client_for(client, auditor).get("/audit-queue/").content.decode()
    assert 'data-confirm-picked="确定认定所选的 {n} 条记录？' in page
    assert "认定所选记录（<span data-picked-count>0</span> 条）" in page


def test_a_file_shared_by_many_records_is_one_line_naming_the_first_few(client, auditor, filer, project):
    """The same scan attached to eight records: each row says so once, names five of the other seven and counts
    them, instead of a line for each."""
    records = [
        submitted("contract", by=filer, project=project, signed_on=dt.date(2023, 3, day), amount=day)
        for day in range(1, 9)
    ]
    response = client_for(client, auditor).get("/audit-queue/?kind=contract")
    rows = {r.pk: r.warnings for _, _, batch, _ in response.context["groups"] for r in batch}
    first = records[0]
    shared = [w for w in rows[first.pk] if "同一文件" in w]
    assert len(shared) == 1
    others = [r.pk for r in records[1:]]
    assert all(f"合同 #{pk}" in shared[0] for pk in others[:5])
    assert f"合同 #{others[5]}" not in shared[0] and "等 7 条记录" in shared[0]
    assert f"合同 #{first.pk}" not in shared[0]
    assert response.content.decode().count("等 7 条记录") == 8
