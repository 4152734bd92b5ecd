import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from projects import services
from projects.models import Contract, FundsInPlace, RecordEvent, Stage, Status
from tests.helpers import confirmed_contract, confirmed_funds, make_project, pdf_file


def test_contract_goes_draft_submitted_returned_submitted_confirmed(filer, auditor):
    project = make_project(by=filer, code="P1", credits=[("县文化旅游委", 100)])
    contract = services.record_create(
        record_type="contract",
        unit=filer.unit,
        by=filer,
        project=project,
        signed_on=dt.date(2023, 3, 1),
        amount=Decimal("2.5"),
    )
    with pytest.raises(ValidationError):
        services.record_submit(record=contract, by=filer)  # no evidence yet
    services.evidence_attach(record=contract, file=pdf_file(), by=filer)
    services.record_submit(record=contract, by=filer)
    services.record_return(record=contract, by=auditor, reason="合同缺少签章页")
    assert contract.status == Status.RETURNED
    services.record_update(record=contract, by=filer, amount=Decimal("2.4"))
    services.record_submit(record=contract, by=filer)
    services.record_confirm(record=contract, by=auditor)
    contract.refresh_from_db()
    project.refresh_from_db()
    assert contract.status == Status.CONFIRMED
    assert project.stage == Stage.SIGNED
    actions = list(contract.events.values_list("action", flat=True))
    assert actions == ["create", "attach", "submit", "return", "edit", "submit", "confirm"]


def test_second_auditor_acting_on_a_stale_record_is_told(filer, auditor):
    project = make_project(by=filer, code="P2", credits=[("县文化旅游委", 100)])
    contract = services.record_create(
        record_type="contract", unit=filer.unit, by=filer, project=project, signed_on=dt.date(2023, 3, 1), amount=1
    )
    services.evidence_attach(record=contract, file=pdf_file(), by=filer)
    services.record_submit(record=contract, by=filer)
    seen_by_second = Contract.objects.get(pk=contract.pk)
    services.record_confirm(record=contract, by=auditor)
    with pytest.raises(services.StaleRecord):
        services.record_return(record=seen_by_second, by=auditor, reason="重复")
    assert Contract.objects.get(pk=contract.pk).status == Status.CONFIRMED


def test_a_confirmed_correction_supersedes_the_original(filer, auditor):
    project = make_project(by=filer, code="P3", credits=[("县文化旅游委", 100)])
    original = confirmed_funds(project, filer=filer, auditor=auditor, month="2023-02", amount="1.2")
    correction = services.record_correct(record=original, by=filer, amount=Decimal("1.0"))
    services.evidence_attach(record=correction, file=pdf_file(), by=filer)
    services.record_submit(record=correction, by=filer)
    services.record_confirm(record=correction, by=auditor)
    original.refresh_from_db()
    assert original.status == Status.SUPERSEDED
    assert original.amount == Decimal("1.2")  # the confirmed figure itself never changes
    confirmed = FundsInPlace.objects.confirmed().get(project=project, month=dt.date(2023, 2, 1))
    assert confirmed.amount == Decimal("1.0")
    assert RecordEvent.objects.filter(object_id=original.pk, action="supersede").exists()


def test_shares_must_sum_to_100(filer):
    with pytest.raises(ValidationError) as excinfo:
        make_project(by=filer, code="P4", credits=[("县文化旅游委", 60), ("旅发集团", 30)])
    assert "100%" in str(excinfo.value)


def test_contract_in_the_future_is_refused(filer):
    project = make_project(by=filer, code="P5", credits=[("县文化旅游委", 100)])
    with pytest.raises(ValidationError) as excinfo:
        confirmed_contract(
            project, filer=filer, auditor=None, amount=1, signed_on=dt.date.today() + dt.timedelta(days=3)
        )
    assert "signed_on" in excinfo.value.message_dict
