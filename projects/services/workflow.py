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


def _stale(obj, what: str) -> StaleRecord:
    current = type(obj).objects.filter(pk=obj.pk).values_list("status", flat=True).first()
    label = Status(current).label if current else "已删除"
    return StaleRecord(f"{what}已被他人处理（当前状态：{label}），您的操作未生效，请刷新后查看。")


def transition(
    obj, *, by, action, from_statuses, to_status, expected_revision=None, reason="", what="该记录", **values
) -> str:
    """Move a record (or a fact proposal, ``what`` naming it in the message) from one of ``from_statuses`` to
    ``to_status`` with one conditional UPDATE, ``values`` set with it, and write its event (``action``, ``reason``):
    of two people acting on the same record at once, exactly one succeeds and the other gets StaleRecord. Returns
    the status it left (the one in hand: the UPDATE matched its revision)."""
    previous = obj.status
    revision = obj.revision if expected_revision is None else expected_revision
    updated = (
        type(obj)
        .objects.filter(pk=obj.pk, status__in=from_statuses, revision=revision)
        .update(status=to_status, revision=F("revision") + 1, **values)
    )
    if not updated:
        raise _stale(obj, what)
    obj.status = to_status
    obj.revision = revision + 1
    for name, value in values.items():
        setattr(obj, name, value)
    add_event(obj, action=action, by=by, from_status=previous, to_status=to_status, reason=reason)
    return previous


# The workflow's steps, shared by records and fact proposals: (event, from, to).
STEPS = {
    "submit": (RecordEvent.Action.SUBMIT, [Status.DRAFT, Status.RETURNED], Status.SUBMITTED),
    "return": (RecordEvent.Action.RETURN, [Status.SUBMITTED], Status.RETURNED),
    "confirm": (RecordEvent.Action.CONFIRM, [Status.SUBMITTED], Status.CONFIRMED),
}


def step(obj, name: str, *, by, expected_revision=None, reason="", what="该记录", **values) -> str:
    """One of the ``STEPS`` for a record (or a proposal): a unit submits; the center returns (with ``reason``, also
    kept as its return reason) or confirms (认定, ``values`` saying when). Returns the status it left."""
    action, from_statuses, to_status = STEPS[name]
    if name == "return":
        values["return_reason"] = reason
    elif name == "confirm":
        values["confirmed_by"] = by
    return transition(
        obj,
        by=by,
        action=action,
        from_statuses=from_statuses,
        to_status=to_status,
        expected_revision=expected_revision,
        reason=reason,
        what=what,
        **values,
    )


def return_reason(reason) -> str:
    """A return's reason as kept; refused when empty (checked before anything else)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "退回时必须填写退回原因"})
    return reason


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
    step(record, "submit", by=by, submitted_at=now, is_late=late)
    audit_log(action=f"{kind}.submit", by=by, obj=record, detail={"late": late})
    return record


def _calendar_for(period: dt.date) -> calendar.FilingCalendar:
    year = AssessmentYear.objects.filter(year=period.year).first()
    return calendar.FilingCalendar.of(year) if year else calendar.FilingCalendar()


@transaction.atomic
def record_return(*, record, by, reason: str, expected_revision=None):
    """The center sends a submitted record back with a reason."""
    reason = return_reason(reason)
    ensure_record_year_open(record)
    kind = kind_of(record)
    step(record, "return", by=by, reason=reason, expected_revision=expected_revision)
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
        raise _stale(record, "该记录")
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
        transition(
            old,
            by=by,
            action=RecordEvent.Action.SUPERSEDE,
            from_statuses=[Status.CONFIRMED],
            to_status=Status.SUPERSEDED,
            reason=f"被更正记录 #{record.pk} 取代",
        )
    step(record, "confirm", by=by, expected_revision=revision, confirmed_at=now)
    audit_log(action=f"{kind}.confirm", by=by, obj=record, detail={"supersedes": old.pk if old else None})
    if kind == "contract" and record.kind == ContractKind.FORMAL:
        advance_stage(record.project, Stage.SIGNED)
    elif kind == "start":
        advance_stage(record.project, Stage.STARTED)
    return record
