"""What the monthly filing sheet writes: a row as a draft funds record, 本月无到位资金, one 提交审核 for the sheet.

Every write goes through the record services (record_create / record_update / evidence_attach / record_submit), so
the rules stay theirs: one live record per project-month, the closed-year freeze, the submit token, evidence before
submitting, late marks, the audit trail. A nil return (本月无到位资金) is what the funds form already files: a funds
record of amount 0, which needs no evidence and counts the month as filed once submitted.
"""

import datetime as dt
import hashlib

from django.core.exceptions import ValidationError
from django.db import transaction

from projects.calendar import month_end
from projects.models import OPEN_STATUSES, Contract, FundsInPlace, FundsSource, Project, ProjectStart, Status
from projects.services.common import WorkflowError
from projects.services.evidence import evidence_attach
from projects.services.records import record_create, record_update
from projects.services.workflow import record_submit
from targets.models import ZERO

AMOUNT_OR_NIL = "请填写本月到位资金（亿元）；本月没有到位资金请勾选“本月无到位资金”"


def _sha256(file) -> str:
    digest = hashlib.sha256()
    file.seek(0)
    for chunk in file.chunks():
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


def live_funds_record(records: list):
    """Of a project-month's live (not superseded) funds records, the one the sheet shows and changes: an open
    correction, else the confirmed one, else the newest."""
    if not records:
        return None
    opened = [r for r in records if r.supersedes_id and r.status in OPEN_STATUSES]
    if opened:
        return max(opened, key=lambda r: r.pk)
    confirmed = [r for r in records if r.status == Status.CONFIRMED]
    return confirmed[0] if confirmed else max(records, key=lambda r: r.pk)


def _live_funds(project, month):
    return live_funds_record(
        list(FundsInPlace.objects.filter(project=project, month=month).exclude(status=Status.SUPERSEDED))
    )


@transaction.atomic
def sheet_row_save(
    *,
    unit,
    by,
    project,
    month: dt.date,
    amount=None,
    source: str = FundsSource.BANK,
    nil: bool = False,
    evidence=None,
    submit_token: str | None = None,
):
    """Save one row of the sheet: the project's funds of ``month`` as a draft (new, or the draft/returned one
    changed), with an evidence file when one was chosen. ``nil``: 本月无到位资金 (amount 0). Nothing typed and no
    file: nothing saved (the record there, if any, is returned). All or nothing: a refused file leaves the amount unsaved too."""
    if nil:
        amount = ZERO
    # One row at a time per project: a row's own save and the whole form's, crossing, must not both create a draft.
    Project.objects.select_for_update().filter(pk=project.pk).first()
    record = _live_funds(project, month)
    if amount is None:
        if evidence is not None or (record is not None and record.unit_id == unit.pk and record.is_editable):
            raise ValidationError({"amount": AMOUNT_OR_NIL})
        return record
    if record is None:
        record = record_create(
            record_type="funds",
            unit=unit,
            by=by,
            project=project,
            month=month,
            amount=amount,
            source=source,
            submit_token=submit_token,
        )
    elif record.unit_id != unit.pk:
        raise WorkflowError(f"该项目本月到位资金已由{record.unit}填报，本单位不能修改")
    elif record.status == Status.CONFIRMED:
        raise WorkflowError("本月到位资金已认定；如需修改，请在记录页“发起更正”")
    elif not record.is_editable:
        raise WorkflowError(f"本月到位资金已{record.get_status_display()}，不能修改")
    else:
        record_update(record=record, by=by, amount=amount, source=source)
    if evidence is not None and not record.evidence.active().filter(sha256=_sha256(evidence)).exists():
        evidence_attach(record=record, file=evidence, by=by)
    return record


def sheet_open_records(unit, month: dt.date, project_ids) -> list:
    """The drafts and returned records of the sheet: the unit's funds of ``month`` on its projects, and the contracts
    and starts it filed with a date in the month."""
    last = month_end(month)
    open_statuses = [Status.DRAFT, Status.RETURNED]
    found = list(
        FundsInPlace.objects.filter(unit=unit, month=month, project_id__in=project_ids, status__in=open_statuses)
    )
    found += Contract.objects.filter(unit=unit, signed_on__range=(month, last), status__in=open_statuses)
    found += ProjectStart.objects.filter(unit=unit, started_on__range=(month, last), status__in=open_statuses)
    return found


def sheet_submit(*, records, by, now=None) -> tuple[list, dict]:
    """提交审核 for all the sheet's drafts: each record on its own (a refused one — no evidence yet, a closed year —
    keeps its draft and its message, the others go). Returns (submitted, {record: message})."""
    submitted, refused = [], {}
    for record in records:
        try:
            record_submit(record=record, by=by, now=now)
        except ValidationError as exc:
            refused[record] = "；".join(exc.messages)
        except WorkflowError as exc:
            refused[record] = str(exc)
        else:
            submitted.append(record)
    return submitted, refused
