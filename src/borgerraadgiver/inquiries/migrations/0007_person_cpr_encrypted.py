# Hand-written: CPR numbers move from a plain column to an encrypted one and a
# keyed hash (inquiries/cpr.py), with the keys configured when it runs.
# 0008 drops the plain column; two migrations, so that on PostgreSQL no ALTER
# TABLE follows the rows' UPDATE in the same transaction.

from django.db import migrations, models

BATCH = 2000


def _in_batches(manager, rows):
    """The rows in batches of ids read first: no read stays open while they are updated."""
    ids = list(rows.order_by("id").values_list("id", flat=True))
    for i in range(0, len(ids), BATCH):
        yield list(manager.filter(id__in=ids[i : i + BATCH]))


def encrypt_existing(apps, schema_editor):
    """Fill cpr_encrypted and cpr_hash from the plain column."""
    from borgerraadgiver.inquiries.cpr import cpr_columns

    Person = apps.get_model("inquiries", "Person")
    manager = Person._base_manager.db_manager(schema_editor.connection.alias)
    for batch in _in_batches(manager, manager.exclude(cpr="")):
        for person in batch:
            # Stored values were validated on the way in; only spaces or a dash
            # could differ, and the hash must be of the ten digits alone.
            digits = "".join(ch for ch in person.cpr if ch.isdigit())
            for column, value in cpr_columns(digits, person.office_id).items():
                setattr(person, column, value)
        manager.bulk_update(batch, ["cpr_encrypted", "cpr_hash"])


def decrypt_existing(apps, schema_editor):
    """Back to the plain column; migrating backwards needs the keys, like forwards."""
    from borgerraadgiver.inquiries.cpr import cpr_decrypt

    Person = apps.get_model("inquiries", "Person")
    manager = Person._base_manager.db_manager(schema_editor.connection.alias)
    for batch in _in_batches(manager, manager.exclude(cpr_encrypted="")):
        for person in batch:
            person.cpr = cpr_decrypt(person.cpr_encrypted)
        manager.bulk_update(batch, ["cpr"])


class Migration(migrations.Migration):
    dependencies = [
        ("inquiries", "0006_point_report_copies"),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="cpr_encrypted",
            field=models.TextField(blank=True, default="", editable=False),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="person",
            name="cpr_hash",
            field=models.CharField(blank=True, default="", editable=False, max_length=64),
            preserve_default=False,
        ),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(
                fields=["office", "cpr_hash"], name="inquiries_p_office__dcd97e_idx"
            ),
        ),
        migrations.RunPython(encrypt_existing, decrypt_existing, elidable=False),
    ]
