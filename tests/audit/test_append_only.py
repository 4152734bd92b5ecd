"""The audit trail is append-only: the ORM refuses, PostgreSQL's trigger refuses, only the retention purge deletes."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from audit.models import AppendOnlyError, AuditEvent
from audit.retention import audit_purge, retention_cutoff
from audit.services import audit_log

on_postgresql = pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"], reason="the trigger exists on PostgreSQL only"
)


def days_ago(time_machine, days, action="test.event"):
    """An event written ``days`` ago by the real clock (PostgreSQL's trigger uses the real clock)."""
    now = timezone.now()
    time_machine.move_to(now - timedelta(days=days), tick=False)
    event = audit_log(action=action)
    time_machine.move_to(now, tick=False)
    return event


def test_the_orm_refuses_to_change_an_event(db):
    event = audit_log(action="test.event")
    event.action = "test.forged"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(action="test.forged")


def test_the_orm_refuses_to_delete_an_event(db):
    event = audit_log(action="test.event")
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()


@on_postgresql
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_auditevent SET action = 'test.forged'",
        "UPDATE audit_auditevent SET user_id = NULL",
        "DELETE FROM audit_auditevent",
    ],
)
def test_postgresql_refuses_raw_updates_and_deletes(db, sql):
    audit_log(action="test.event")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)
    assert AuditEvent.objects.filter(action="test.event").count() == 1


@on_postgresql
def test_postgresql_refuses_a_purge_that_names_a_recent_instant(db, time_machine):
    days_ago(time_machine, 30)
    with pytest.raises(DatabaseError, match="retention period"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('wushan.audit_purge_before', now()::text, true)")
            cursor.execute("DELETE FROM audit_auditevent")


@on_postgresql
def test_postgresql_lets_the_purge_remove_only_rows_past_180_days(db):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT set_config('wushan.audit_purge_before', (now() - interval '180 days')::text, true)")
        # a row older than the instant may go; the statement fails as a whole if any younger row is touched
        cursor.execute(
            "INSERT INTO audit_auditevent (at, username, action, object_type, object_id, object_repr, "
            "outcome, detail) VALUES (now() - interval '200 days', '', 'old', '', '', '', 'success', '{}')"
        )
        cursor.execute("DELETE FROM audit_auditevent WHERE action = 'old'")
        assert cursor.rowcount == 1


def test_the_purge_removes_events_past_the_retention_period_and_logs_itself(db, time_machine):
    old = days_ago(time_machine, 211)
    recent = days_ago(time_machine, 171)
    assert audit_purge() == 1
    remaining = set(AuditEvent.objects.values_list("pk", flat=True))
    assert old.pk not in remaining and recent.pk in remaining
    purge = AuditEvent.objects.get(action="auditlog.purge")
    assert purge.detail["deleted"] == 1 and purge.detail["retention_days"] == 180


@on_postgresql
def test_the_purge_works_through_the_trigger_on_postgresql(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO audit_auditevent (at, username, action, object_type, object_id, object_repr, "
            "outcome, detail) VALUES (now() - interval '400 days', '', 'old', '', '', '', 'success', '{}')"
        )
    audit_log(action="recent")
    assert audit_purge() == 1
    assert set(AuditEvent.objects.values_list("action", flat=True)) == {"recent", "auditlog.purge"}


def test_a_longer_configured_retention_keeps_more(db, time_machine, settings):
    settings.AUDIT_RETENTION_DAYS = 365
    days_ago(time_machine, 211)
    assert audit_purge(dry_run=True) == 0


def test_retention_below_180_days_is_refused():
    with pytest.raises(ValueError, match="至少保存 180 天"):
        retention_cutoff(days=90)


def test_the_purge_command_reports_in_chinese(db, capsys):
    call_command("purge_audit_log", "--dry-run")
    assert "保存期限 180 天：将删除" in capsys.readouterr().out


def test_events_survive_the_removal_of_their_user(db, auditor):
    audit_log(action="test.event", by=auditor)
    with transaction.atomic():
        type(auditor).objects.filter(pk=auditor.pk).delete()
    event = AuditEvent.objects.get(action="test.event")
    assert event.user_id == auditor.pk and event.username == "auditor"
