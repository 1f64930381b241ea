"""The audit trail is append-only in the database itself (PostgreSQL, the production store).

A trigger refuses every DELETE and every UPDATE of ``core_auditentry``, except the one change
Django makes by itself: setting ``actor`` to NULL when the acting person is deleted (the entry
keeps ``actor_name``). Even the application's own database role cannot rewrite history; only
someone who drops the trigger (an owner's DDL, visible in the logs) can. SQLite has no such
guard: it is for development. TRUNCATE is not guarded (Django's test flush uses it): the
production role is granted no TRUNCATE privilege (docs/services.md, "Audit trail").
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION core_auditentry_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE'
       AND NEW.actor_id IS NULL AND OLD.actor_id IS NOT NULL
       AND (NEW.id, NEW.actor_name, NEW.at, NEW.action, NEW.object_type, NEW.object_id,
            NEW.before::text, NEW.after::text, NEW.note)
           IS NOT DISTINCT FROM
           (OLD.id, OLD.actor_name, OLD.at, OLD.action, OLD.object_type, OLD.object_id,
            OLD.before::text, OLD.after::text, OLD.note)
    THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'the audit trail is append-only (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER core_auditentry_append_only
    BEFORE UPDATE OR DELETE ON core_auditentry
    FOR EACH ROW EXECUTE FUNCTION core_auditentry_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS core_auditentry_append_only ON core_auditentry;
DROP FUNCTION IF EXISTS core_auditentry_append_only();
"""


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("core", "0004_outbox_notices_periodic_audit")]

    operations = [migrations.RunPython(forwards, backwards)]
