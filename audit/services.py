"""The one way to write the audit trail."""

from audit.client_ip import client_ip
from audit.context import current_request
from audit.models import AuditEvent


def audit_log(
    *,
    action: str,
    by=None,
    obj=None,
    outcome: str = AuditEvent.Outcome.SUCCESS,
    detail=None,
    request=None,
    username: str = "",
) -> AuditEvent:
    """Append one event. ``obj`` is any model instance (its type, primary key and str are kept). The address is the
    request's: the one handed in, else the one being served (``audit.context``), else none (a command)."""
    user = by if getattr(by, "pk", None) else None
    return AuditEvent.objects.create(
        user=user,
        username=username or (user.get_username() if user else ""),
        ip=client_ip(request if request is not None else current_request()),
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        outcome=outcome,
        detail=_without_nul(detail or {}),
    )


def audit_log_many(*, action: str, by, objs, detail=None, batch_size: int = 1000) -> None:
    """One event per object, as ``audit_log`` would write each, in a few INSERTs (a ledger import of 20,000 records)."""
    user = by if getattr(by, "pk", None) else None
    username = user.get_username() if user else ""
    ip = client_ip(current_request())
    detail = _without_nul(detail or {})
    AuditEvent.objects.bulk_create(
        (
            AuditEvent(
                user=user,
                username=username,
                ip=ip,
                action=action,
                object_type=obj._meta.label_lower,
                object_id=str(obj.pk),
                object_repr=str(obj)[:200],
                detail=detail,
            )
            for obj in objs
        ),
        batch_size=batch_size,
    )


def _without_nul(value):
    """The detail with NUL characters dropped from every string: PostgreSQL's jsonb refuses \\u0000 (a 500 instead of
    the event)."""
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, dict):
        return {_without_nul(k): _without_nul(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_without_nul(v) for v in value]
    return value
