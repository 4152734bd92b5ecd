"""Filing a record: the rules beyond the field types, a new draft, a change, a correction of a confirmed record."""

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from audit.services import audit_log
from core.formatting import plain
from projects.models import ContractKind, Evidence, FundsSource, RecordEvent, Status
from projects.services.common import (
    RECORD_MODELS,
    StaleRecord,
    WorkflowError,
    add_event,
    ensure_record_year_open,
    kind_of,
    shown,
)


def same_period_records(kind: str, record):
    """Other live records of the same project-month (funds), project (start) or unit-month (report): the system keeps
    one at a time, and a change to a confirmed one is a correction."""
    model = type(record)
    if kind == "funds":
        same = model.objects.filter(project_id=record.project_id, month=record.month)
    elif kind == "start":
        same = model.objects.filter(project_id=record.project_id)
    elif kind == "report":
        same = model.objects.filter(unit_id=record.unit_id, month=record.month)
    else:
        return model.objects.none()
    same = same.exclude(status=Status.SUPERSEDED)
    if record.pk:
        same = same.exclude(pk=record.pk)
    if record.supersedes_id:
        same = same.exclude(pk=record.supersedes_id)
    return same


def validate_record(kind: str, record, *, today: dt.date | None = None, check_period: bool = True) -> None:
    """Rules beyond the field types, with a Chinese message on the field."""
    today = today or timezone.localdate()
    errors = {}
    project = getattr(record, "project", None) if kind in ("contract", "start", "funds") else None
    if kind == "contract":
        if record.signed_on and record.signed_on > today:
            errors["signed_on"] = "签约日期不能晚于今天"
        if record.amount is not None:
            if record.kind == ContractKind.FORMAL and record.amount <= 0:
                errors["amount"] = "正式合同的合同金额必须大于0"
            # above the total investment: a 提示 for a formal contract, nothing for an agreement (projects.notices)
    elif kind == "start":
        if record.started_on and record.started_on > today:
            errors["started_on"] = "开工日期不能晚于今天"
    elif kind == "funds":
        if record.month:
            if record.month.day != 1:
                record.month = record.month.replace(day=1)
            if record.month > today.replace(day=1):
                errors["month"] = "不能填报未来月份的到位资金"
        too_big = record.amount is not None and project.total_investment and record.amount > project.total_investment
        if too_big and record.source != FundsSource.STATISTICS:  # the statistics' figure: a 提示 (projects.notices)
            errors["amount"] = (
                f"单月到位资金 {plain(record.amount)} 亿元超过项目总投资 "
                f"{plain(project.total_investment)} 亿元，请核实金额单位（亿元）"
            )
    elif kind == "activity":
        if record.occurred_on and record.occurred_on > today:
            errors["occurred_on"] = "活动日期不能晚于今天"
    elif kind == "report":
        if record.month:
            record.month = record.month.replace(day=1)
            if record.month > today.replace(day=1):
                errors["month"] = "不能填报未来月份的工作情况"
    if not errors and check_period and kind in ("funds", "start", "report"):
        other = same_period_records(kind, record).first()
        if other is not None:
            errors.update(same_period_error(kind, other))
    if errors:
        raise ValidationError(errors)


def same_period_error(kind: str, other, where: str = "") -> dict:
    """The refusal of a second live record of a period: ``other`` the record there already, or ``where`` it is."""
    field = {"funds": "month", "start": "started_on", "report": "month"}[kind]
    what = {"funds": "该项目该月已有到位资金记录", "start": "该项目已有开工记录", "report": "本单位该月已有工作情况"}[
        kind
    ]
    if other is None:
        return {field: f"{what}（{where}）"}
    hint = "如需修改已认定的数据，请在原记录上“发起更正”" if other.status == Status.CONFIRMED else "请在原记录上修改"
    return {field: f"{what}（#{other.pk}，{other.get_status_display()}），{hint}"}


def filed_with_token(model, token):
    """The record an earlier post of the same rendered form already created, marked ``repeated``; None when none."""
    if not token:
        return None
    record = model.objects.filter(submit_token=token).first()
    if record is not None:
        record.repeated = True
    return record


