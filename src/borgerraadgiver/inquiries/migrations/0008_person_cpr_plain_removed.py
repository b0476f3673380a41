from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("inquiries", "0007_person_cpr_encrypted"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="person",
            name="inquiries_p_office__af0cc1_idx",
        ),
        migrations.RemoveField(
            model_name="person",
            name="cpr",
        ),
    ]
