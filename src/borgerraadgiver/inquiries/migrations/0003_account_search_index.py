# Hand-written: search indexes that exist only on PostgreSQL (SQLite scans).

from django.db import migrations

# Exactly the expression Django's SearchVector("account", config="danish")
# compiles to (it wraps the column in COALESCE), or the planner ignores the index.
ACCOUNT_INDEX = (
    "CREATE INDEX IF NOT EXISTS inquiries_inquiry_account_fts ON inquiries_inquiry "
    "USING gin (to_tsvector('danish'::regconfig, COALESCE(account, ''::text)))"
)
# name__icontains compiles to UPPER(name::text) LIKE UPPER(%s): a trigram index
# on that expression serves the name search without scanning every person.
NAME_INDEX = (
    "CREATE INDEX IF NOT EXISTS inquiries_person_name_trgm ON inquiries_person "
    "USING gin (UPPER(name::text) gin_trgm_ops)"
)


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(ACCOUNT_INDEX)
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")
        available = cursor.fetchone() is not None
    # Without the contrib extension the name search still works, by scanning.
    if available:
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(NAME_INDEX)


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS inquiries_person_name_trgm")
    schema_editor.execute("DROP INDEX IF EXISTS inquiries_inquiry_account_fts")


class Migration(migrations.Migration):
    dependencies = [
        ("inquiries", "0002_initial"),
    ]

    operations = [
        migrations.RunPython(create_indexes, drop_indexes, elidable=False),
    ]
