"""Row-level security by office on the case tables (PostgreSQL only).

A row is visible and writable when its office is the one named by the session
variable `borgerraadgiver.office_id`, or when `borgerraadgiver.all_offices` is
'on'. Not FORCE: the table owner (the role that runs `migrate`) and superusers
pass through, the application's own role does not (README, "Second wall").
The SQL is written out here, not imported, so this migration keeps meaning
what it meant when it was applied.
"""

from __future__ import annotations

from django.db import migrations

POLICY = "office_wall"
OFFICE = "NULLIF(current_setting('borgerraadgiver.office_id', true), '')::bigint"
ALL = "current_setting('borgerraadgiver.all_offices', true) = 'on'"

# Table -> the condition a row must meet.
CONDITIONS = {
    "inquiries_person": f"office_id = {OFFICE}",
    "inquiries_inquiry": f"office_id = {OFFICE}",
    "inquiries_complaintpoint": f"office_id = {OFFICE}",
    # A journal entry belongs to its inquiry's office.
    "inquiries_journalentry": (
        "EXISTS (SELECT 1 FROM inquiries_inquiry AS parent"
        f" WHERE parent.id = inquiries_journalentry.inquiry_id AND parent.office_id = {OFFICE})"
    ),
}


def enable(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, condition in CONDITIONS.items():
        rule = f"({condition}) OR {ALL}"
        schema_editor.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        schema_editor.execute(f"DROP POLICY IF EXISTS {POLICY} ON {table}")
        schema_editor.execute(
            f"CREATE POLICY {POLICY} ON {table} FOR ALL USING ({rule}) WITH CHECK ({rule})"
        )


def disable(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in CONDITIONS:
        schema_editor.execute(f"DROP POLICY IF EXISTS {POLICY} ON {table}")
        schema_editor.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")


class Migration(migrations.Migration):
    dependencies = [
        ("inquiries", "0008_person_cpr_plain_removed"),
        ("offices", "0002_office_secretary_capabilities_alter_user_role"),
    ]

    operations = [migrations.RunPython(enable, disable, elidable=False)]
