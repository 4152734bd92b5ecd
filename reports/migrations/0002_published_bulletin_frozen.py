"""PostgreSQL refuses any UPDATE or DELETE of a published bulletin: its snapshot, text and issue time are what was
sent out. reports.services already never writes one; this makes the database say so too. SQLite (development) has
no such guard."""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION reports_bulletin_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.state = 'published' THEN
        RAISE EXCEPTION 'reports_bulletin: bulletin % is published and cannot change', OLD.id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$;
DROP TRIGGER IF EXISTS reports_bulletin_frozen ON reports_bulletin;
CREATE TRIGGER reports_bulletin_frozen BEFORE UPDATE OR DELETE ON reports_bulletin
    FOR EACH ROW EXECUTE FUNCTION reports_bulletin_frozen();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS reports_bulletin_frozen ON reports_bulletin;
DROP FUNCTION IF EXISTS reports_bulletin_frozen();
"""


class RunSQLOnPostgreSQL(migrations.RunSQL):
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_bulletin")]

    operations = [RunSQLOnPostgreSQL(FORWARD, BACKWARD)]
