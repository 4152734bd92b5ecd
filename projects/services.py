"""Every write to projects and records: one audited, transactional function each.

Views, management commands, imports and tests call these; nothing else writes these tables.
Business rules raise ``django.core.exceptions.ValidationError`` with Chinese messages keyed by field; workflow
conflicts raise ``WorkflowError`` (or ``StaleRecord`` when someone else acted first).
"""

import datetime as dt
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from audit.services import audit_log
from projects import calendar
from projects.models import (
    Activity,
    Contract,
    ContractKind,
    FundsInPlace,
    MonthlyReport,
    Project,
    ProjectCredit,
    ProjectStart,
    RecordEvent,
    Stage,
    Status,
)

RECORD_MODELS = {
    "contract": Contract,
    "start": ProjectStart,
    "funds": FundsInPlace,
    "activity": Activity,
    "report": MonthlyReport,
}
KIND_OF_MODEL = {model: kind for kind, model in RECORD_MODELS.items()}
KINDS_NEEDING_EVIDENCE = {"contract", "start", "funds"}
STAGE_ORDER = [Stage.RESERVE, Stage.NEGOTIATING, Stage.SIGNED, Stage.STARTED, Stage.PRODUCING]
HUNDRED = Decimal("100")


class WorkflowError(Exception):
    """A transition that the record's state does not allow; the message is shown to the user."""


class StaleRecord(WorkflowError):
    """Someone else changed the record first."""


def kind_of(record) -> str:
    return KIND_OF_MODEL[type(record)]


def _event(record, *, action, by, from_status="", to_status="", reason="", changes=None):
    RecordEvent.objects.create(
        content_type=ContentType.objects.get_for_model(record),
        object_id=record.pk,
        action=action,
        from_status=from_status,
        to_status=to_status,
        by=by,
        reason=reason,
        changes=changes or {},
    )


def _json(value):
    if isinstance(value, (dt.date, Decimal)):
        return str(value)
    if hasattr(value, "pk"):
        return value.pk
    return value


# --- projects -------------------------------------------------------------------------------------------------


def check_credits(credits: list[tuple]) -> None:
    """Shares of a project's credited units: each above 0, no unit twice, summing to exactly 100 %."""
    if not credits:
        raise ValidationError({"credits": "至少要有一个招商单位"})
    units = [unit for unit, _ in credits]
    if len(set(units)) != len(units):
        raise ValidationError({"credits": "同一单位不能重复列出"})
    if any(share <= 0 for _, share in credits):
        raise ValidationError({"credits": "每个单位的分成比例必须大于0"})
    total = sum((Decimal(share) for _, share in credits), Decimal("0"))
    if total != HUNDRED:
        raise ValidationError({"credits": f"联合招商各单位分成比例之和必须为100%，现为{total.normalize():f}%"})


@transaction.atomic
def project_create(*, by, credits: list[tuple], **fields) -> Project:
    """Register a project in the library with its credited units [(unit, share %), …]."""
    labels = fields.pop("labels", None)
    check_credits(credits)
    project = Project(created_by=by, **fields)
    project.full_clean()
    project.save()
    if labels is not None:
        project.labels.set(labels)
    ProjectCredit.objects.bulk_create(ProjectCredit(project=project, unit=u, share=Decimal(s)) for u, s in credits)
    audit_log(
        action="project.create",
        by=by,
        obj=project,
        detail={"credits": {str(u): str(s) for u, s in credits}},
    )
    return project


@transaction.atomic
def project_update(*, project: Project, by, **fields) -> Project:
    labels = fields.pop("labels", None)
    changes = {}
    for name, value in fields.items():
        old = getattr(project, name)
        if old != value:
            changes[name] = [_json(old), _json(value)]
            setattr(project, name, value)
    project.full_clean()
    if changes:
        project.save(update_fields=[*changes, "updated_at"])
    if labels is not None:
        project.labels.set(labels)
    if changes:
        audit_log(action="project.update", by=by, obj=project, detail={"changes": changes})
    return project


@transaction.atomic
def project_set_credits(*, project: Project, by, credits: list[tuple]) -> Project:
    """Replace a project's credited units and shares (联合招商, with the written agreement as evidence)."""
    check_credits(credits)
    before = {str(c.unit): str(c.share) for c in project.credits.select_related("unit")}
    project.credits.all().delete()
    ProjectCredit.objects.bulk_create(ProjectCredit(project=project, unit=u, share=Decimal(s)) for u, s in credits)
    audit_log(
        action="project.credits",
        by=by,
        obj=project,
        detail={"before": before, "after": {str(u): str(s) for u, s in credits}},
    )
    return project


