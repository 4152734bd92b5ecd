"""Two auditors acting on the same record at the same moment, in real threads on PostgreSQL: one wins, the other is
told, nothing is lost or doubled."""

import datetime as dt
import threading
import time

import pytest
from django.db import connection, connections, transaction
from django.test import Client

from accounts.models import Role
from audit.models import AuditEvent
from projects import services
from projects.models import Contract, RecordEvent, Status
from tests.conftest import make_user
from tests.helpers import make_project, pdf_file

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres_only]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("row locks between real threads need PostgreSQL")


@pytest.fixture
def submitted_contract(filer):
    project = make_project(by=filer, code="RACE", credits=[("县文化旅游委", 100)])
    record = services.record_create(
        record_type="contract", unit=filer.unit, by=filer, project=project, signed_on=dt.date(2023, 3, 1), amount=2
    )
    services.evidence_attach(record=record, file=pdf_file(), by=filer)
    services.record_submit(record=record, by=filer)
    return record


def race(*actions):
    """Run each action in its own thread, released together; each holds its transaction a moment after acting so
    the others really meet its row lock. Returns each action's outcome: "ok" or the exception."""
    barrier = threading.Barrier(len(actions))
    outcomes = [None] * len(actions)

    def run(i, action):
        try:
            barrier.wait()
            with transaction.atomic():
                action()
                time.sleep(0.3)
            outcomes[i] = "ok"
        except Exception as exc:  # noqa: BLE001 — the outcome is what the test checks
            outcomes[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return outcomes


def test_two_auditors_confirming_at_once_confirm_once(submitted_contract, auditor):
    second = make_user("auditor2", Role.AUDITOR)
    a, b = Contract.objects.get(pk=submitted_contract.pk), Contract.objects.get(pk=submitted_contract.pk)
    outcomes = race(
        lambda: services.record_confirm(record=a, by=auditor),
        lambda: services.record_confirm(record=b, by=second),
    )
    assert sorted(o == "ok" for o in outcomes) == [False, True]
    loser = next(o for o in outcomes if o != "ok")
    assert isinstance(loser, services.StaleRecord) and "已被他人处理（当前状态：已认定）" in str(loser)
    record = Contract.objects.get(pk=submitted_contract.pk)
    assert record.status == Status.CONFIRMED
    assert RecordEvent.objects.filter(object_id=record.pk, action="confirm").count() == 1
    assert AuditEvent.objects.filter(action="contract.confirm", object_id=str(record.pk)).count() == 1


def test_confirm_and_return_at_once_one_wins_and_the_other_is_told(submitted_contract, auditor):
    second = make_user("auditor2", Role.AUDITOR)
    a, b = Contract.objects.get(pk=submitted_contract.pk), Contract.objects.get(pk=submitted_contract.pk)
    outcomes = race(
        lambda: services.record_confirm(record=a, by=auditor),
        lambda: services.record_return(record=b, by=second, reason="凭证不清"),
    )
    assert sorted(o == "ok" for o in outcomes) == [False, True]
    record = Contract.objects.get(pk=submitted_contract.pk)
    winner_confirmed = outcomes[0] == "ok"
    assert record.status == (Status.CONFIRMED if winner_confirmed else Status.RETURNED)
    assert RecordEvent.objects.filter(object_id=record.pk, action__in=["confirm", "return"]).count() == 1


def test_two_auditors_pressing_confirm_on_the_page_at_once(submitted_contract, auditor):
    second = make_user("auditor2", Role.AUDITOR)
    revision = submitted_contract.revision
    responses = {}

    def press(user):
        client = Client()
        client.force_login(user)
        responses[user.username] = client.post(
            f"/filing/contract/{submitted_contract.pk}/confirm/", {"revision": revision}, follow=True
        )
        connections.close_all()

    threads = [threading.Thread(target=press, args=(u,)) for u in (auditor, second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    pages = [r.content.decode() for r in responses.values()]
    assert all(r.status_code == 200 for r in responses.values())
    assert sum("已认定：" in p for p in pages) == 1
    assert sum("已被他人处理" in p for p in pages) == 1
    assert Contract.objects.get(pk=submitted_contract.pk).status == Status.CONFIRMED
