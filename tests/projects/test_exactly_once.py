"""Exactly once: the one-submit token of a rendered form is unique per record kind in the database, so any number of
posts of the same form (a double click, a resent POST, another tab, concurrent requests) file one record; and the
auditor's queue flags likely duplicates and evidence files already attached to another record."""

import datetime as dt
import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections
from django.test import Client

from projects import services
from projects.models import Contract, Evidence, RecordEvent, Status
from tests.conftest import client_for
from tests.helpers import PDF_BYTES, pdf_file
from tests.projects.test_record_pages import contract_form


def filed(kind, *, by, project, token=None, evidence=True, submit=True, **fields):
    record = services.record_create(
        record_type=kind, unit=by.unit, by=by, project=project, submit_token=token, **fields
    )
    if evidence:
        services.evidence_attach(record=record, file=evidence if evidence is not True else pdf_file(), by=by)
    if submit:
        services.record_submit(record=record, by=by)
    return record


@pytest.mark.django_db
def test_the_same_token_from_another_session_files_nothing_twice(client, filer, project, in_2023):
    """The guarantee is the database, not the session: a second browser posting the same form files nothing."""
    data = contract_form(form_token="tok-twice", submit="1")
    first = client_for(client, filer).post(f"/projects/{project.pk}/contract/new/", data)
    other = Client()
    other.force_login(filer)
    second = other.post(f"/projects/{project.pk}/contract/new/", data, follow=True)
    record = Contract.objects.get()
    assert first["Location"] == f"/filing/contract/{record.pk}/"
    assert second.redirect_chain[0][0] == first["Location"]
    assert "已经提交过" in second.content.decode()
    assert record.submit_token == "tok-twice"
    assert record.events.filter(action="create").count() == 1


@pytest.mark.django_db
def test_the_service_returns_the_first_record_for_a_repeated_token(filer, project):
    fields = dict(project=project, signed_on=dt.date(2023, 3, 1), amount=2)
    a = services.record_create(record_type="contract", unit=filer.unit, by=filer, submit_token="t1", **fields)
    b = services.record_create(record_type="contract", unit=filer.unit, by=filer, submit_token="t1", **fields)
    c = services.record_create(record_type="contract", unit=filer.unit, by=filer, **fields)
    d = services.record_create(record_type="contract", unit=filer.unit, by=filer, submit_token="", **fields)
    assert a.pk == b.pk and not a.repeated and b.repeated
    assert len({a.pk, c.pk, d.pk}) == 3  # no token (imports, scripts) is no promise
    # the same token on another record kind is another form
    f = services.record_create(
        record_type="funds",
        unit=filer.unit,
        by=filer,
        project=project,
        month=dt.date(2023, 3, 1),
        amount=1,
        submit_token="t1",
    )
    assert not f.repeated


@pytest.mark.django_db
def test_a_repeated_correction_post_opens_one_correction(client, filer, auditor, project, in_2023):
    record = filed("contract", by=filer, project=project, signed_on=dt.date(2023, 3, 1), amount=2)
    services.record_confirm(record=record, by=auditor)
    data = contract_form(signed_on="2023-03-01", amount="3", reason="金额有误", form_token="tok-corr")
    client_for(client, filer)
    first = client.post(f"/filing/contract/{record.pk}/correct/", data)
    second = client.post(f"/filing/contract/{record.pk}/correct/", data, follow=True)
    copy = Contract.objects.get(supersedes=record)
    assert first["Location"] == second.redirect_chain[0][0] == f"/filing/contract/{copy.pk}/"
    assert RecordEvent.objects.filter(object_id=record.pk, action="correct").count() == 1


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_eight_concurrent_identical_posts_file_one_contract(filer, project):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent inserts in real threads need PostgreSQL")
    barrier = threading.Barrier(8)
    statuses = []
    data = contract_form(form_token="tok-race", submit="1", signed_on="2023-06-10")

    def post():
        try:
            browser = Client()
            browser.force_login(filer)
            payload = dict(data, **{"ev-file": pdf_file()})
            barrier.wait()
            statuses.append(browser.post(f"/projects/{project.pk}/contract/new/", payload).status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert statuses == [302] * 8
    record = Contract.objects.get()
    assert record.status == Status.SUBMITTED
    assert record.evidence.count() == 1
    assert RecordEvent.objects.filter(object_id=record.pk, action="submit").count() == 1


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_eight_threads_creating_with_one_token_get_one_record(filer, project):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent inserts in real threads need PostgreSQL")
    barrier = threading.Barrier(8)
    results = []

    def create():
        try:
            barrier.wait()
            record = services.record_create(
                record_type="contract",
                unit=filer.unit,
                by=filer,
                project=project,
                signed_on=dt.date(2023, 3, 1),
                amount=2,
                submit_token="tok-svc",
            )
            results.append((record.pk, record.repeated))
        except Exception as exc:  # noqa: BLE001 — the outcome is what the test checks
            results.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=create) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert Contract.objects.count() == 1
    pk = Contract.objects.get().pk
    assert sorted(results, key=lambda r: r[1]) == [(pk, False)] + [(pk, True)] * 7