def _advance_stage(project: Project, stage: str) -> None:
    if STAGE_ORDER.index(stage) > STAGE_ORDER.index(project.stage):
        Project.objects.filter(pk=project.pk).update(stage=stage, updated_at=timezone.now())
        project.stage = stage


# --- records --------------------------------------------------------------------------------------------------


def validate_record(kind: str, record, *, today: dt.date | None = None) -> None:
    """Rules beyond the field types, with a Chinese message on the field."""
    today = today or timezone.localdate()
    errors = {}
    if kind == "contract":
        if record.signed_on and record.signed_on > today:
            errors["signed_on"] = "签约日期不能晚于今天"
    elif kind == "start":
        if record.started_on and record.started_on > today:
            errors["started_on"] = "开工日期不能晚于今天"
    elif kind == "funds":
        if record.month:
            if record.month.day != 1:
                record.month = record.month.replace(day=1)
            if record.month > today.replace(day=1):
                errors["month"] = "不能填报未来月份的到位资金"
        project = record.project
        if record.amount is not None and project.total_investment and record.amount > project.total_investment:
            errors["amount"] = (
                f"单月到位资金 {record.amount.normalize():f} 亿元超过项目总投资 "
                f"{project.total_investment.normalize():f} 亿元，请核实"
            )
    elif kind == "activity":
        if record.occurred_on and record.occurred_on > today:
            errors["occurred_on"] = "活动日期不能晚于今天"
    elif kind == "report":
        if record.month:
            record.month = record.month.replace(day=1)
            if record.month > today.replace(day=1):
                errors["month"] = "不能填报未来月份的工作情况"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def record_create(*, record_type: str, unit, by, leaders=None, supersedes=None, **fields):
    """A new draft record of ``record_type`` (contract, start, funds, activity, report) filed for ``unit``."""
    kind = record_type
    model = RECORD_MODELS[kind]
    record = model(unit=unit, created_by=by, status=Status.DRAFT, supersedes=supersedes, **fields)
    record.full_clean(exclude=["supersedes"])
    validate_record(kind, record)
    record.save()
    if leaders is not None:
        record.leaders.set(leaders)
    _event(record, action=RecordEvent.Action.CREATE, by=by, to_status=Status.DRAFT)
    audit_log(action=f"{kind}.create", by=by, obj=record)
    return record


@transaction.atomic
def record_update(*, record, by, leaders=None, **fields):
    """Change a draft or returned record."""
    if not record.is_editable:
        raise WorkflowError(f"记录状态为“{record.get_status_display()}”，不能修改")
    kind = kind_of(record)
    changes = {}
    for name, value in fields.items():
        old = getattr(record, name)
        if old != value:
            changes[name] = [_json(old), _json(value)]
            setattr(record, name, value)
    record.full_clean(exclude=["supersedes"])
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
        record.leaders.set(leaders)
    if changes:
        _event(record, action=RecordEvent.Action.EDIT, by=by, changes=changes)
        audit_log(action=f"{kind}.edit", by=by, obj=record, detail={"changes": changes})
    return record


def _period(kind, record) -> dt.date:
    return {
        "contract": lambda r: r.signed_on,
        "start": lambda r: r.started_on,
        "funds": lambda r: r.month,
        "activity": lambda r: r.occurred_on,
        "report": lambda r: r.month,
    }[kind](record)


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
    if kind in KINDS_NEEDING_EVIDENCE and not record.evidence.exists():
        raise ValidationError({"evidence": "请先上传佐证材料再提交"})
    now = now or timezone.now()
    cal = _calendar_for(_period(kind, record))
    late = calendar.is_late(cal, kind, _period(kind, record), timezone.localtime(now).date())
    previous = record.status
    _transition(
        record,
        from_statuses=[Status.DRAFT, Status.RETURNED],
        to_status=Status.SUBMITTED,
        submitted_at=now,
        is_late=late,
    )
    _event(record, action=RecordEvent.Action.SUBMIT, by=by, from_status=previous, to_status=Status.SUBMITTED)
    audit_log(action=f"{kind}.submit", by=by, obj=record, detail={"late": late})
    return record


def _calendar_for(period: dt.date) -> calendar.FilingCalendar:
    from targets.models import AssessmentYear

    year = AssessmentYear.objects.filter(year=period.year).first()
    return calendar.FilingCalendar.of(year) if year else calendar.FilingCalendar()


