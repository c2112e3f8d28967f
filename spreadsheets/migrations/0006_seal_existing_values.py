# Seals the values written before encryption, a batch per transaction (not atomic
# as a whole): a run stopped part way keeps the batches it finished and goes on
# from there when run again. The tables are frozen here as they are now.

from django.db import migrations

from lib.encrypted import Columns, reseal

TABLES = (Columns("spreadsheets_importchange", ("fields",)),)


def seal(apps, schema_editor):
    for table in TABLES:
        reseal(table, batch=2000, using=schema_editor.connection.alias)


def unseal(apps, schema_editor):
    for table in TABLES:
        reseal(table, batch=2000, unseal=True, using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("spreadsheets", "0005_encrypt_sensitive_texts"),
    ]

    operations = [migrations.RunPython(seal, unseal, elidable=False)]
