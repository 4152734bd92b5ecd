"""A record from the center's existing ledger (projects/ledger.py reads the workbook and calls this per row)."""

from django.db import transaction
from django.utils import timezone

from audit.services import audit_log
from projects.models import ContractKind, RecordEvent, Stage, Status
from projects.services.common import RECORD_MODELS, add_event, ensure_record_year_open
from projects.services.projects import advance_stage
from projects.services.records import validate_record
from targets.models import TargetRow


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
