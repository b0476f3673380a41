"""Row-level security by office on the casework tables (PostgreSQL only).

The same rule as 0001_office_wall. Screenings, department requests, statements,
deadlines and letters carry their office; a deadline's extension reaches it
through its deadline, a pause through its inquiry, and a request's complaint
points (the many-to-many table) through the request. The office's casework
rules and letter templates hold no citizen data and stay outside (rls/tables.py).
"""

from __future__ import annotations

from django.db import migrations

POLICY = "office_wall"
OFFICE = "NULLIF(current_setting('borgerraadgiver.office_id', true), '')::bigint"
ALL = "current_setting('borgerraadgiver.all_offices', true) = 'on'"


def _through(table: str, column: str, parent: str) -> str:
    return (
        f"EXISTS (SELECT 1 FROM {parent} AS parent"
        f" WHERE parent.id = {table}.{column} AND parent.office_id = {OFFICE})"
    )


CONDITIONS = {
    "casework_screening": f"office_id = {OFFICE}",
    "casework_departmentrequest": f"office_id = {OFFICE}",
    "casework_pointstatement": f"office_id = {OFFICE}",
    "casework_deadline": f"office_id = {OFFICE}",
    "casework_letter": f"office_id = {OFFICE}",
    "casework_deadlineextension": _through(
        "casework_deadlineextension", "deadline_id", "casework_deadline"
    ),
    "casework_casepause": _through("casework_casepause", "inquiry_id", "inquiries_inquiry"),
    "casework_departmentrequest_points": _through(
        "casework_departmentrequest_points", "departmentrequest_id", "casework_departmentrequest"
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
        ("rls", "0002_office_wall_privacy"),
        ("casework", "0002_casepause_caseworksettings_deadline_and_more"),
    ]

    operations = [migrations.RunPython(enable, disable, elidable=False)]
