"""Row-level security by office on the privacy tables (PostgreSQL only).

The same rule as 0001_office_wall: legal holds, the deletion log and erasure
requests name a citizen's case or person, so they stay inside the office.
The retention setting (privacy_retentionpolicy) holds no personal data.
"""

from __future__ import annotations

from django.db import migrations

POLICY = "office_wall"
OFFICE = "NULLIF(current_setting('borgerraadgiver.office_id', true), '')::bigint"
ALL = "current_setting('borgerraadgiver.all_offices', true) = 'on'"

TABLES = ["privacy_legalhold", "privacy_retentionrecord", "privacy_erasurerequest"]


def enable(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    rule = f"(office_id = {OFFICE}) OR {ALL}"
    for table in TABLES:
        schema_editor.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        schema_editor.execute(f"DROP POLICY IF EXISTS {POLICY} ON {table}")
        schema_editor.execute(
            f"CREATE POLICY {POLICY} ON {table} FOR ALL USING ({rule}) WITH CHECK ({rule})"
        )


def disable(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP POLICY IF EXISTS {POLICY} ON {table}")
        schema_editor.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")


class Migration(migrations.Migration):
    dependencies = [
        ("rls", "0001_office_wall"),
        ("privacy", "0001_initial"),
    ]

    operations = [migrations.RunPython(enable, disable, elidable=False)]
