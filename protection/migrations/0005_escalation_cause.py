from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps
from django.db.models import F


def rules_reason_is_written_when_shown(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    """Escalations nobody made were stored with the rule's sentence in
    whatever language was active (English from the sweep and the demo): the
    category's at the moment the case was opened, the clock's later."""
    escalation = apps.get_model("protection", "Escalation")
    by_rule = escalation.objects.filter(by__isnull=True)
    by_rule.filter(at=F("case__opened_at")).update(cause="category", reason="")
    by_rule.exclude(at=F("case__opened_at")).update(cause="clock", reason="")


class Migration(migrations.Migration):
    dependencies = [
        ("protection", "0004_handling"),
    ]

    operations = [
        migrations.AddField(
            model_name="escalation",
            name="cause",
            field=models.CharField(
                choices=[("handler", "Handler"), ("category", "Category"), ("clock", "Clock")],
                default="handler",
                max_length=10,
            ),
        ),
        migrations.RunPython(rules_reason_is_written_when_shown, migrations.RunPython.noop),
    ]
