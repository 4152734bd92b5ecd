"""Who may do what. Every view asks this module; no view checks a role by hand.

Two kinds of question:
- a capability (``can(user, "records.audit")``), checked by the ``@requires(...)`` view decorator;
- an object (``get_unit_or_404(user, pk)``): one helper per model, which returns 404 for objects the user may not
  see, so that nobody learns that another unit's record exists.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from accounts.models import Role

F, AU, L, OF, AD, AA = Role.FILER, Role.AUDITOR, Role.LEADER, Role.OFFICE, Role.ADMIN, Role.AUDIT_ADMIN
READERS = {F, AU, L, OF}  # everyone who works with the business data
STAFF_READERS = {AU, L, OF}  # who reads every unit's data

# capability -> roles that hold it. Superusers hold every capability.
CAPABILITIES: dict[str, set[str]] = {
    # the plan
    "targets.view": READERS | {AD},
    "targets.import": {AU, AD},
    "targets.export": READERS | {AD},
    "units.view_all": STAFF_READERS | {AD},
    "units.view_accounts": STAFF_READERS | {AD},
    # filing and audit
    "records.view": READERS,
    "records.file": {F},
    "records.audit": {AU},
    "records.import": {AU},
    "projects.manage": {F, AU},
    "activities.manage_required": {AU},
    "filing.status_matrix": {AU, OF, L},
    # scoring
    "scores.view": READERS,
    "scheme.view": READERS | {AD},
    "scheme.edit": {AD},
    "ratings.manage": {AU},
    "appraisal.manage": {AU},
    # reports
    "reports.view": READERS,
    "dashboard.county": STAFF_READERS,
    "dashboard.my_units": {L},
    "dashboard.unit": READERS,
    "dashboard.office": {OF, AU},
    "review.view": STAFF_READERS,
    "notice.view": READERS,
    "five_colour.view": READERS,  # goes out with the monthly bulletin to every unit (DOMAIN.md §5.4)
    "bulletin.publish": {OF},
    "bulletin.edit": {OF, AU},
    "reports.sample": STAFF_READERS | {AD},
    # administration
    "accounts.manage": {AD},
    "auditlog.view": {AA},
}


# 三员分立 (separation of duties; GB/T 22239-2019 8.1.4.2): the system admin administers (accounts, units, years,
# the scheme) and reads, but writes no business data; the audit admin reads the audit trail and does nothing else;
# nobody else reads the trail, and nobody at all writes it except through audit.services.audit_log.
# Every capability not listed as reading or administration writes business data. accounts.checks enforces this.
READ_CAPABILITIES = {
    "targets.view",
    "targets.export",
    "units.view_all",
    "units.view_accounts",
    "records.view",
    "filing.status_matrix",
    "scores.view",
    "scheme.view",
    "reports.view",
    "dashboard.county",
    "dashboard.my_units",
    "dashboard.unit",
    "dashboard.office",
    "review.view",
    "notice.view",
    "five_colour.view",
    "reports.sample",
}
ADMINISTRATION_CAPABILITIES = {"accounts.manage", "scheme.edit", "targets.import"}
AUDIT_CAPABILITIES = {"auditlog.view"}


def separation_of_duties_problems(capabilities: dict[str, set[str]] | None = None) -> list[str]:
    """Breaches of 三员分立 in a capability table (the real one by default), in Chinese, one per breach."""
    problems = []
    for capability, roles in (CAPABILITIES if capabilities is None else capabilities).items():
        if capability in AUDIT_CAPABILITIES:
            if roles - {AA}:
                problems.append(f"审计日志权限 {capability} 只能授予审计管理员，不能授予 {sorted(roles - {AA})}")
            continue
        if AA in roles:
            problems.append(f"审计管理员只能查阅审计日志，不能持有 {capability}")
        if AD in roles and capability not in READ_CAPABILITIES | ADMINISTRATION_CAPABILITIES:
            problems.append(f"系统管理员不能修改业务数据，不能持有 {capability}（若它只读，请列入 READ_CAPABILITIES）")
    return problems


def can(user, capability: str) -> bool:
    if capability not in CAPABILITIES:
        raise KeyError(f"unknown capability {capability!r}")
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return user.role in CAPABILITIES[capability]


def requires(*capabilities: str):
    """View decorator: the user must be signed in and hold every capability named, else login or 403."""
    for capability in capabilities:
        if capability not in CAPABILITIES:
            raise KeyError(f"unknown capability {capability!r}")

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not all(can(request.user, c) for c in capabilities):
                _audit_denial(request, capabilities)
                raise PermissionDenied("您没有权限访问此页面。")
            return view(request, *args, **kwargs)

        wrapper.required_capabilities = capabilities
        return wrapper

    return decorator


def _audit_denial(request, capabilities):
    from audit.models import AuditEvent
    from audit.services import audit_log

    audit_log(
        action="access.denied",
        by=request.user,
        outcome=AuditEvent.Outcome.DENIED,
        request=request,
        detail={"path": request.path[:300], "method": request.method, "capabilities": list(capabilities)},
    )


def sees_all_units(user) -> bool:
    return can(user, "units.view_all")


# --- one helper per model -------------------------------------------------------------------------------------


def visible_units(user):
    """Units whose data the user may read: a filer only their own."""
    from targets.models import Unit

    if sees_all_units(user):
        return Unit.objects.all()
    if getattr(user, "role", None) == F and user.unit_id:
        return Unit.objects.filter(pk=user.unit_id)
    return Unit.objects.none()


def get_unit_or_404(user, pk):
    return get_object_or_404(visible_units(user), pk=pk)


def visible_leaders(user):
    from targets.models import Leader

    if sees_all_units(user):
        return Leader.objects.all()
    return Leader.objects.none()


def get_leader_or_404(user, pk):
    return get_object_or_404(visible_leaders(user), pk=pk)


def get_finding_or_404(user, pk):
    from scoring.models import AppraisalFinding

    if not can(user, "appraisal.manage"):
        raise PermissionDenied
    return get_object_or_404(AppraisalFinding.objects.select_related("year", "unit"), pk=pk)


def may_view_unit(user, unit) -> bool:
    """Whether a link to the unit's page may be shown (the same rule as visible_units, without a query)."""
    if sees_all_units(user):
        return True
    return getattr(user, "role", None) == F and user.unit_id is not None and user.unit_id == getattr(unit, "pk", unit)


