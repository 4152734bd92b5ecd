"""The monthly filing sheet (月度填报表) of a unit, read: one row per project of the unit that can receive funds in the
month, with the month's funds record if there is one; the month's contracts and starts. Reads only; the writes are
``projects.services.sheet``.

A project is on the sheet of month M when it is credited to the unit and has started by the end of M (a confirmed
start, or a start filed and not yet confirmed, dated on or before the month's last day; or a 开工/投产 stage with no
start record at all), or when a funds record of M already exists for it.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch, Q

from projects import access, calendar
from projects.models import (
    Contract,
    Evidence,
    FundsInPlace,
    Project,
    ProjectStart,
    Stage,
    Status,
)
from projects.services.sheet import live_funds_record
from targets.models import AssessmentYear
from targets.services import closed_years

LIVE = [s for s in Status.values if s != Status.SUPERSEDED]


@dataclass
class SheetRow:
    """One project of the sheet. ``record``: the month's live funds record (an open correction before the confirmed
    version it corrects); ``start``: the project's start (confirmed first, else the one being filed)."""

    project: Project
    unit_id: int
    record: FundsInPlace | None = None
    start: ProjectStart | None = None
    evidence: list = field(default_factory=list)
    frozen: bool = False  # the month's year is closed

    @property
    def mine(self) -> bool:
        return self.record is None or self.record.unit_id == self.unit_id

    @property
    def editable(self) -> bool:
        return not self.frozen and self.mine and (self.record is None or self.record.is_editable)

    @property
    def state(self) -> str:
        """empty, draft, returned, submitted, confirmed (what the row shows); ``other`` when another credited unit
        filed it."""
        if self.record is None:
            return "empty"
        if not self.mine:
            return "other"
        return self.record.status

    @property
    def nil(self) -> bool:
        return self.record is not None and self.record.amount == 0

    @property
    def start_pending(self) -> bool:
        return self.start is not None and self.start.status != Status.CONFIRMED

    @property
    def needs_evidence(self) -> bool:
        return self.record is not None and bool(self.record.amount) and not self.evidence


@dataclass
class Sheet:
    unit: object
    month: dt.date
    rows: list
    contracts: list
    starts: list
    frozen: bool
    planned: bool

    @property
    def counts(self) -> dict:
        states = [r.state for r in self.rows]
        return {
            "rows": len(self.rows),
            "empty": states.count("empty"),
            "open": sum(1 for r in self.rows if r.record is not None and r.editable),
            "filed": sum(1 for s in states if s in ("submitted", "confirmed", "other")),
            "returned": states.count("returned"),
        }

    @property
    def previous(self) -> dt.date:
        return calendar.add_months(self.month, -1)

    @property
    def next(self) -> dt.date:
        return calendar.add_months(self.month, 1)


def sheet_projects(user, month: dt.date):
    """The unit's projects on the sheet of ``month`` (see the module's docstring), by code."""
    month_end = calendar.month_end(month)
    started = ProjectStart.objects.filter(project=OuterRef("pk"), status__in=LIVE, started_on__lte=month_end)
    any_start = ProjectStart.objects.filter(project=OuterRef("pk"), status__in=LIVE)
    filed = FundsInPlace.objects.filter(project=OuterRef("pk"), month=month, status__in=LIVE)
    staged = Q(stage__in=[Stage.STARTED, Stage.PRODUCING]) & ~Q(Exists(any_start))  # a stage without a start record
    return (
        access.visible_projects(user)
        .filter(credits__unit_id=user.unit_id)
        .filter(Q(Exists(started)) | Q(Exists(filed)) | staged)
        .distinct()
        .order_by("code", "pk")
    )


def month_frozen(month: dt.date) -> bool:
    return bool(closed_years([month.year]))


def sheet_of(user, month: dt.date) -> Sheet:
    """The sheet of the user's unit for ``month``: a handful of queries whatever the number of projects."""
    month = calendar.month_start(month)
    frozen = month_frozen(month)
    projects = list(sheet_projects(user, month).select_related("investor"))
    ids = [p.pk for p in projects]
    evidence = Prefetch("evidence", queryset=Evidence.objects.active(), to_attr="active_evidence")
    funds: dict[int, list] = {}
    for record in (
        FundsInPlace.objects.filter(project_id__in=ids, month=month, status__in=LIVE)
        .select_related("unit")
        .prefetch_related(evidence)
    ):
        funds.setdefault(record.project_id, []).append(record)
    starts: dict[int, ProjectStart] = {}
    for start in ProjectStart.objects.filter(project_id__in=ids, status__in=LIVE).order_by("pk"):
        held = starts.get(start.project_id)
        if held is None or (start.status == Status.CONFIRMED and held.status != Status.CONFIRMED):
            starts[start.project_id] = start
    rows = []
    for project in projects:
        record = live_funds_record(funds.get(project.pk, []))
        rows.append(
            SheetRow(
                project=project,
                unit_id=user.unit_id,
                record=record,
                start=starts.get(project.pk),
                evidence=list(getattr(record, "active_evidence", [])) if record else [],
                frozen=frozen,
            )
        )
    month_end = calendar.month_end(month)
    month_contracts = list(
        access.visible_records(user, Contract)
        .filter(unit_id=user.unit_id, signed_on__range=(month, month_end), status__in=LIVE)
        .select_related("project")
        .order_by("signed_on", "pk")
    )
    month_starts = list(
        access.visible_records(user, ProjectStart)
        .filter(unit_id=user.unit_id, started_on__range=(month, month_end), status__in=LIVE)
        .select_related("project")
        .order_by("started_on", "pk")
    )
    planned = AssessmentYear.objects.filter(year=month.year, is_closed=False, target_rows__isnull=False).exists()
    return Sheet(
        unit=user.unit,
        month=month,
        rows=rows,
        contracts=month_contracts,
        starts=month_starts,
        frozen=frozen,
        planned=planned,
    )


def row_of(user, month: dt.date, project_pk: int) -> SheetRow | None:
    """One row of the sheet (the row a save answers with); None when the project is not on the user's sheet."""
    month = calendar.month_start(month)
    project = sheet_projects(user, month).select_related("investor").filter(pk=project_pk).first()
    if project is None:
        return None
    evidence = Prefetch("evidence", queryset=Evidence.objects.active(), to_attr="active_evidence")
    records = list(
        FundsInPlace.objects.filter(project=project, month=month, status__in=LIVE)
        .select_related("unit")
        .prefetch_related(evidence)
    )
    record = live_funds_record(records)
    starts = list(ProjectStart.objects.filter(project=project, status__in=LIVE).order_by("pk"))
    confirmed = [s for s in starts if s.status == Status.CONFIRMED]
    return SheetRow(
        project=project,
        unit_id=user.unit_id,
        record=record,
        start=(confirmed or starts or [None])[0],
        evidence=list(getattr(record, "active_evidence", [])) if record else [],
        frozen=month_frozen(month),
    )


def default_month(unit, today: dt.date, cal: calendar.FilingCalendar | None = None) -> dt.date:
    """The month “填报本月” opens: last month while its funds window is open (the 1st–7th) — the funds of a month are
    filed in the next one — and afterwards this month."""
    if cal is None:
        year = AssessmentYear.objects.filter(year=today.year).first()
        cal = calendar.FilingCalendar.of(year) if year else calendar.FilingCalendar()
    this_month = calendar.month_start(today)
    last_month = calendar.add_months(this_month, -1)
    _opens, due = calendar.funds_window(cal, last_month)
    return last_month if today <= due else this_month
