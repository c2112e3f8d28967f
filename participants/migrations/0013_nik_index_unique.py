# One participant per NIK, now through its blind index (filled by 0012).

import lib.encrypted
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("participants", "0012_seal_existing_values"),
    ]

    operations = [
        migrations.AlterField(
            model_name="participant",
            name="nik_index",
            field=lib.encrypted.BlindIndexField(source="nik", unique=True),
        ),
    ]