def may_view_leaders(user) -> bool:
    return sees_all_units(user)


def my_units(user, year):
    """ "My units": for a leader, the units they lead in the year's breakdown table; for a filer, their own unit.
    A view, not a restriction: leaders still read every unit."""
    from targets.models import Unit

    role = getattr(user, "role", None)
    if role == L and user.leader_id and year is not None:
        return Unit.objects.filter(
            target_rows__year=year, target_rows__leader_links__leader_id=user.leader_id
        ).distinct()
    if role == F and user.unit_id:
        return Unit.objects.filter(pk=user.unit_id)
    return Unit.objects.none()


def my_target_rows(user, year):
    """The breakdown rows behind "my units": the rows a leader leads, or all rows of a filer's unit, in the year."""
    from targets.models import TargetRow

    role = getattr(user, "role", None)
    if year is None:
        return TargetRow.objects.none()
    if role == L and user.leader_id:
        return TargetRow.objects.filter(year=year, leader_links__leader_id=user.leader_id)
    if role == F and user.unit_id:
        return TargetRow.objects.filter(year=year, unit_id=user.unit_id)
    return TargetRow.objects.none()


def may_write_unit(user, unit) -> bool:
    """A filer writes only their own unit's records; auditors write on behalf of any unit."""
    if can(user, "records.audit"):
        return True
    return can(user, "records.file") and user.unit_id == getattr(unit, "pk", unit)


