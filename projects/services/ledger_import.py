"""Records from the center's existing ledger (projects/ledger reads the workbook): one at a time, or a whole sheet at
once (``records_import``: a few queries for 20,000 rows)."""

from types import SimpleNamespace

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from audit.services import audit_log, audit_log_many
from projects.models import ContractKind, RecordEvent, Stage, Status
from projects.services.common import RECORD_MODELS, add_event, ensure_record_year_open
from projects.services.projects import advance_stage
from projects.services.records import same_period_error, validate_record
from targets.models import AssessmentYear, TargetRow


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
    if TargetRow.objects.filter(year__year=record.period.year).exists():
        # A closed assessment year is frozen; a history year of the ledger (closed, without targets) scores nothing.
        ensure_record_year_open(record)
    record.save()
    add_event(
        record,
        action=RecordEvent.Action.IMPORT,
        by=by,
        to_status=status,
        reason=f"台账导入：{ledger_name}" if ledger_name else "台账导入",
    )
    audit_log(action=f"{kind}.import", by=by, obj=record, detail={"status": status, "ledger": ledger_name})
    if status == Status.CONFIRMED:
        if kind == "contract" and record.kind == ContractKind.FORMAL:
            advance_stage(record.project, Stage.SIGNED)
        elif kind == "start":
            advance_stage(record.project, Stage.STARTED)
    return record


class Checked(SimpleNamespace):
    """A ledger row's record before it is one: the record's attributes, checked by the same functions as a record
    (``validate_record`` reads attributes), without building a model instance per row — a preview of 20,000 rows
    builds none, an import builds them once the rows are known to be right."""


@transaction.atomic
def records_import(
    *, record_type: str, rows, by, ledger_name: str = "", now=None, dry_run: bool = False
) -> tuple[list, dict]:
    """Many ledger records at once (a ledger of 20,000 funds rows), with the rules, events and audit entries of
    ``record_import`` but a few queries in all. ``rows``: [(label, unit, status, fields)], ``label`` naming the row in
    messages ("第12行"); ``fields["project"]`` may be a project not saved yet when ``dry_run``. Returns (records,
    errors by label); when any row is wrong nothing is saved. ``dry_run`` checks every row and saves nothing (a
    preview): the rows come back as ``Checked`` values, which read like the records would."""
    kind = record_type
    model = RECORD_MODELS[kind]
    now = now or timezone.now()
    today = timezone.localdate(now)
    records, errors = [], {}
    checked = {"status", *(name for name in (rows[0][3] if rows else {}) if name != "project")}
    # The fields the ledger gives (the others are set here, the related rows come from the importer), cleaned as
    # clean_fields would clean them: clean_fields itself walks every field of every row.
    checked_fields = [model._meta.get_field(name) for name in sorted(checked)]
    cleaned = {}  # (field, value) → its cleaned value or errors: a field's clean depends on the value alone
    # A closed assessment year is frozen (as in record_import); asked once, not per row.
    frozen = set(
        AssessmentYear.objects.filter(is_closed=True, year__in=TargetRow.objects.values("year__year")).values_list(
            "year", flat=True
        )
    )
    for label, unit, status, fields in rows:
        values = {"unit": unit, "created_by": by, "status": status, **fields}
        if status in (Status.SUBMITTED, Status.CONFIRMED, Status.RETURNED):
            values["submitted_at"] = now
        if status == Status.CONFIRMED:
            values.update(confirmed_at=now, confirmed_by=by)
        if status == Status.RETURNED:
            values["return_reason"] = "台账导入时即为退回状态"
        record = Checked(**values)
        try:
            _clean_fields(record, checked_fields, cleaned)
            validate_record(kind, record, today=today, check_period=False)
            period = getattr(record, model.period_field)
            if period is not None and period.year in frozen:
                ensure_record_year_open(model(**vars(record)))
        except ValidationError as exc:
            errors[label] = exc
        records.append((label, record))
    if kind in ("funds", "start"):
        _check_periods_at_once(kind, model, records, errors)
    if errors:
        return [], errors
    if dry_run:
        return [record for _, record in records], {}
    created = model.objects.bulk_create([model(**vars(record)) for _, record in records], batch_size=1000)
    content_type = ContentType.objects.get_for_model(model)
    reason = f"台账导入：{ledger_name}" if ledger_name else "台账导入"
    RecordEvent.objects.bulk_create(
        (
            RecordEvent(
                content_type=content_type,
                object_id=record.pk,
                action=RecordEvent.Action.IMPORT,
                to_status=record.status,
                by=by,
                reason=reason,
            )
            for record in created
        ),
        batch_size=1000,
    )
    for status in {record.status for record in created}:
        audit_log_many(
            action=f"{kind}.import",
            by=by,
            objs=[record for record in created if record.status == status],
            detail={"status": status, "ledger": ledger_name},
        )
    stage = Stage.SIGNED if kind == "contract" else Stage.STARTED if kind == "start" else None
    if stage is not None:
        advancing = {
            record.project_id: record.project
            for record in created
            if record.status == Status.CONFIRMED and (kind == "start" or record.kind == ContractKind.FORMAL)
        }
        for project in advancing.values():
            advance_stage(project, stage)
    return created, {}


def _clean_fields(record, fields, cleaned: dict) -> None:
    errors = {}
    for field in fields:
        value = getattr(record, field.attname)
        key = (field.attname, repr(value))  # repr: 1.50 and 1.5 are equal Decimals but not the same value
        if key not in cleaned:
            try:
                cleaned[key] = (field.clean(value, None), None)
            except ValidationError as exc:
                cleaned[key] = (None, exc.error_list)
        value, problems = cleaned[key]
        if problems:
            errors[field.name] = problems
        else:
            setattr(record, field.attname, value)
    if errors:
        raise ValidationError(errors)


def _check_periods_at_once(kind: str, model, records, errors) -> None:
    """``validate_record``'s one live record per project-month (funds) or project (start), for all rows in one query:
    against the database, then against the rows before in the same ledger. Projects are told apart by code (a
    preview's new projects have no key yet)."""
    key = (lambda code, r: (code, r.month)) if kind == "funds" else (lambda code, r: code)
    codes = {record.project.pk: record.project.code for _, record in records if record.project.pk is not None}
    existing = {}
    for other in (
        model.objects.filter(project_id__in=codes).exclude(status=Status.SUPERSEDED).only("pk", "status", *(
            ("project_id", "month") if kind == "funds" else ("project_id",)
        )).order_by("pk")
    ):  # fmt: skip
        existing.setdefault(key(codes[other.project_id], other), other)
    seen = {}
    for label, record in records:
        if label in errors:
            continue
        here = key(record.project.code, record)
        if here in existing:
            errors[label] = ValidationError(same_period_error(kind, existing[here]))
        elif here in seen:
            errors[label] = ValidationError(same_period_error(kind, None, f"与{seen[here]}重复"))
        else:
            seen[here] = label
