"""Every write to projects and records: one audited, transactional function each.

Views, management commands, imports and tests call these; nothing else writes these tables.
Business rules raise ``django.core.exceptions.ValidationError`` with Chinese messages keyed by field; workflow
conflicts raise ``WorkflowError`` (or ``StaleRecord`` when someone else acted first).
"""

import datetime as dt
import hashlib
import re
from decimal import Decimal
from pathlib import PurePath

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts.access import can
from audit.services import audit_log
from projects import calendar
from projects.models import (
    Activity,
    Attendance,
    Contract,
    ContractKind,
    Evidence,
    FundsInPlace,
    Investor,
    MonthlyReport,
    Project,
    ProjectCredit,
    ProjectStart,
    RecordEvent,
    RequiredEvent,
    Stage,
    Status,
)
from projects.validators import check_credit_code

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


def needs_evidence(record) -> bool:
    """Contracts, starts and funds go to the center with evidence; a nil funds return (0 this month) needs none."""
    kind = kind_of(record)
    if kind == "funds":
        return bool(record.amount)
    return kind in KINDS_NEEDING_EVIDENCE


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


def _pct(share) -> str:
    return f"{Decimal(share).normalize():f}"


def _shown(obj, name):
    """A field's value as people read it in the history: a choice's label, a related object's name."""
    value = getattr(obj, name)
    display = getattr(obj, f"get_{name}_display", None)
    if display is not None:
        return display()
    if isinstance(value, bool):
        return "是" if value else "否"
    if value is None:
        return ""
    if hasattr(value, "pk"):
        return str(value)
    return _json(value)