def login_or_forbidden(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied


# --- projects and records (issue 3) ------------------------------------------------------------------------------


def _unit_id(user):
    return getattr(user, "unit_id", None) if getattr(user, "role", None) == F and not user.is_superuser else None


def visible_projects(user):
    """Projects the user may read: staff readers all; a filer those credited to their unit."""
    from projects.models import Project

    if sees_all_units(user) or getattr(user, "is_superuser", False):
        return Project.objects.all()
    if can(user, "records.view") and _unit_id(user):
        return Project.objects.filter(credits__unit_id=user.unit_id).distinct()
    return Project.objects.none()


def get_project_or_404(user, pk):
    return get_object_or_404(visible_projects(user), pk=pk)


def may_edit_project(user, project) -> bool:
    """Auditors keep the whole library; a filer edits the projects credited to their unit."""
    if can(user, "records.audit") and can(user, "projects.manage"):
        return True
    if not can(user, "projects.manage"):
        return False
    return project.credits.filter(unit_id=user.unit_id).exists()


def may_change_credits(user, project) -> bool:
    """Shares decide other units' scores: once anything on the project is confirmed only the center changes them."""
    if not may_edit_project(user, project):
        return False
    if can(user, "records.audit"):
        return True
    from projects.models import Status

    return not any(
        getattr(project, rel).filter(status__in=[Status.CONFIRMED, Status.SUPERSEDED]).exists()
        for rel in ("contracts", "starts", "funds")
    )


def may_file_on_project(user, project) -> bool:
    """A filer files contracts, starts and funds only on projects credited to their unit."""
    return can(user, "records.file") and bool(user.unit_id) and project.credits.filter(unit_id=user.unit_id).exists()


def visible_records(user, model):
    """Records of one kind the user may read: staff readers all; a filer their unit's and those on projects credited
    to their unit (a joint project's records decide both units' figures)."""
    from django.db.models import Q

    if sees_all_units(user) or getattr(user, "is_superuser", False):
        return model.objects.all()
    unit_id = _unit_id(user)
    if not (can(user, "records.view") and unit_id):
        return model.objects.none()
    if any(f.name == "project" for f in model._meta.fields):
        ids = model.objects.filter(Q(unit_id=unit_id) | Q(project__credits__unit_id=unit_id)).values("pk")
        return model.objects.filter(pk__in=ids)
    return model.objects.filter(unit_id=unit_id)


def get_record_or_404(user, kind, pk):
    from django.http import Http404

    from projects.services import RECORD_MODELS

    model = RECORD_MODELS.get(kind)
    if model is None:
        raise Http404("没有这种记录")
    return get_object_or_404(visible_records(user, model), pk=pk)


def may_write_record(user, record) -> bool:
    """Only the filing unit's filers change, submit or correct a record."""
    return can(user, "records.file") and bool(user.unit_id) and record.unit_id == user.unit_id


def get_evidence_or_404(user, pk):
    """An evidence file, if the user may see what it is attached to."""
    from django.http import Http404

    from projects.models import Evidence, Project
    from projects.services import RECORD_MODELS

    evidence = get_object_or_404(Evidence.objects.select_related("content_type"), pk=pk, removed_at__isnull=True)
    model = evidence.content_type.model_class()
    if model is Project:
        visible = visible_projects(user)
    elif model in RECORD_MODELS.values():
        visible = visible_records(user, model)
    else:
        raise Http404
    if not visible.filter(pk=evidence.object_id).exists():
        raise Http404
    return evidence


def may_remove_evidence(user, evidence, target) -> bool:
    from projects.models import Project

    if isinstance(target, Project):
        return may_edit_project(user, target) and evidence.uploaded_by_id == user.pk
    return may_write_record(user, target) and target.is_editable


def visible_required_events(user):
    from projects.models import RequiredEvent

    if sees_all_units(user) or getattr(user, "is_superuser", False):
        return RequiredEvent.objects.all()
    unit_id = _unit_id(user)
    if can(user, "records.view") and unit_id:
        return RequiredEvent.objects.filter(attendance__unit_id=unit_id).distinct()
    return RequiredEvent.objects.none()


def get_required_event_or_404(user, pk):
    return get_object_or_404(visible_required_events(user), pk=pk)


def visible_bulletins(user):
    """Published bulletins for every reader; drafts too for those who edit them (the office, the center)."""
    from reports.models import Bulletin

    if can(user, "bulletin.edit"):
        return Bulletin.objects.all()
    if can(user, "reports.view"):
        return Bulletin.objects.filter(state=Bulletin.State.PUBLISHED)
    return Bulletin.objects.none()


def get_bulletin_or_404(user, year: int, month: int, *, allow_missing: bool = False):
    """The bulletin of a month, if the user may see it; ``allow_missing``: None when there is none yet and the user
    may prepare it (the office and the center preview a month before its draft exists)."""
    from django.http import Http404

    found = visible_bulletins(user).select_related("year", "published_by").filter(year__year=year, month=month).first()
    if found is None and not (allow_missing and can(user, "bulletin.edit")):
        raise Http404("该期月通报尚未发布")
    return found
