"""What every projects service shares: the record kinds, the workflow errors, the record history and how a changed
value reads in it."""

import datetime as dt
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType

from core.formatting import plain
from projects.models import Activity, Contract, FundsInPlace, MonthlyReport, ProjectStart, RecordEvent

RECORD_MODELS = {
    "contract": Contract,
    "start": ProjectStart,
    "funds": FundsInPlace,
    "activity": Activity,
    "report": MonthlyReport,
}
KIND_OF_MODEL = {model: kind for kind, model in RECORD_MODELS.items()}
KINDS_NEEDING_EVIDENCE = {"contract", "start", "funds"}


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


def add_event(record, *, action, by, from_status="", to_status="", reason="", changes=None):
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


def shown(obj, name):
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
    return as_json(value)


def as_json(value):
    if isinstance(value, Decimal):
        return plain(value)
    if isinstance(value, dt.date):
        return str(value)
    if hasattr(value, "pk"):
        return value.pk
    return value
