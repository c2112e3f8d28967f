# The sealed columns become text (a sealed NIK is 72 characters), the NIK loses its
# unique index (equal NIKs no longer look equal) and gains its blind index, empty
# until 0012 fills it; 0013 makes it unique.

import lib.encrypted
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("participants", "0010_status_waiting_index"),
    ]

    operations = [
        migrations.AlterField(
            model_name="participant",
            name="nik",
            field=lib.encrypted.EncryptedCharField(max_length=16, verbose_name="NIK"),
        ),
        migrations.AddField(
            model_name="participant",
            name="nik_index",
            field=lib.encrypted.BlindIndexField(default="", source="nik"),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="participant",
            name="address",
            field=lib.encrypted.EncryptedTextField(blank=True, verbose_name="address"),
        ),
        migrations.AlterField(
            model_name="document",
            name="number",
            field=lib.encrypted.EncryptedCharField(blank=True, max_length=60, verbose_name="document number"),
        ),
        migrations.AlterField(
            model_name="healthcheck",
            name="clinic",
            field=lib.encrypted.EncryptedCharField(blank=True, max_length=150, verbose_name="clinic or hospital"),
        ),
        migrations.AlterField(
            model_name="healthcheck",
            name="notes",
            field=lib.encrypted.EncryptedTextField(blank=True, verbose_name="conditions and notes"),
        ),
    ]
