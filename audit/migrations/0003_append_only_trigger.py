"""PostgreSQL refuses UPDATE and DELETE on the audit trail, except the retention purge of rows past 180 days.

The purge (audit.retention) sets the transaction-local variable wushan.audit_purge_before; the trigger lets a DELETE
through only for a row older than that instant, and only when that instant is itself at least 180 days ago. No
setting or code path in the application can shorten that: the floor is written here. SQLite has no such guard
(development only); the ORM refuses updates and deletes on every database.
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    purge_before timestamptz;
BEGIN
    IF TG_OP = 'DELETE' THEN
        purge_before := NULLIF(current_setting('wushan.audit_purge_before', true), '')::timestamptz;
        IF purge_before IS NOT NULL AND purge_before <= now() - interval '180 days' AND OLD.at < purge_before THEN
            RETURN OLD;
        END IF;
        RAISE EXCEPTION 'audit_auditevent is append-only: row % is within the retention period', OLD.id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RAISE EXCEPTION 'audit_auditevent is append-only: row % cannot be updated', OLD.id
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
DROP TRIGGER IF EXISTS audit_event_append_only ON audit_auditevent;
CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS audit_event_append_only ON audit_auditevent;
DROP FUNCTION IF EXISTS audit_event_append_only();
"""


class RunSQLOnPostgreSQL(migrations.RunSQL):
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_user_kept_without_constraint")]

    operations = [RunSQLOnPostgreSQL(FORWARD, BACKWARD)]
