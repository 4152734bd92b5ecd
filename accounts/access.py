"""Who may do what. Every view asks this module; no view checks a role by hand.

Two kinds of question:
- a capability (``can(user, "records.audit")``), checked by the ``@requires(...)`` view decorator;
- an object (``get_unit_or_404(user, pk)``): one helper per model, which returns 404 for objects the user may not
  see, so that nobody learns that another unit's record exists. Those live beside the models, in each app's
  ``access.py`` (targets, projects, scoring, reports), and answer through ``can`` here.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from accounts.models import Role
from audit.models import AuditEvent
from audit.services import audit_log

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
    # target enterprises and 三图一表 (issue 14): every reader sees the chain maps; units keep their own targets
    "enterprises.view": READERS,
    "enterprises.manage": {F, AU},
    "enterprises.import": {AU},
    "chains.edit": {AU},
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
    "enterprises.view",
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
    audit_log(
        action="access.denied",
        by=request.user,
        outcome=AuditEvent.Outcome.DENIED,
        request=request,
        detail={"path": request.path[:300], "method": request.method, "capabilities": list(capabilities)},
    )


def sees_all_units(user) -> bool:
    return can(user, "units.view_all")


def login_or_forbidden(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied
