"""Account writes: passwords, the second factor, unlocking. Each is audited."""

from datetime import timedelta

from axes.utils import reset as axes_reset
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts import otp
from accounts.models import TOTPDevice
from audit.models import AuditEvent
from audit.services import audit_log

# What a session still owes after the password: "verify" a code, "setup" an authenticator, or "" (nothing).
SECOND_FACTOR_SESSION_KEY = "wushan_second_factor"


def password_expired(user, *, now=None) -> bool:
    days = settings.PASSWORD_MAX_AGE_DAYS
    if days <= 0 or not user.has_usable_password():
        return False
    changed = user.password_changed_at or user.date_joined
    return (now or timezone.now()) - changed > timedelta(days=days)


def second_factor_required(user) -> bool:
    return settings.OTP_REQUIRED and (user.is_superuser or user.role in settings.OTP_REQUIRED_ROLES)


def second_factor_owed(user) -> str:
    if TOTPDevice.objects.filter(user=user).exists():
        return "verify"
    return "setup" if second_factor_required(user) else ""


@transaction.atomic
def password_changed(*, user, request=None, expired: bool = False) -> None:
    """Record a change the user made through the password form (which has already saved it)."""
    audit_log(action="auth.password_change", by=user, obj=user, request=request, detail={"was_expired": expired})


@transaction.atomic
def totp_enrol(*, user, secret: str, code: str, request=None) -> TOTPDevice:
    step = otp.matching_step(secret, code)
    if step is None:
        audit_log(action="auth.otp_enrol", by=user, obj=user, outcome=AuditEvent.Outcome.FAILURE, request=request)
        raise ValidationError("验证码不正确：请核对手机时间，输入身份验证器中当前显示的 6 位数字。", code="bad_code")
    if TOTPDevice.objects.filter(user=user).exists():
        raise ValidationError("此账号已启用双因素认证；如需更换手机，请联系系统管理员重置。", code="exists")
    device = TOTPDevice.objects.create(user=user, secret=secret, last_used_step=step)
    audit_log(action="auth.otp_enrol", by=user, obj=user, request=request)
    return device


def totp_check(*, user, code: str) -> bool:
    """True when ``code`` is the user's current code and was not used before (a used code is refused)."""
    device = TOTPDevice.objects.filter(user=user).first()
    if device is None:
        return False
    step = otp.matching_step(device.secret, code)
    if step is None:
        return False
    # Conditional update: of two requests racing with the same code, only one wins.
    return TOTPDevice.objects.filter(pk=device.pk, last_used_step__lt=step).update(last_used_step=step) == 1


@transaction.atomic
def totp_reset(*, user, by, request=None) -> None:
    """An admin removes a user's authenticator (lost phone); the user enrols again at the next sign-in."""
    deleted, _ = TOTPDevice.objects.filter(user=user).delete()
    audit_log(action="account.otp_reset", by=by, obj=user, request=request, detail={"had_device": bool(deleted)})


@transaction.atomic
def account_unlock(*, user, by, request=None) -> int:
    """Lift a sign-in lockout before its 15 minutes are up."""
    cleared = axes_reset(username=user.get_username())
    audit_log(action="account.unlock", by=by, obj=user, request=request, detail={"attempts_cleared": cleared})
    return cleared
