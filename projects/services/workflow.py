"""The audit workflow: a unit submits, the center returns or confirms (认定); each step one conditional UPDATE."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from audit.services import audit_log
from projects import calendar
from projects.models import ContractKind, RecordEvent, Stage, Status
from projects.services.common import (
    StaleRecord,
    WorkflowError,
    add_event,
    ensure_record_year_open,
    kind_of,
    needs_evidence,
)
from projects.services.projects import advance_stage
from projects.services.records import same_period_records
from targets.models import AssessmentYear


def _transition(record, *, from_statuses, to_status, expected_revision=None, **values) -> None:
    """Move a record from one of ``from_statuses`` to ``to_status`` with one conditional UPDATE: of two people
    acting on the same record at once, exactly one succeeds and the other gets StaleRecord."""
    revision = record.revision if expected_revision is None else expected_revision
    updated = (
        type(record)
        .objects.filter(pk=record.pk, status__in=from_statuses, revision=revision)
        .update(status=to_status, revision=F("revision") + 1, **values)
    )
    if not updated:
        current = type(record).objects.filter(pk=record.pk).values_list("status", flat=True).first()
        label = Status(current).label if current else "已删除"
        raise StaleRecord(f"该记录已被他人处理（当前状态：{label}），您的操作未生效，请刷新后查看。")
    record.status = to_status
    record.revision = revision + 1
    for name, value in values.items():
        setattr(record, name, value)


@transaction.atomic
def record_submit(*, record, by, now=None):
    """Send a draft or returned record to the center. Contracts, starts and funds need evidence first."""
    kind = kind_of(record)
    if record.status not in (Status.DRAFT, Status.RETURNED):
        raise WorkflowError(f"记录状态为“{record.get_status_display()}”，不能提交")
    ensure_record_year_open(record)
    if needs_evidence(record) and not record.evidence.active().exists():
        raise ValidationError({"evidence": "请先上传佐证材料再提交"})
    now = now or timezone.now()
    cal = _calendar_for(record.period)
    late = calendar.is_late(cal, kind, record.period, timezone.localtime(now).date())
    previous = record.status
    _transition(
        record,
        from_statuses=[Status.DRAFT, Status.RETURNED],
        to_status=Status.SUBMITTED,
        submitted_at=now,
        is_late=late,
    )
    add_event(record, action=RecordEvent.Action.SUBMIT, by=by, from_status=previous, to_status=Status.SUBMITTED)
    audit_log(action=f"{kind}.submit", by=by, obj=record, detail={"late": late})
    return record


def _calendar_for(period: dt.date) -> calendar.FilingCalendar:
    year = AssessmentYear.objects.filter(year=period.year).first()
    return calendar.FilingCalendar.of(year) if year else calendar.FilingCalendar()


@transaction.atomic
def record_return(*, record, by, reason: str, expected_revision=None):
    """The center sends a submitted record back with a reason."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "退回时必须填写退回原因"})
    ensure_record_year_open(record)
    kind = kind_of(record)
    _transition(
        record,
        from_statuses=[Status.SUBMITTED],
        to_status=Status.RETURNED,
        expected_revision=expected_revision,
        return_reason=reason,
    )
    add_event(
        record,
        action=RecordEvent.Action.RETURN,
        by=by,
        from_status=Status.SUBMITTED,
        to_status=Status.RETURNED,
        reason=reason,
    )
    audit_log(action=f"{kind}.return", by=by, obj=record, detail={"reason": reason})
    return record


def _claim(record, *, from_statuses, expected_revision=None) -> int:
    """Take a record for one transition before touching anything else (a superseded version, say): of two auditors
    acting at once the second stops here, with a message about this record. Returns the new revision."""
    revision = record.revision if expected_revision is None else expected_revision
    updated = (
        type(record)
        .objects.filter(pk=record.pk, status__in=from_statuses, revision=revision)
        .update(revision=F("revision") + 1)
    )
    if not updated:
        current = type(record).objects.filter(pk=record.pk).values_list("status", flat=True).first()
        label = Status(current).label if current else "已删除"
        raise StaleRecord(f"该记录已被他人处理（当前状态：{label}），您的操作未生效，请刷新后查看。")
    record.revision = revision + 1
    return record.revision


def _confirmed_rival(kind: str, record):
    """Another confirmed record this one would double (same project-month, project start, unit-month report)."""
    return same_period_records(kind, record).filter(status=Status.CONFIRMED).first()


@transaction.atomic
def record_confirm(*, record, by, expected_revision=None, now=None):
    """The center confirms (认定) a submitted record. A confirmed correction supersedes the record it corrects."""
    kind = kind_of(record)
    ensure_record_year_open(record)
    now = now or timezone.now()
    revision = _claim(record, from_statuses=[Status.SUBMITTED], expected_revision=expected_revision)
    rival = _confirmed_rival(kind, record)
    if rival is not None:
        raise WorkflowError(
            f"已有认定的同期记录 #{rival.pk}（{rival}），不能重复认定；请退回本记录，或由填报单位对原记录发起更正"
        )
    old = record.supersedes
    if old is not None:
        # The old version steps aside first: the database allows one confirmed record per project-month/start.
        _transition(old, from_statuses=[Status.CONFIRMED], to_status=Status.SUPERSEDED)
        add_event(
            old,
            action=RecordEvent.Action.SUPERSEDE,
            by=by,
            from_status=Status.CONFIRMED,
            to_status=Status.SUPERSEDED,
            reason=f"被更正记录 #{record.pk} 取代",
        )
    _transition(
        record,
        from_statuses=[Status.SUBMITTED],
        to_status=Status.CONFIRMED,
        expected_revision=revision,
        confirmed_at=now,
        confirmed_by=by,
    )
    add_event(
        record, action=RecordEvent.Action.CONFIRM, by=by, from_status=Status.SUBMITTED, to_status=Status.CONFIRMED
    )
    audit_log(action=f"{kind}.confirm", by=by, obj=record, detail={"supersedes": old.pk if old else None})
    if kind == "contract" and record.kind == ContractKind.FORMAL:
        advance_stage(record.project, Stage.SIGNED)
    elif kind == "start":
        advance_stage(record.project, Stage.STARTED)
    return record
