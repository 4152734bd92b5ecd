"""What every projects service shares: the record kinds, the workflow errors, the record history and how a changed
value reads in it."""

import datetime as dt
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType

from core.formatting import plain
from projects.models import Activity, Contract, FundsInPlace, MonthlyReport, ProjectStart, RecordEvent, Status
from targets.services import ensure_years_open

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


KIND_WORDS = {
    "contract": "签约合同",
    "start": "开工",
    "funds": "到位资金",
    "activity": "招商活动",
    "report": "工作情况",
}


def ensure_record_year_open(record) -> None:
    """A record counts for the year of its date or month: a closed year's records do not change."""
    period = record.period
    if period is not None:
        ensure_years_open([period.year], f"该年度的{KIND_WORDS[kind_of(record)]}记录")


def project_years(project) -> set[int]:
    """The years whose scores read a project's facts and shares: its library year and the years of its records."""
    years = {project.year.year} if project.year_id else set()
    for model, field in ((Contract, "signed_on"), (ProjectStart, "started_on"), (FundsInPlace, "month")):
        dates = model.objects.filter(project=project).exclude(status=Status.SUPERSEDED).dates(field, "year")
        years.update(d.year for d in dates)
    return years


def ensure_project_years_open(project, what: str) -> None:
    ensure_years_open(project_years(project), what)


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
