# Entries written before encryption may hold values of the fields now sealed
# (a NIK or an address in an "updated" entry): they are masked here, as new
# entries are (audit.actions.without_sealed_values), so the log keeps no plain
# copy. A batch per transaction, idempotent: a run stopped part way goes on when
# run again. Must run before the audit table becomes append-only. The fields are
# frozen here as they are sealed now.

from django.db import migrations, transaction

MASKED = "•••"
BATCH = 2000

SEALED = {
    "participants.participant": {"nik", "address"},
    "participants.document": {"number"},
    "participants.healthcheck": {"clinic", "notes"},
    "protection.case": {"reporter_name", "reporter_contact", "description", "outcome"},
    "protection.checkin": {"anything_to_report"},
    "protection.note": {"text"},
    "protection.referral": {"shared"},
    "protection.incident": {"description"},
    "spreadsheets.importchange": {"fields"},
}


def masked(value):
    if value is None:
        return None
    if isinstance(value, list) and len(value) == 2:
        return [MASKED, MASKED]
    return MASKED


def redacted(changes, hidden):
    if not isinstance(changes, dict):
        return changes
    return {name: masked(value) if name in hidden else value for name, value in changes.items()}


def redact(apps, schema_editor):
    entries = apps.get_model("audit", "AuditEntry").objects.using(schema_editor.connection.alias)
    after = 0
    while True:
        with transaction.atomic(using=schema_editor.connection.alias):
            batch = list(
                entries.filter(pk__gt=after, target_type__in=SEALED)
                .order_by("pk")
                .only("target_type", "changes")[:BATCH]
            )
            if not batch:
                return
            changed = []
            for entry in batch:
                clean = redacted(entry.changes, SEALED[entry.target_type])
                if clean != entry.changes:
                    entry.changes = clean
                    changed.append(entry)
            entries.bulk_update(changed, ["changes"], batch_size=500)
            after = batch[-1].pk


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("audit", "0002_limit_reached"),
    ]

    # Masked values cannot be put back.
    operations = [migrations.RunPython(redact, migrations.RunPython.noop, elidable=False)]