def _json(value):
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, dt.date):
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
def investor_save(*, by, name: str, credit_code: str = "", tags=None, contact: str | None = None) -> Investor:
    """The investor of that name (or that credit code), created if new; its credit code, tags and contact set.
    Tags earn bonus points, so every change is audited."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"investor_name": "请填写投资企业名称"})
    credit_code = (credit_code or "").strip().upper()
    if credit_code:
        try:
            check_credit_code(credit_code)
        except ValidationError as exc:
            raise ValidationError({"credit_code": exc.messages}) from None
    investor = Investor.objects.filter(name=name).first()
    if credit_code:
        holder = Investor.objects.filter(credit_code=credit_code).exclude(pk=getattr(investor, "pk", None)).first()
        if holder:
            raise ValidationError({"credit_code": f"该统一社会信用代码已登记为“{holder.name}”，请核对企业名称"})
        if investor and investor.credit_code and investor.credit_code != credit_code:
            raise ValidationError(
                {"credit_code": f"“{name}”已登记的统一社会信用代码为 {investor.credit_code}，与填写的不一致"}
            )
    created = investor is None
    if created:
        investor = Investor.objects.create(name=name, credit_code=credit_code, contact=contact or "")
        audit_log(action="investor.create", by=by, obj=investor, detail={"credit_code": credit_code})
    else:
        update = {}
        if credit_code and not investor.credit_code:
            update["credit_code"] = credit_code
        if contact is not None and contact != investor.contact:
            update["contact"] = contact
        if update:
            for field, value in update.items():
                setattr(investor, field, value)
            investor.save(update_fields=list(update))
            audit_log(action="investor.update", by=by, obj=investor, detail={"changes": update})
    if tags is not None:
        before = sorted(investor.tags.values_list("code", flat=True))
        after = sorted(t.code for t in tags)
        if before != after:
            investor.tags.set(tags)
            audit_log(action="investor.tags", by=by, obj=investor, detail={"before": before, "after": after})
    return investor


def stage_floor(project: Project) -> str:
    """The stage confirmed records prove: started with a confirmed start, signed with a confirmed formal contract."""
    if project.pk is None:
        return Stage.RESERVE
    if project.starts.filter(status=Status.CONFIRMED).exists():
        return Stage.STARTED
    if project.contracts.filter(status=Status.CONFIRMED, kind=ContractKind.FORMAL).exists():
        return Stage.SIGNED
    return Stage.RESERVE


def check_stage(project: Project, stage: str) -> None:
    """签约 and 开工 follow from confirmed records; people set 储备/在谈 before signing and 投产 after the start."""
    floor = stage_floor(project)
    if stage == project.stage and project.pk is not None:
        return
    if stage in (Stage.SIGNED, Stage.STARTED) and stage != floor:
        raise ValidationError({"stage": "“签约”“开工”阶段由审核认定的正式合同、开工记录自动确定，不能手工选择"})
    if STAGE_ORDER.index(stage) < STAGE_ORDER.index(floor):
        raise ValidationError({"stage": f"项目已有认定记录，阶段不能早于“{Stage(floor).label}”"})
    if stage == Stage.PRODUCING and floor != Stage.STARTED:
        raise ValidationError({"stage": "项目须先有认定的开工记录，才能标为“投产”"})


@transaction.atomic
def project_create(*, by, credits: list[tuple], agreement=None, **fields) -> Project:
    """Register a project in the library with its credited units [(unit, share %), …] and, for a joint project,
    the written agreement on the shares as evidence."""
    labels = fields.pop("labels", None)
    check_credits(credits)
    project = Project(created_by=by, **fields)
    project.full_clean()
    if "stage" in fields:
        check_stage(project, project.stage)
    project.save()
    if labels is not None:
        project.labels.set(labels)
    ProjectCredit.objects.bulk_create(ProjectCredit(project=project, unit=u, share=Decimal(s)) for u, s in credits)
    audit_log(
        action="project.create",
        by=by,
        obj=project,
        detail={"credits": {str(u): _pct(s) for u, s in credits}},
    )
    if agreement is not None:
        evidence_attach(record=project, file=agreement, by=by, description="联合招商分成协议")
    return project


@transaction.atomic
def project_update(*, project: Project, by, **fields) -> Project:
    labels = fields.pop("labels", None)
    if "stage" in fields:
        check_stage(project, fields["stage"])
    changes = {}
    for name, value in fields.items():
        old = getattr(project, name)
        if old != value:
            before = _shown(project, name)
            setattr(project, name, value)
            changes[name] = [before, _shown(project, name)]
    project.full_clean()
    if changes:
        project.save(update_fields=[*changes, "updated_at"])
    if labels is not None:
        before = sorted(project.labels.values_list("pk", flat=True))
        if before != sorted(label.pk for label in labels):
            project.labels.set(labels)
            changes["labels"] = [before, sorted(label.pk for label in labels)]
    if changes:
        audit_log(action="project.update", by=by, obj=project, detail={"changes": changes})
    return project


@transaction.atomic
def project_set_credits(*, project: Project, by, credits: list[tuple]) -> Project:
    """Replace a project's credited units and shares (联合招商, with the written agreement as evidence)."""
    check_credits(credits)
    before = {str(c.unit): _pct(c.share) for c in project.credits.select_related("unit")}
    if {c.unit_id: c.share for c in project.credits.all()} == {u.pk: Decimal(s) for u, s in credits}:
        return project
    project.credits.all().delete()
    ProjectCredit.objects.bulk_create(ProjectCredit(project=project, unit=u, share=Decimal(s)) for u, s in credits)
    audit_log(
        action="project.credits",
        by=by,
        obj=project,
        detail={"before": before, "after": {str(u): _pct(s) for u, s in credits}},
    )
    return project


def _advance_stage(project: Project, stage: str) -> None:
    if STAGE_ORDER.index(stage) > STAGE_ORDER.index(project.stage):
        Project.objects.filter(pk=project.pk).update(stage=stage, updated_at=timezone.now())
        project.stage = stage


# --- records --------------------------------------------------------------------------------------------------


def _same_period_records(kind: str, record):
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


def _amount(value: Decimal) -> str:
    return f"{value.normalize():f}"


