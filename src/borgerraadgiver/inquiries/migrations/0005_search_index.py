# The free-text search's indexes: the names of person and requester kept on
# the inquiry, and one word index over account and names, on each database;
# see borgerraadgiver.inquiries.search_index.

from django.db import migrations, models

FILL_NAMES = (
    "UPDATE inquiries_inquiry SET search_names = TRIM("
    "COALESCE((SELECT name FROM inquiries_person p WHERE p.id = person_id), '') || ' ' || "
    "COALESCE((SELECT name FROM inquiries_person p WHERE p.id = requester_id), ''))"
)


def create_indexes(apps, schema_editor):
    from borgerraadgiver.inquiries import search_index

    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        for sql in search_index.POSTGRES_CREATE:
            schema_editor.execute(sql)
    search_index.sqlite_search_index_ensure(connection)


def drop_indexes(apps, schema_editor):
    from borgerraadgiver.inquiries import search_index

    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        for sql in search_index.POSTGRES_DROP:
            schema_editor.execute(sql)
    search_index.sqlite_search_index_drop(connection)


class Migration(migrations.Migration):
    dependencies = [
        ("inquiries", "0004_report_covering_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="inquiry",
            name="search_names",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunSQL(FILL_NAMES, migrations.RunSQL.noop, elidable=False),
        migrations.RunPython(create_indexes, drop_indexes, elidable=False),
    ]
