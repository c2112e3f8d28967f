# Seals the values written before encryption and fills the NIK's blind index, a
# batch per transaction (not atomic as a whole): a run stopped part way keeps the
# batches it finished and goes on from there when run again. The tables are frozen
# here as they are now; later changes go into migrations of their own.

from django.db import migrations

from lib.encrypted import Columns, reseal

TABLES = (
    Columns("participants_participant", ("nik", "address"), index={"nik_index": "nik"}),
    Columns("participants_document", ("number",)),
    Columns("participants_healthcheck", ("clinic", "notes")),
)


def seal(apps, schema_editor):
    for table in TABLES:
        reseal(table, batch=2000, using=schema_editor.connection.alias)


def unseal(apps, schema_editor):
    for table in TABLES:
        reseal(table, batch=2000, unseal=True, using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("participants", "0011_encrypt_sensitive_fields"),
    ]

    operations = [migrations.RunPython(seal, unseal, elidable=False)]
