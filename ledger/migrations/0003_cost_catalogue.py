"""The cost catalogue's first rows (reference/data/cost_catalogue-ilo-2019.csv),
created where missing and never changed: ministry administrators own them."""

from __future__ import annotations

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

from ledger.catalogue import read_catalogue


def load(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    CostClass = apps.get_model("ledger", "CostClass")
    for row in read_catalogue():
        CostClass.objects.get_or_create(code=row["code"], effective_from=row["effective_from"], defaults=dict(row))


class Migration(migrations.Migration):
    dependencies = [("ledger", "0002_append_only_triggers")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
