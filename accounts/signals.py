"""Sign-in, failure and sign-out go to the audit trail."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from audit.models import AuditEvent
from audit.services import audit_log


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    audit_log(action="auth.login", by=user, request=request)


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        audit_log(action="auth.logout", by=user, request=request)


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    audit_log(
        action="auth.login_failed",
        username=str(credentials.get("username", ""))[:150],
        outcome=AuditEvent.Outcome.FAILURE,
        request=request,
    )
