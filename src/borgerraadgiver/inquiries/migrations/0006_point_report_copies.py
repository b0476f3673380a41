# The report's columns of the inquiry, copied onto its complaint points, and
# the one index the annual report reads a period's points from.

import django.db.models.deletion
from django.db import migrations, models

FILL = (
    "UPDATE inquiries_complaintpoint SET received = i.received, "
    "inquiry_kind_id = i.inquiry_kind_id, handling_id = i.handling_id "
    "FROM inquiries_inquiry i WHERE i.id = inquiries_complaintpoint.inquiry_id"
)


class Migration(migrations.Migration):
    dependencies = [
        ("inquiries", "0005_search_index"),
        ("vocabularies", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="complaintpoint",
            name="received",
            field=models.DateField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="complaintpoint",
            name="inquiry_kind",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="vocabularies.vocabularyvalue",
            ),
        ),
        migrations.AddField(
            model_name="complaintpoint",
            name="handling",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="vocabularies.vocabularyvalue",
            ),
        ),
        migrations.RunSQL(FILL, migrations.RunSQL.noop, elidable=False),
        migrations.AlterField(
            model_name="complaintpoint",
            name="received",
            field=models.DateField(editable=False),
        ),
        migrations.RemoveIndex(
            model_name="complaintpoint",
            name="point_report_covering",
        ),
        migrations.AddIndex(
            model_name="complaintpoint",
            index=models.Index(
                fields=[
                    "office",
                    "received",
                    "org_unit",
                    "theme",
                    "conclusion",
                    "position",
                    "inquiry_kind",
                    "handling",
                ],
                name="point_report_period",
            ),
        ),
    ]