def validate_record(kind: str, record, *, today: dt.date | None = None) -> None:
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
            elif project.total_investment and record.amount > project.total_investment:
                errors["amount"] = (
                    f"合同金额 {_amount(record.amount)} 亿元超过项目总投资 {_amount(project.total_investment)} 亿元，"
                    "请核实金额单位（亿元）或先修改项目总投资"
                )
    elif kind == "start":
        if record.started_on and record.started_on > today:
            errors["started_on"] = "开工日期不能晚于今天"
    elif kind == "funds":
        if record.month:
            if record.month.day != 1:
                record.month = record.month.replace(day=1)
            if record.month > today.replace(day=1):
                errors["month"] = "不能填报未来月份的到位资金"
        if record.amount is not None and project.total_investment and record.amount > project.total_investment:
            errors["amount"] = (
                f"单月到位资金 {_amount(record.amount)} 亿元超过项目总投资 "
                f"{_amount(project.total_investment)} 亿元，请核实金额单位（亿元）"
            )
    elif kind == "activity":
        if record.occurred_on and record.occurred_on > today:
            errors["occurred_on"] = "活动日期不能晚于今天"
    elif kind == "report":
        if record.month:
            record.month = record.month.replace(day=1)
            if record.month > today.replace(day=1):
                errors["month"] = "不能填报未来月份的工作情况"
    if not errors and kind in ("funds", "start", "report"):
        other = _same_period_records(kind, record).first()
        if other is not None:
            field = {"funds": "month", "start": "started_on", "report": "month"}[kind]
            what = {
                "funds": "该项目该月已有到位资金记录",
                "start": "该项目已有开工记录",
                "report": "本单位该月已有工作情况",
            }[kind]
            hint = (
                "如需修改已认定的数据，请在原记录上“发起更正”"
                if other.status == Status.CONFIRMED
                else "请在原记录上修改"
            )
            errors[field] = f"{what}（#{other.pk}，{other.get_status_display()}），{hint}"
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
            before = _shown(record, name)
            setattr(record, name, value)
            changes[name] = [before, _shown(record, name)]
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
        before = sorted(record.leaders.values_list("pk", flat=True))
        after = sorted(leader.pk for leader in leaders)
        if before != after:
            record.leaders.set(leaders)
            changes["leaders"] = [before, after]
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
    if needs_evidence(record) and not record.evidence.active().exists():
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
    return _same_period_records(kind, record).filter(status=Status.CONFIRMED).first()


@transaction.atomic
def record_confirm(*, record, by, expected_revision=None, now=None):
    """The center confirms (认定) a submitted record. A confirmed correction supersedes the record it corrects."""
    kind = kind_of(record)
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
        expected_revision=revision,
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
}


@transaction.atomic
def record_correct(*, record, by, reason: str = "", **changes):
    """Open a correction of a confirmed record: a new draft version that will supersede it once confirmed. The
    evidence of the confirmed version is carried over (the files are shared, never copied or changed)."""
    if record.status != Status.CONFIRMED:
        raise WorkflowError("只有已认定的记录才需要更正；未认定的记录可直接修改")
    model = type(record)
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
    _event(record, action=RecordEvent.Action.CORRECT, by=by, reason=f"发起更正，新版本 #{copy.pk}{why}")
    _event(copy, action=RecordEvent.Action.CORRECT, by=by, reason=f"更正已认定的记录 #{record.pk}{why}")
    audit_log(action=f"{kind}.correct", by=by, obj=copy, detail={"supersedes": record.pk, "reason": reason})
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


# Markers of active content in a PDF; such a file is kept and downloadable but never shown inline.
PDF_ACTIVE_CONTENT = re.compile(rb"/(JavaScript|JS|Launch|EmbeddedFile|RichMedia|XFA)\b")


def evidence_previewable(mime: str, file) -> bool:
    if mime in ("image/jpeg", "image/png"):
        return True
    if mime != "application/pdf":
        return False
    file.seek(0)
    tail = b""
    for chunk in file.chunks():
        if PDF_ACTIVE_CONTENT.search(tail + chunk):
            file.seek(0)
            return False
        tail = chunk[-16:]
    file.seek(0)
    return True


def check_evidence_file(file) -> str:
    """The file's real type, or a ValidationError on ``file``: at most EVIDENCE_MAX_BYTES, PDF/JPEG/PNG/OFD by
    content."""
    from django.conf import settings

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
    return mime


