"""Encryption at rest, as a copy of the database shows it: a pg_dump of a
database seeded like the demo holds none of the sealed values in plain."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from backups import postgres
from demo.tests.test_seed_demo import reference  # noqa: F401 - the fixture
from participants.models import Document, HealthCheck, Participant
from protection.models import Case, CheckIn, Incident, Note, Referral

pytestmark = [
    pytest.mark.django_db(transaction=True),  # pg_dump reads committed rows only
    pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump: PostgreSQL only"),
]


def plain_dump(into: Path) -> str:
    server = postgres.Server.from_settings(connection.settings_dict)
    with server.connect() as admin:
        major = int(postgres.server_version(admin).split(".")[0])
    tool = postgres.find_tool("pg_dump", major=major, bin_dir=str(settings.BACKUP_PG_BIN_DIR))
    target = into / "dump.sql"
    subprocess.run(  # noqa: S603 - the tool found above, fixed arguments
        [str(tool.path), "--format=plain", "--no-owner", f"--file={target}", f"--dbname={server.conninfo()}"],
        env=server.environment(),
        check=True,
        capture_output=True,
    )
    return target.read_text(encoding="utf-8")


def sealed_values() -> dict[str, set[str]]:
    """Every value of the sealed fields, in plain, by what it is."""
    values: dict[str, set[str]] = {
        "NIK": set(Participant.objects.values_list("nik", flat=True)),
        "address": set(Participant.objects.values_list("address", flat=True)),
        "document number": set(Document.objects.values_list("number", flat=True)),
        "health check": {*HealthCheck.objects.values_list("clinic", flat=True)}
        | {*HealthCheck.objects.values_list("notes", flat=True)},
        "grievance": set(Case.objects.values_list("description", flat=True))
        | set(Case.objects.values_list("reporter_name", flat=True))
        | set(Note.objects.values_list("text", flat=True))
        | set(Referral.objects.values_list("shared", flat=True))
        | set(Incident.objects.values_list("description", flat=True))
        | set(CheckIn.objects.values_list("anything_to_report", flat=True)),
    }
    return {kind: {value for value in found if value} for kind, found in values.items()}


def test_it_leaves_no_nik_address_health_detail_or_grievance_in_a_dump(
    reference: None,  # noqa: F811
    tmp_path: Path,
) -> None:
    call_command("seed_demo", "--participants", "60", stdout=io.StringIO())
    values = sealed_values()
    # The seeded data has each kind, or the test would prove nothing.
    assert {kind for kind, found in values.items() if not found} == set()

    dump = plain_dump(tmp_path)

    # The grep finds what is there: names are not sealed, and are in the dump as written.
    assert all(name in dump for name in Participant.objects.values_list("full_name", flat=True))
    leaked = {kind: sorted(value for value in found if value in dump) for kind, found in values.items()}
    assert leaked == {kind: [] for kind in values}
