# Hand-written: the SQLite counterpart of 0003's PostgreSQL search indexes;
# see borgerraadgiver.inquiries.search_index.

from django.db import migrations


def create_indexes(apps, schema_editor):
    from borgerraadgiver.inquiries.search_index import sqlite_search_index_ensure

    sqlite_search_index_ensure(schema_editor.connection)


def drop_indexes(apps, schema_editor):
    from borgerraadgiver.inquiries.search_index import sqlite_search_index_drop

    sqlite_search_index_drop(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("inquiries", "0004_report_covering_indexes"),
    ]

    operations = [
        migrations.RunPython(create_indexes, drop_indexes, elidable=False),
    ]