def _clean_new(record) -> None:
    """``full_clean`` of a new record, less the existence check of its unit, filer and project: the caller hands
    rows it has just read (a query each, on every filing at the month-end peak); their constraints are checked."""
    exclude = {"supersedes", "submit_token"}
    errors = {}

    def collect(check, *args):  # every stage runs and its errors add up, as in full_clean
        nonlocal errors
        try:
            check(*args)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)

    collect(record.clean_fields, exclude | {"unit", "created_by", "project"})
    collect(record.clean)
    collect(record.validate_unique, exclude | set(errors))  # a field that failed is not checked again
    collect(record.validate_constraints, exclude | set(errors))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def record_create(*, record_type: str, unit, by, leaders=None, supersedes=None, submit_token=None, **fields):
    """A new draft record of ``record_type`` (contract, start, funds, activity, report) filed for ``unit``.

    ``submit_token`` is the one-submit token of the form: a second post of it (even a concurrent one) creates nothing
    and returns the first post's record with ``repeated`` set. The unique index on the token is the guarantee: the
    insert of a concurrent twin waits for the first transaction and then fails, and the twin reads the first's row."""
    kind = record_type
    model = RECORD_MODELS[kind]
    submit_token = submit_token or None
    if (earlier := filed_with_token(model, submit_token)) is not None:
        return earlier
    record = model(
        unit=unit, created_by=by, status=Status.DRAFT, supersedes=supersedes, submit_token=submit_token, **fields
    )
    _clean_new(record)
    ensure_record_year_open(record)
    validate_record(kind, record)
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError:
        if (earlier := filed_with_token(model, submit_token)) is not None:
            return earlier
        raise
    record.repeated = False
    if leaders is not None:
        record.leaders.set(leaders)
    add_event(record, action=RecordEvent.Action.CREATE, by=by, to_status=Status.DRAFT)
    audit_log(action=f"{kind}.create", by=by, obj=record)
    return record


@transaction.atomic
def record_update(*, record, by, leaders=None, **fields):
    """Change a draft or returned record."""
    if not record.is_editable:
        raise WorkflowError(f"记录状态为“{record.get_status_display()}”，不能修改")
    kind = kind_of(record)
    ensure_record_year_open(record)
    changes = {}
    for name, value in fields.items():
        old = getattr(record, name)
        if old != value:
            before = shown(record, name)
            setattr(record, name, value)
            changes[name] = [before, shown(record, name)]
    record.full_clean(exclude=["supersedes", "submit_token"])
    ensure_record_year_open(record)
    validate_record(kind, record)
    if changes:
        updated = (
            type(record)
            .objects.filter(pk=record.pk, revision=record.revision, status=record.status)
            .update(**{name: getattr(record, name) for name in changes}, revision=F("revision") + 1)
        )
        if not updated:
            raise StaleRecord("该记录已被他人修改，请刷新后重试")
        record.revision += 1
    if leaders is not None:
        before = sorted(record.leaders.values_list("pk", flat=True))
        after = sorted(leader.pk for leader in leaders)
        if before != after:
            record.leaders.set(leaders)
            changes["leaders"] = [before, after]
    if changes:
        add_event(record, action=RecordEvent.Action.EDIT, by=by, changes=changes)
        audit_log(action=f"{kind}.edit", by=by, obj=record, detail={"changes": changes})
    return record


CORRECTION_SKIP = {
    "id",
    "status",
    "supersedes",
    "revision",
    "created_by",
    "created_at",
    "submitted_at",
    "confirmed_at",
    "confirmed_by",
    "return_reason",
    "is_late",
    "submit_token",
}


@transaction.atomic
def record_correct(*, record, by, reason: str = "", **changes):
    """Open a correction of a confirmed record: a new draft version that will supersede it once confirmed. The
    evidence of the confirmed version is carried over (the files are shared, never copied or changed)."""
    model = type(record)
    if (earlier := filed_with_token(model, changes.get("submit_token"))) is not None:
        return earlier
    if record.status != Status.CONFIRMED:
        raise WorkflowError("只有已认定的记录才需要更正；未认定的记录可直接修改")
    ensure_record_year_open(record)
    if model.objects.filter(supersedes=record, status__in=[Status.DRAFT, Status.SUBMITTED, Status.RETURNED]).exists():
        raise WorkflowError("该记录已有一份正在办理的更正")
    kind = kind_of(record)
    leaders = changes.pop("leaders", None)
    fields = {f.name: getattr(record, f.name) for f in model._meta.concrete_fields if f.name not in CORRECTION_SKIP}
    fields.update(changes)
    unit = fields.pop("unit")
    if kind == "activity" and leaders is None:
        leaders = list(record.leaders.all())
    reason = (reason or "").strip()
    copy = record_create(record_type=kind, unit=unit, by=by, supersedes=record, leaders=leaders, **fields)
    if copy.repeated:
        return copy
    copy_type = ContentType.objects.get_for_model(copy)
    for evidence in record.evidence.active():
        Evidence.objects.create(
            content_type=copy_type,
            object_id=copy.pk,
            file=evidence.file.name,
            original_name=evidence.original_name,
            mime_type=evidence.mime_type,
            size=evidence.size,
            sha256=evidence.sha256,
            description=evidence.description,
            previewable=evidence.previewable,
            uploaded_by=evidence.uploaded_by,
        )
    why = f"：{reason}" if reason else ""
    add_event(record, action=RecordEvent.Action.CORRECT, by=by, reason=f"发起更正，新版本 #{copy.pk}{why}")
    add_event(copy, action=RecordEvent.Action.CORRECT, by=by, reason=f"更正已认定的记录 #{record.pk}{why}")
    audit_log(action=f"{kind}.correct", by=by, obj=copy, detail={"supersedes": record.pk, "reason": reason})
    return copy