@transaction.atomic
def record_return(*, record, by, reason: str, expected_revision=None):
    """The center sends a submitted record back with a reason."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "退回时必须填写退回原因"})
    kind = kind_of(record)
    _transition(
        record,
        from_statuses=[Status.SUBMITTED],
        to_status=Status.RETURNED,
        expected_revision=expected_revision,
        return_reason=reason,
    )
    _event(
        record,
        action=RecordEvent.Action.RETURN,
        by=by,
        from_status=Status.SUBMITTED,
        to_status=Status.RETURNED,
        reason=reason,
    )
    audit_log(action=f"{kind}.return", by=by, obj=record, detail={"reason": reason})
    return record


@transaction.atomic
def record_confirm(*, record, by, expected_revision=None, now=None):
    """The center confirms (认定) a submitted record. A confirmed correction supersedes the record it corrects."""
    kind = kind_of(record)
    now = now or timezone.now()
    old = record.supersedes
    if old is not None:
        # The old version steps aside first: the database allows one confirmed record per project-month/start.
        _transition(old, from_statuses=[Status.CONFIRMED], to_status=Status.SUPERSEDED)
        _event(
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
        expected_revision=expected_revision,
        confirmed_at=now,
        confirmed_by=by,
    )
    _event(record, action=RecordEvent.Action.CONFIRM, by=by, from_status=Status.SUBMITTED, to_status=Status.CONFIRMED)
    audit_log(action=f"{kind}.confirm", by=by, obj=record, detail={"supersedes": old.pk if old else None})
    if kind == "contract" and record.kind == ContractKind.FORMAL:
        _advance_stage(record.project, Stage.SIGNED)
    elif kind == "start":
        _advance_stage(record.project, Stage.STARTED)
    return record


@transaction.atomic
def record_correct(*, record, by, **changes):
    """Open a correction of a confirmed record: a new draft version that will supersede it once confirmed."""
    if record.status != Status.CONFIRMED:
        raise WorkflowError("只有已认定的记录才需要更正；未认定的记录可直接修改")
    model = type(record)
    if model.objects.filter(supersedes=record, status__in=[Status.DRAFT, Status.SUBMITTED, Status.RETURNED]).exists():
        raise WorkflowError("该记录已有一份正在办理的更正")
    kind = kind_of(record)
    skip = {
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
    }
    fields = {f.name: getattr(record, f.name) for f in model._meta.concrete_fields if f.name not in skip}
    fields.update(changes)
    unit = fields.pop("unit")
    leaders = list(record.leaders.all()) if kind == "activity" else None
    copy = record_create(record_type=kind, unit=unit, by=by, supersedes=record, leaders=leaders, **fields)
    _event(record, action=RecordEvent.Action.CORRECT, by=by, reason=f"发起更正，新版本 #{copy.pk}")
    return copy


# --- evidence -------------------------------------------------------------------------------------------------

EVIDENCE_TYPES = {"application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG", "application/ofd": "OFD"}


def sniff_evidence_type(head: bytes, file) -> str | None:
    """The real type of an uploaded file from its first bytes (never from its name)."""
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"PK\x03\x04"):
        # OFD (GB/T 33190) is a ZIP container whose root holds OFD.xml.
        import zipfile

        try:
            file.seek(0)
            with zipfile.ZipFile(file) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        finally:
            file.seek(0)
        if "OFD.xml" in names:
            return "application/ofd"
    return None


@transaction.atomic
def evidence_attach(*, record, file, by, description: str = ""):
    """Keep an evidence file for a record (or a project): checked by content, at most EVIDENCE_MAX_BYTES, stored
    under a random name, with its SHA-256."""
    import hashlib

    from django.conf import settings

    from projects.models import Evidence

    if getattr(record, "status", None) not in (None, Status.DRAFT, Status.RETURNED):
        raise WorkflowError(f"记录状态为“{record.get_status_display()}”，不能再上传佐证材料")
    limit = settings.EVIDENCE_MAX_BYTES
    if file.size > limit:
        raise ValidationError(
            {"file": f"文件过大（{file.size / 1048576:.1f} MB），单个文件不能超过 {limit // 1048576} MB"}
        )
    if file.size == 0:
        raise ValidationError({"file": "文件为空"})
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    mime = sniff_evidence_type(head, file)
    if mime is None:
        raise ValidationError({"file": "只接受 PDF、JPEG、PNG 或 OFD 文件（按文件内容识别，不看扩展名）"})
    digest = hashlib.sha256()
    for chunk in file.chunks():
        digest.update(chunk)
    file.seek(0)
    evidence = Evidence(
        content_type=ContentType.objects.get_for_model(record),
        object_id=record.pk,
        original_name=(getattr(file, "name", "") or "file")[-255:],
        mime_type=mime,
        size=file.size,
        sha256=digest.hexdigest(),
        description=description,
        uploaded_by=by,
    )
    evidence.file.save("upload", file, save=False)
    evidence.save()
    if hasattr(record, "events"):
        _event(record, action=RecordEvent.Action.ATTACH, by=by, reason=evidence.original_name)
    audit_log(action="evidence.attach", by=by, obj=evidence, detail={"sha256": evidence.sha256, "record": str(record)})
    return evidence