def queue_rows(client, auditor):
    response = client_for(client, auditor).get("/audit-queue/")
    assert response.status_code == 200
    return {(kind, r.pk): r.warnings for kind, _, records, _ in response.context["groups"] for r in records}, response


@pytest.mark.django_db
def test_the_queue_flags_a_likely_duplicate_contract(client, filer, auditor, project):
    a = filed(
        "contract", by=filer, project=project, signed_on=dt.date(2023, 3, 1), amount=2, evidence=pdf_file("a.pdf")
    )
    b = filed(
        "contract", by=filer, project=project, signed_on=dt.date(2023, 3, 1), amount=2, evidence=False, submit=False
    )
    services.evidence_attach(record=b, file=_other_pdf(), by=filer)
    services.record_submit(record=b, by=filer)
    c = filed(
        "contract", by=filer, project=project, signed_on=dt.date(2023, 3, 2), amount=2, evidence=False, submit=False
    )
    services.evidence_attach(record=c, file=_other_pdf(b"3"), by=filer)
    services.record_submit(record=c, by=filer)
    warnings, response = queue_rows(client, auditor)
    assert any(f"合同 #{b.pk}" in w and "疑似重复" in w for w in warnings[("contract", a.pk)])
    assert any(f"合同 #{a.pk}" in w and "疑似重复" in w for w in warnings[("contract", b.pk)])
    assert warnings[("contract", c.pk)] == []  # another date is another contract
    assert "疑似重复" in response.content.decode()


@pytest.mark.django_db
def test_the_queue_flags_one_evidence_file_on_several_records(client, filer, auditor, project):
    contract = filed("contract", by=filer, project=project, signed_on=dt.date(2023, 3, 1), amount=2)
    start = filed("start", by=filer, project=project, started_on=dt.date(2023, 3, 5), basis="construction_permit")
    funds = filed("funds", by=filer, project=project, month=dt.date(2023, 3, 1), amount=1)
    warnings, response = queue_rows(client, auditor)
    # one line for the file, naming every other record that holds it (and not the record itself)
    shared = [w for w in warnings[("contract", contract.pk)] if "同一文件" in w]
    assert len(shared) == 1
    assert f"开工 #{start.pk}" in shared[0] and f"到位资金 #{funds.pk}" in shared[0]
    assert f"合同 #{contract.pk}" not in shared[0]
    assert any(f"合同 #{contract.pk}" in w for w in warnings[("funds", funds.pk)])
    assert "同一文件" in response.content.decode()


@pytest.mark.django_db
def test_a_correction_is_not_its_own_duplicate(client, filer, auditor, project):
    record = filed("contract", by=filer, project=project, signed_on=dt.date(2023, 3, 1), amount=2)
    services.record_confirm(record=record, by=auditor)
    copy = services.record_correct(record=record, by=filer, reason="补充说明", note="补充")
    services.record_submit(record=copy, by=filer)
    assert Evidence.objects.filter(sha256=record.evidence.get().sha256).count() == 2  # carried over, shared
    warnings, _ = queue_rows(client, auditor)
    assert warnings[("contract", copy.pk)] == []


def _other_pdf(extra=b"2"):
    return SimpleUploadedFile(
        "other.pdf", PDF_BYTES.replace(b"%%EOF", b"% " + extra + b"\n%%EOF"), content_type="application/pdf"
    )
