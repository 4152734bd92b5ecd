"""Removing audit events past the retention period: the one delete the append-only trail allows."""

from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from audit.models import RETENTION_FLOOR_DAYS, AuditEvent
from audit.services import audit_log


def retention_cutoff(*, now=None, days=None):
    days = settings.AUDIT_RETENTION_DAYS if days is None else days
    if days < RETENTION_FLOOR_DAYS:
        raise ValueError(f"审计日志至少保存 {RETENTION_FLOOR_DAYS} 天，不能设为 {days} 天。")
    return (now or timezone.now()) - timedelta(days=days)


@transaction.atomic
def audit_purge(*, now=None, dry_run: bool = False) -> int:
    """Delete events older than AUDIT_RETENTION_DAYS (never fewer than 180); the purge itself is logged."""
    cutoff = retention_cutoff(now=now)
    if connection.vendor == "postgresql":
        # The trigger measures from the database's clock (its transaction start): use the same clock here.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('wushan.audit_purge_before', (now() - make_interval(days => %s))::text, true),"
                " now() - make_interval(days => %s)",
                [settings.AUDIT_RETENTION_DAYS, settings.AUDIT_RETENTION_DAYS],
            )
            cutoff = cursor.fetchone()[1]
    old = AuditEvent.objects.filter(at__lt=cutoff)
    if dry_run:
        return old.count()
    deleted, _ = old._purge()
    audit_log(
        action="auditlog.purge",
        detail={"before": cutoff.isoformat(), "deleted": deleted, "retention_days": settings.AUDIT_RETENTION_DAYS},
    )
    return deleted