@transaction.atomic
def evidence_attach(*, record, file, by, description: str = ""):
    """Keep an evidence file for a record (or a project): checked by content, at most EVIDENCE_MAX_BYTES, stored
    under a random name, with its SHA-256."""
    if getattr(record, "status", None) not in (None, Status.DRAFT, Status.RETURNED):
        raise WorkflowError(f"记录状态为“{record.get_status_display()}”，不能再上传佐证材料")
    mime = check_evidence_file(file)
    digest = hashlib.sha256()
    for chunk in file.chunks():
        digest.update(chunk)
    file.seek(0)
    name = PurePath((getattr(file, "name", "") or "file").replace("\\", "/")).name or "file"
    evidence = Evidence(
        content_type=ContentType.objects.get_for_model(record),
        object_id=record.pk,
        original_name=name[-255:],
        mime_type=mime,
        size=file.size,
        sha256=digest.hexdigest(),
        description=(description or "")[:200],
        previewable=evidence_previewable(mime, file),
        uploaded_by=by,
    )
    evidence.file.save("upload", file, save=False)
    evidence.save()
    if hasattr(record, "events"):
        _event(
            record,
            action=RecordEvent.Action.ATTACH,
            by=by,
            reason=f"{evidence.original_name}（SHA-256 {evidence.sha256[:12]}…）",
        )
    audit_log(action="evidence.attach", by=by, obj=evidence, detail={"sha256": evidence.sha256, "record": str(record)})
    return evidence


@transaction.atomic
def evidence_remove(*, evidence, by, now=None):
    """Take a wrong file off a draft or returned record (or a project). The file and its row stay for the history."""
    record = evidence.record
    if getattr(record, "status", None) not in (None, Status.DRAFT, Status.RETURNED):
        raise WorkflowError(f"记录状态为“{record.get_status_display()}”，佐证材料不能撤下")
    updated = Evidence.objects.filter(pk=evidence.pk, removed_at__isnull=True).update(
        removed_at=now or timezone.now(), removed_by=by
    )
    if not updated:
        raise StaleRecord("该佐证材料已被撤下")
    if hasattr(record, "events"):
        _event(record, action=RecordEvent.Action.EDIT, by=by, reason=f"撤下佐证材料 {evidence.original_name}")
    audit_log(action="evidence.remove", by=by, obj=evidence, detail={"sha256": evidence.sha256, "record": str(record)})
    return evidence


# --- ledger imports -------------------------------------------------------------------------------------------


@transaction.atomic
def record_import(
    *, record_type: str, unit, by, status: str = Status.CONFIRMED, ledger_name: str = "", now=None, **fields
):
    """A record from the center's existing ledger, in the status the ledger gives it, attributed to ``by``.
    The same rules as filing apply; no evidence is needed (the ledger predates the system)."""
    kind = record_type
    model = RECORD_MODELS[kind]
    now = now or timezone.now()
    values = {"unit": unit, "created_by": by, "status": status, **fields}
    if status in (Status.SUBMITTED, Status.CONFIRMED, Status.RETURNED):
        values["submitted_at"] = now
    if status == Status.CONFIRMED:
        values.update(confirmed_at=now, confirmed_by=by)
    if status == Status.RETURNED:
        values["return_reason"] = "台账导入时即为退回状态"
    record = model(**values)
    # Field checks only: the related rows come from the importer, and validate_record refuses a second live record
    # of the same period (what the conditional unique constraints guard in the database).
    record.clean_fields(exclude=["unit", "project", "created_by", "confirmed_by", "supersedes"])
    validate_record(kind, record)
    record.save()
    _event(
        record,
        action=RecordEvent.Action.IMPORT,
        by=by,
        to_status=status,
        reason=f"台账导入：{ledger_name}" if ledger_name else "台账导入",
    )
    audit_log(action=f"{kind}.import", by=by, obj=record, detail={"status": status, "ledger": ledger_name})
    if status == Status.CONFIRMED:
        if kind == "contract" and record.kind == ContractKind.FORMAL:
            _advance_stage(record.project, Stage.SIGNED)
        elif kind == "start":
            _advance_stage(record.project, Stage.STARTED)
    return record


# --- required events and trainings ----------------------------------------------------------------------------


