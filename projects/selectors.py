"""Reads for the filing pages: a few queries each, handed to the pure calendar functions."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Case, Count, Exists, OuterRef, Q, Value, When
from django.db.models.functions import TruncMonth

from accounts.models import Role, User
from core.memo import per_request
from projects import calendar
from projects.calendar import Filing, FilingCalendar
from projects.models import (
    Activity,
    Contract,
    ContractKind,
    Evidence,
    FactProposal,
    FundsInPlace,
    MonthlyReport,
    Project,
    ProjectCredit,
    ProjectStart,
    RecordEvent,
    Reminder,
    Stage,
    Status,
)
from projects.services import RECORD_MODELS
from targets.models import AssessmentYear, TargetRow, Unit
from targets.selectors import assessment_years


def calendars() -> "CalendarBook":
    return per_request("calendars", _calendars)


def _calendars() -> "CalendarBook":
    years = assessment_years()
    planned = set(
        AssessmentYear.objects.filter(is_closed=False, target_rows__isnull=False).values_list("year", flat=True)
    )
    return CalendarBook({y.year: FilingCalendar.of(y) for y in years}, planned)


@dataclass
class CalendarBook:
    """The filing calendar of each year (its deadline days are settings of the year)."""

    by_year: dict
    # Years with an open plan: only their months owe monthly returns (a year with no targets asks nothing).
    planned: set = field(default_factory=set)

    def of(self, day: dt.date) -> FilingCalendar:
        return self.by_year.get(day.year) or FilingCalendar()

    def plans(self, day: dt.date) -> bool:
        return day.year in self.planned


@dataclass
class UnitFacts:
    reports: dict = field(default_factory=lambda: defaultdict(list))  # month -> [Filing]
    funds: dict = field(default_factory=lambda: defaultdict(list))  # (project_id, month) -> [Filing]
    started: dict = field(default_factory=dict)  # project_id -> (label, start month)
    late: dict = field(default_factory=lambda: defaultdict(int))  # month -> late records (late=True)


def filing_facts(unit_ids, first: dt.date, last: dt.date, *, late: bool = False) -> dict[int, UnitFacts]:
    """What each unit filed for the months ``first`` … ``last``: four queries whatever the number of units, and with
    ``late`` three more for the late contracts, starts and activities of each month (only the center's matrix shows
    those; the home panel and the reminders, read at every filer's page at the month-end peak, do not)."""
    facts = {pk: UnitFacts() for pk in unit_ids}
    for row in MonthlyReport.objects.filter(unit_id__in=unit_ids, month__range=(first, last)).values(
        "pk", "unit_id", "month", "status", "is_late"
    ):
        facts[row["unit_id"]].reports[row["month"]].append(Filing(row["pk"], row["status"], row["is_late"]))

    credits = list(
        ProjectCredit.objects.filter(unit_id__in=unit_ids)
        .exclude(project__stage=Stage.PRODUCING)
        .filter(project__starts__status=Status.CONFIRMED)
        .values("unit_id", "project_id", "project__code", "project__name")
        .distinct()
    )
    project_ids = {c["project_id"] for c in credits}
    start_month = {
        r["project_id"]: calendar.month_start(r["started_on"])
        for r in ProjectStart.objects.filter(project_id__in=project_ids, status=Status.CONFIRMED).values(
            "project_id", "started_on"
        )
    }
    funds = defaultdict(dict)  # project -> {(project, month): [Filing]}: each credit reads only its project's
    for row in FundsInPlace.objects.filter(project_id__in=project_ids, month__range=(first, last)).values(
        "pk", "project_id", "month", "status", "is_late"
    ):
        key = (row["project_id"], row["month"])
        funds[row["project_id"]].setdefault(key, []).append(Filing(row["pk"], row["status"], row["is_late"]))
    for c in credits:
        unit_facts = facts[c["unit_id"]]
        unit_facts.started[c["project_id"]] = (
            f"{c['project__code']} {c['project__name']}",
            start_month[c["project_id"]],
        )
        unit_facts.funds.update(funds.get(c["project_id"], {}))
    if not late:
        return facts

    for model, date_field in ((Contract, "signed_on"), (ProjectStart, "started_on"), (Activity, "occurred_on")):
        rows = (
            model.objects.filter(unit_id__in=unit_ids, is_late=True, **{f"{date_field}__range": (first, last)})
            .annotate(m=TruncMonth(date_field))
            .values("unit_id", "m")
            .annotate(n=Count("pk"))
        )
        for row in rows:
            month = row["m"].date() if isinstance(row["m"], dt.datetime) else row["m"]
            facts[row["unit_id"]].late[month] += row["n"]
    return facts


def obligations_of(facts: UnitFacts, month: dt.date, book: CalendarBook, today: dt.date) -> list[calendar.Obligation]:
    """The report and funds-in-place returns a unit owes for ``month`` (none in a year without an open plan)."""
    if not book.plans(month):
        return []
    cal = book.of(month)
    items = [calendar.report_obligation(cal, month, facts.reports.get(month, []), today)]
    for pid, (label, start) in sorted(facts.started.items(), key=lambda kv: kv[1][0]):
        if start <= month:
            items.append(calendar.funds_obligation(cal, month, pid, label, facts.funds.get((pid, month), []), today))
    return items


# --- the center's unit × month matrix --------------------------------------------------------------------------


def matrix_units(year: AssessmentYear):
    """Assessed units of the year (rows of its breakdown table) and every unit that has filers."""
    with_rows = TargetRow.objects.filter(year=year).values("unit_id")
    with_filers = User.objects.filter(role=Role.FILER, is_active=True).values("unit_id")
    return Unit.objects.filter(Q(pk__in=with_rows) | Q(pk__in=with_filers)).order_by("position", "id")


@dataclass(frozen=True)
class MatrixCell:
    month: dt.date
    state: str | None
    items: tuple
    late_others: int

    @property
    def title(self) -> str:
        lines = [f"{o.label}：{o.state_label}" for o in self.items]
        if self.late_others:
            lines.append(f"另有 {self.late_others} 条合同/开工/活动记录逾期报送")
        return "\n".join(lines)

    @property
    def is_late(self) -> bool:
        return self.state == calendar.LATE or bool(self.late_others)


def status_matrix(year: AssessmentYear, today: dt.date):
    """Rows of (unit, [12 cells]) for the year: each cell the worst state of what the unit owed for that month."""
    units = list(matrix_units(year))
    months = [dt.date(year.year, m, 1) for m in range(1, 13)]
    facts = filing_facts([u.pk for u in units], months[0], months[-1], late=True)
    book = CalendarBook({year.year: FilingCalendar.of(year)}, {year.year})
    rows = []
    for unit in units:
        cells = []
        for month in months:
            if month > today:
                cells.append(MatrixCell(month, None, (), 0))
                continue
            items = tuple(obligations_of(facts[unit.pk], month, book, today))
            cells.append(MatrixCell(month, calendar.worst(o.state for o in items), items, facts[unit.pk].late[month]))
        rows.append((unit, cells))
    return months, rows


# --- a unit's home panel ------------------------------------------------------------------------------------------


@dataclass
class HomePanel:
    today: dt.date
    month: dt.date
    planned: bool
    contracts_due: dt.date
    this_month: list
    overdue: list
    open_records: list
    reminders: list

    @property
    def contracts_days_left(self) -> int:
        return (self.contracts_due - self.today).days


def open_records(unit, book: "CalendarBook | None" = None) -> list:
    """The unit's drafts and returned records, oldest first, each with its deadline."""
    book = book or calendars()
    records = []
    kinds = _open_kinds(unit)
    for kind, model in RECORD_MODELS.items():
        if kind not in kinds:
            continue
        qs = model.objects.filter(unit=unit, status__in=[Status.DRAFT, Status.RETURNED], pk__in=kinds[kind])
        if kind in ("contract", "start", "funds"):
            qs = qs.select_related("project")
        for record in qs:
            period = record.period
            due = calendar.due_date(book.of(period), kind, period)
            records.append((record, kind, due))
    return sorted(records, key=lambda r: (r[2], r[0].pk))


def _open_kinds(unit) -> dict[str, list[int]]:
    """{kind: [pk]} of the unit's drafts and returned records, in one query over the five tables (most units have
    none or a few: the records themselves are then read only for the kinds that have some)."""

    quote = connection.ops.quote_name
    sql = " UNION ALL ".join(  # the kinds are this module's own names, not input
        f"SELECT '{kind}', id FROM {quote(model._meta.db_table)} WHERE unit_id = %s AND status IN (%s, %s)"
        for kind, model in RECORD_MODELS.items()
    )
    params = [unit.pk, Status.DRAFT.value, Status.RETURNED.value] * len(RECORD_MODELS)
    found = defaultdict(list)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for kind, pk in cursor.fetchall():
            found[kind].append(pk)
    return found


def home_panel(unit, today: dt.date) -> HomePanel:
    month = calendar.month_start(today)
    last_month = calendar.add_months(month, -1)
    first = dt.date(today.year, 1, 1) if today.month > 1 else dt.date(today.year - 1, 1, 1)
    facts = filing_facts([unit.pk], first, month)[unit.pk]
    book = calendars()
    this_month = [*obligations_of(facts, month, book, today)[:1], *obligations_of(facts, last_month, book, today)[1:]]
    this_keys = {o.key for o in this_month}
    overdue = []
    m = first
    while m <= month:
        for o in obligations_of(facts, m, book, today):
            if o.key not in this_keys and o.state in (calendar.OVERDUE, calendar.RETURNED):
                overdue.append(o)
        m = calendar.add_months(m, 1)
    return HomePanel(
        today=today,
        month=month,
        planned=book.plans(today),
        contracts_due=calendar.contracts_due(book.of(today), today),
        this_month=this_month,
        overdue=overdue,
        open_records=open_records(unit, book),
        reminders=list(Reminder.objects.filter(unit=unit, day__gte=today - dt.timedelta(days=30))[:10]),
    )


def queue_counts() -> dict:
    """Submitted records waiting for the center, per kind."""
    return {kind: model.objects.filter(status=Status.SUBMITTED).count() for kind, model in RECORD_MODELS.items()}


# What makes two records of a kind the same filing: the auditor is warned before confirming a second one.
DUPLICATE_KEYS = {
    "contract": ("project_id", "kind", "signed_on", "amount"),
    "start": ("project_id", "started_on"),
    "funds": ("project_id", "month", "amount"),
    "activity": ("unit_id", "kind", "occurred_on", "title"),
    "report": ("unit_id", "month"),
}
KIND_NAMES = {"contract": "合同", "start": "开工", "funds": "到位资金", "activity": "招商活动", "report": "工作情况"}


def _chains(model, records) -> dict[int, set[int]]:
    """{pk: the record, the versions it corrects and the versions correcting it}: one filing, not duplicates. A few
    queries for the whole batch (one per level of corrections)."""
    parent = {r.pk: r.supersedes_id for r in records}
    frontier = {p for p in parent.values() if p and p not in parent}
    while frontier:
        rows = list(model.objects.filter(pk__in=frontier).values_list("pk", "supersedes_id"))
        parent.update(rows)
        frontier = {up for _, up in rows if up and up not in parent}
    children = defaultdict(set)
    for pk, up in model.objects.filter(supersedes_id__in=[r.pk for r in records]).values_list("pk", "supersedes_id"):
        children[up].add(pk)
    chains = {}
    for r in records:
        chain, pk = {r.pk}, r.supersedes_id
        while pk and pk not in chain:
            chain.add(pk)
            pk = parent.get(pk)
        chains[r.pk] = chain | children[r.pk]
    return chains


SHARED_FILE_NAMED = 5  # records named in a "same file" warning; more are counted


def queue_warnings(kind: str, records: list) -> dict[int, list[str]]:
    """{record pk: warnings} for submitted records in the auditor's queue: another live record of the same project,
    kind, date or month and amount (a likely duplicate), and an evidence file (same SHA-256) already attached to a
    different record. A record's own correction chain is neither."""
    warnings: dict[int, list[str]] = defaultdict(list)
    if not records:
        return warnings
    model = RECORD_MODELS[kind]
    keys = DUPLICATE_KEYS[kind]
    chains = _chains(model, records)
    scope = keys[0]
    others = defaultdict(list)
    candidates = model.objects.filter(**{f"{scope}__in": {getattr(r, scope) for r in records}}).exclude(
        status=Status.SUPERSEDED
    )
    for row in candidates.values("pk", "status", *keys):
        others[tuple(row[k] for k in keys)].append(row)
    for r in records:
        for row in others[tuple(getattr(r, k) for k in keys)]:
            if row["pk"] not in chains[r.pk]:
                status = Status(row["status"]).label
                warnings[r.pk].append(f"疑似重复：与{KIND_NAMES[kind]} #{row['pk']}（{status}）内容相同")
    types = {ct.pk: ct for ct in ContentType.objects.get_for_models(*RECORD_MODELS.values()).values()}
    kind_of_type = {ct.pk: next(k for k, m in RECORD_MODELS.items() if m is ct.model_class()) for ct in types.values()}
    own_type = ContentType.objects.get_for_model(model).pk
    files = set()
    for r in records:
        evidence = r.active_evidence if hasattr(r, "active_evidence") else r.evidence.active()
        files.update((r.pk, e.sha256) for e in evidence)
    if files:
        shared = defaultdict(set)
        for row in (
            Evidence.objects.active()
            .filter(sha256__in={sha for _, sha in files})
            .values("sha256", "content_type_id", "object_id")
        ):
            shared[row["sha256"]].add((row["content_type_id"], row["object_id"]))
        # One line a file, naming the first few records that hold it too: a month-end batch can share one scanned
        # file with hundreds of records, and a line for each of them would bury the row.
        holders = {}
        for sha in {sha for _, sha in files}:
            entries, said = [], set()
            for type_id, object_id in sorted(shared[sha]):
                what = f"{KIND_NAMES[kind_of_type[type_id]]} #{object_id}" if type_id in kind_of_type else "项目"
                if what not in said:
                    said.add(what)
                    entries.append((object_id if type_id == own_type else None, what))
            holders[sha] = entries
        for pk, sha in sorted(files):
            chain = chains[pk]
            others = [what for own, what in holders[sha] if own is None or own not in chain]
            if not others:
                continue
            named = "、".join(others[:SHARED_FILE_NAMED])
            more = f"等 {len(others)} 条记录" if len(others) > SHARED_FILE_NAMED else ""
            message = f"佐证材料与{named}{more}的佐证材料是同一文件（SHA-256 {sha[:12]}…）"
            if message not in warnings[pk]:
                warnings[pk].append(message)
    return warnings


def projects_as_of(as_of: dt.date):
    """The project library as it stood on a cut-off, each project annotated with ``stage_then``: projects entered
    for a year after the cut-off's are left out; a project was 开工 from its confirmed start's date, 签约 from its
    first confirmed formal contract's date (the same records ``stage_floor`` reads), and before those in the stage
    it holds now if that is 储备 (else 在谈: every signed project was negotiated first). 投产 is kept only once the
    project had started by the cut-off. Read from the records' own dates, so a cut-off in the past shows the
    library of that day, not today's."""
    started = Exists(
        ProjectStart.objects.filter(project=OuterRef("pk"), status=Status.CONFIRMED, started_on__lte=as_of)
    )
    signed = Exists(
        Contract.objects.filter(
            project=OuterRef("pk"), status=Status.CONFIRMED, kind=ContractKind.FORMAL, signed_on__lte=as_of
        )
    )
    return Project.objects.filter(year__year__lte=as_of.year).annotate(
        stage_then=Case(
            When(started & Q(stage=Stage.PRODUCING), then=Value(Stage.PRODUCING)),
            When(started, then=Value(Stage.STARTED)),
            When(signed, then=Value(Stage.SIGNED)),
            When(stage=Stage.RESERVE, then=Value(Stage.RESERVE)),
            default=Value(Stage.NEGOTIATING),
        )
    )


def confirmations_since(moment) -> int:
    """Records confirmed (by the auditor, or imported as confirmed) after a moment: what a snapshot computed then
    does not yet show (the bulletin draft says so)."""
    return RecordEvent.objects.filter(
        at__gt=moment, action__in=[RecordEvent.Action.CONFIRM, RecordEvent.Action.IMPORT], to_status=Status.CONFIRMED
    ).count()


def project_history(project, proposals=None) -> list[RecordEvent]:
    """The project's own history, oldest first: its entry, edits, shares and files (its ``RecordEvent`` rows) and
    the events of its fact proposals (``proposal`` set on those; ``proposals``, all of the project's, when the caller
    has read them already) — never the audit trail, which only the audit admin reads and the retention purge
    shortens."""
    if proposals is None:
        proposals = FactProposal.objects.filter(project=project)
    proposals = {p.pk: p for p in proposals}
    project_type = ContentType.objects.get_for_model(Project)
    proposal_type = ContentType.objects.get_for_model(FactProposal)
    events = list(
        RecordEvent.objects.filter(
            Q(content_type=project_type, object_id=project.pk)
            | Q(content_type=proposal_type, object_id__in=list(proposals))
        )
        .select_related("by__unit")
        .order_by("at", "id")
    )
    for event in events:
        event.proposal = proposals.get(event.object_id) if event.content_type_id == proposal_type.pk else None
    return events
