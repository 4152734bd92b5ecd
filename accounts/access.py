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