@transaction.atomic
def required_event_save(*, by, units, event: RequiredEvent | None = None, **fields) -> RequiredEvent:
    """Create or change an event or training the center requires; ``units`` are those expected to attend."""
    if not units:
        raise ValidationError({"units": "请至少选择一个应参加单位"})
    created = event is None
    event = event or RequiredEvent(created_by=by)
    for name, value in fields.items():
        setattr(event, name, value)
    event.full_clean(exclude=["created_by"])
    event.save()
    wanted = {u.pk for u in units}
    current = set(event.attendance.values_list("unit_id", flat=True))
    Attendance.objects.filter(event=event, unit_id__in=current - wanted).delete()
    Attendance.objects.bulk_create(Attendance(event=event, unit_id=pk) for pk in sorted(wanted - current))
    audit_log(
        action="required_event.create" if created else "required_event.update",
        by=by,
        obj=event,
        detail={"units": sorted(wanted), **{k: _json(v) for k, v in fields.items()}},
    )
    return event


@transaction.atomic
def attendance_record(*, event: RequiredEvent, by, rows: dict) -> int:
    """Mark who attended: ``rows`` maps unit id → (attended, excused, note). Returns how many rows changed."""
    changed = {}
    for row in event.attendance.select_for_update():
        if row.unit_id not in rows:
            continue
        attended, excused, note = rows[row.unit_id]
        if attended and excused:
            raise ValidationError({"attendance": f"“{row.unit}”不能同时标记为已参加和请假"})
        if (row.attended, row.excused, row.note) != (attended, excused, note):
            changed[str(row.unit)] = {"attended": attended, "excused": excused, "note": note}
            row.attended, row.excused, row.note = attended, excused, note[:200]
            row.save(update_fields=["attended", "excused", "note"])
    if changed:
        audit_log(action="attendance.record", by=by, obj=event, detail={"changes": changed})
    return len(changed)


# --- the library pages ----------------------------------------------------------------------------------------


def _check_joint(*, credits, agreement, project=None) -> None:
    if len(credits) > 1 and agreement is None:
        if project is None or not project.evidence.active().exists():
            raise ValidationError({"agreement": "联合招商（两个及以上单位）须上传各方书面分成协议作为佐证"})


def _check_own_unit(*, by, credits) -> None:
    if not can(by, "records.audit") and by.unit_id not in {u.pk for u, _ in credits}:
        raise ValidationError({"credits": "本单位须是该项目的招商单位之一"})


@transaction.atomic
def project_register(*, by, investor: dict, credits: list[tuple], agreement=None, **fields) -> Project:
    """A project typed in the library page: its investor (found or created), its credited units and, for a joint
    project, the written agreement on the shares."""
    check_credits(credits)
    _check_own_unit(by=by, credits=credits)
    _check_joint(credits=credits, agreement=agreement)
    if Project.objects.filter(code=fields.get("code")).exists():
        raise ValidationError({"code": f"项目编号“{fields.get('code')}”已存在"})
    investor_obj = investor_save(by=by, **investor)
    return project_create(by=by, credits=credits, agreement=agreement, investor=investor_obj, **fields)


@transaction.atomic
def project_edit(*, project: Project, by, investor: dict, credits: list[tuple] | None, agreement=None, **fields):
    """Change a project from the library page. ``credits`` None leaves the shares as they are."""
    if credits is not None:
        check_credits(credits)
        _check_own_unit(by=by, credits=credits)
        _check_joint(credits=credits, agreement=agreement, project=project)
    if Project.objects.filter(code=fields.get("code")).exclude(pk=project.pk).exists():
        raise ValidationError({"code": f"项目编号“{fields.get('code')}”已存在"})
    investor_obj = investor_save(by=by, **investor)
    project_update(project=project, by=by, investor=investor_obj, **fields)
    if credits is not None:
        project_set_credits(project=project, by=by, credits=credits)
    if agreement is not None:
        evidence_attach(record=project, file=agreement, by=by, description="联合招商分成协议")
    return project


@transaction.atomic
def record_file(*, record_type: str, unit, by, evidence=None, **fields):
    """A new draft filed from a page, with its first evidence file when one was chosen."""
    record = record_create(record_type=record_type, unit=unit, by=by, **fields)
    if evidence is not None:
        evidence_attach(record=record, file=evidence, by=by)
    return record
