"""Row-level security on the audit trail (PostgreSQL only): insert always, read own office.

A record is written by whoever acts, also before anyone's office is known (a
rejected login), so inserting is open. Reading is held to the office named by
`borgerraadgiver.office_id`, or every office with `borgerraadgiver.all_offices`;
a session with no office (the login page, the system operator) reads only the
records that have no office either (rejected logins of unknown names, the
operator's own). Django inserts with RETURNING, which PostgreSQL checks against
the read rule too, so each writer can write exactly what it may read back; the
service that records a rejected login for a known user's office opens
`all_offices` for that one insert.

There is no UPDATE or DELETE policy, so the application's role can do neither
even where a grant would allow it (rls_grant grants only SELECT and INSERT on
this table); the trigger of audit 0001/0002 refuses them for every role, save
the prune of rows older than six months (README, "Audit trail").
"""

from __future__ import annotations

from django.db import migrations

TABLE = "audit_accessrecord"
OFFICE = "NULLIF(current_setting('borgerraadgiver.office_id', true), '')::bigint"
ALL = "current_setting('borgerraadgiver.all_offices', true) = 'on'"
READ = f"office_id = {OFFICE} OR {ALL} OR (office_id IS NULL AND {OFFICE} IS NULL)"


def enable(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"ALTER TABLE {TABLE} ENABLE ROW LEVEL SECURITY")
    schema_editor.execute(f"DROP POLICY IF EXISTS audit_insert ON {TABLE}")
    schema_editor.execute(f"DROP POLICY IF EXISTS audit_read ON {TABLE}")
    schema_editor.execute(f"CREATE POLICY audit_insert ON {TABLE} FOR INSERT WITH CHECK (true)")
    schema_editor.execute(f"CREATE POLICY audit_read ON {TABLE} FOR SELECT USING ({READ})")


def disable(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP POLICY IF EXISTS audit_insert ON {TABLE}")
    schema_editor.execute(f"DROP POLICY IF EXISTS audit_read ON {TABLE}")
    schema_editor.execute(f"ALTER TABLE {TABLE} DISABLE ROW LEVEL SECURITY")


class Migration(migrations.Migration):
    dependencies = [
        ("rls", "0003_office_wall_casework"),
        ("audit", "0002_accessrecord_refused_login_prune"),
    ]

    operations = [migrations.RunPython(enable, disable, elidable=False)]
