"""Every authentication event goes to the audit trail: sign-in, failure, lockout, sign-out."""

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from accounts.services import SECOND_FACTOR_SESSION_KEY, second_factor_owed
from audit.models import AuditEvent
from audit.services import audit_log


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    owed = second_factor_owed(user)
    if request is not None and hasattr(request, "session"):
        request.session[SECOND_FACTOR_SESSION_KEY] = owed
    audit_log(action="auth.login", by=user, request=request, detail={"second_factor": owed or "none"})


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        audit_log(action="auth.logout", by=user, request=request)


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    # LockoutBackend marks the request when the user name was already locked before this attempt.
    locked = getattr(request, "wushan_locked_out", False)
    detail = {"factor": credentials["factor"]} if "factor" in credentials else {}
    audit_log(
        action="auth.login_locked" if locked else "auth.login_failed",
        username=str(credentials.get("username", ""))[:150],
        outcome=AuditEvent.Outcome.DENIED if locked else AuditEvent.Outcome.FAILURE,
        request=request,
        detail=detail,
    )
    if request is not None:
        request.wushan_failure_logged = True
        pending = getattr(request, "wushan_lockout_pending", None)
        if pending:
            _log_lockout(request, pending)


@receiver(user_locked_out)
def on_locked_out(sender, request, username, ip_address=None, **kwargs):
    if getattr(request, "wushan_locked_out", False):
        return  # an attempt during a lockout, already logged as auth.login_locked
    # axes sends this from its own user_login_failed receiver; log the failure first, whichever receiver runs first.
    if getattr(request, "wushan_failure_logged", False):
        _log_lockout(request, username)
    else:
        request.wushan_lockout_pending = username or "?"


def _log_lockout(request, username):
    audit_log(
        action="auth.lockout",
        username=str(username or "")[:150],
        outcome=AuditEvent.Outcome.DENIED,
        request=request,
        detail={
            "failures": settings.AXES_FAILURE_LIMIT,
            "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        },
    )
