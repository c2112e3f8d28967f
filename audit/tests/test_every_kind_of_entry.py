"""Every kind of audit entry the code writes shows on the audit page and in
the admin, and so does any JSON the ``changes`` column could hold.

The writers below are the code paths that write entries, each called as the
application calls it: the one-by-one ``audit.record`` with ``changed_fields``
(creations, edits, status changes, masked values), viewings
(``record_sensitive_view``), the participant export (whose entry carries the
export's details as an object: the page once answered 500 on it), bulk
entries (``record_many``), entries written by the database for imports
(``record_creations``) and for drafted shortlists (``record_for_each``), a
planning run with no changes, the admin's deletions and password changes,
and the two-factor device's enrolment and removal.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path

import pytest
from django.db import transaction
from django.test import Client, override_settings
from django.utils import timezone
from django_otp.oath import totp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pytest_django.fixtures import Settings

from accounts import two_factor
from audit import actions as audit
from audit.models import AuditAction, AuditEntry, change_rows
from matching import actions as matching_actions
from participants import actions, duplicates, nik_checks
from participants.models import HealthResult, Participant, PossibleDuplicate, Review, Status
from reference.models import Province
from spreadsheets.expiry import expire_abandoned_imports
from spreadsheets.models import ImportJob
from spreadsheets.tests.files import HEADINGS, person, upload, xlsx
from tests.cast import Cast, details
from tests.nik import make_nik
from training import actions as training_actions
from training.models import CourseKind
from training.tests.conftest import class_details, course_details

Writer = Callable[[Cast, Client], None]


@pytest.fixture(autouse=True)
def private_files(settings: Settings, tmp_path: Path) -> None:
    """Uploads go to folders of the test's own, never to var/."""
    settings.IMPORT_FILES_DIR = tmp_path / "imports"
    settings.MEDIA_ROOT = tmp_path / "media"


def _registration(cast: Cast, client: Client) -> None:
    birth = datetime.date(2003, 4, 5)
    actions.register_participant(
        details=details(cast, full_name="Dewi Lestari", birth_date=birth, nik=make_nik(birth, serial=77)),
        by=cast.lpk_officer,
    )


def _edit(cast: Cast, client: Client) -> None:
    actions.update_participant(
        participant_id=cast.budi.pk,
        details=details(cast, nik=cast.budi.nik, address="Jl. Baru 2", phone="+62 812 0000 0002"),
        expected_version=cast.budi.version,
        by=cast.lpk_officer,
    )


def _status_change(cast: Cast, client: Client) -> None:
    actions.change_status(participant_id=cast.budi.pk, to=Status.IN_TRAINING, by=cast.lpk_officer)


def _health_check(cast: Cast, client: Client) -> None:
    actions.record_health_check(
        participant_id=cast.budi.pk,
        details=actions.HealthCheckDetails(
            examined_on=datetime.date(2026, 1, 5),
            result=HealthResult.FIT,
            expires_on=datetime.date(2027, 1, 5),
            clinic="Klinik Sehat",
            notes="",
        ),
        by=cast.lpk_officer,
    )


def _sensitive_view(cast: Cast, client: Client) -> None:
    client.force_login(cast.lpk_officer)
    assert client.get(f"/participants/{cast.budi.pk}/sensitive/").status_code == 200


def _export(cast: Cast, client: Client) -> None:
    client.force_login(cast.lpk_viewer)
    response = client.get("/spreadsheets/export/participants.csv", {"q": "Budi", "status": "registered"})
    assert response.status_code == 200
    b"".join(response.streaming_content)  # type: ignore[attr-defined]


def _duplicate_review(cast: Cast, client: Client) -> None:
    flag = PossibleDuplicate.objects.create(participant=cast.siti, other=cast.budi)
    duplicates.review_possible_duplicate(
        flag_id=flag.pk, decision=Review.DIFFERENT_PEOPLE, note="checked", by=cast.ministry_officer
    )


def _import(cast: Cast, client: Client) -> None:
    """The import's pages: the job's own entries, the new record's entry
    written by the database, then the updated record's entry in bulk."""
    client.force_login(cast.lpk_officer)
    for phone in ("0812-1111-2222", "0812-3333-4444"):
        rows = xlsx([[*person(cast, 5), phone]], headings=[*HEADINGS, "Telepon"])
        assert client.post("/spreadsheets/", {"kind": "participants", "file": upload(rows)}).status_code == 302
        job = ImportJob.objects.latest("pk")
        assert client.post(f"/spreadsheets/{job.pk}/commit/").status_code == 302
    assert Participant.objects.get(full_name="Peserta 5").phone == "0812-3333-4444"


def _expired_import(cast: Cast, client: Client) -> None:
    """The sweep closing an import left open: its entry holds a plain number."""
    client.force_login(cast.lpk_officer)
    rows = xlsx([person(cast, 6)])
    assert client.post("/spreadsheets/", {"kind": "participants", "file": upload(rows)}).status_code == 302
    ImportJob.objects.filter(pk=ImportJob.objects.latest("pk").pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=30)
    )
    assert expire_abandoned_imports() == 1


def _nik_checks_past_the_limit(cast: Cast, client: Client) -> None:
    """Another LPK/SO's check of a NIK held elsewhere, past its daily limit."""
    with override_settings(NIK_OUT_OF_SCOPE_CHECKS_PER_DAY=0):
        assert nik_checks.record_checks(
            by=cast.other_lpk_officer, found=[nik_checks.Found(cast.budi.pk, "registration form")]
        )


def _enrolment(cast: Cast, client: Client) -> None:
    course = training_actions.create_course(
        provider=cast.lpk, details=course_details(CourseKind.LANGUAGE), by=cast.lpk_officer
    )
    training_class = training_actions.create_class(course_id=course.pk, details=class_details(), by=cast.lpk_officer)
    training_actions.enrol_participants(
        training_class_id=training_class.pk, participant_ids=[cast.budi.pk], by=cast.lpk_officer
    )


def _drafted_shortlists(cast: Cast, client: Client) -> None:
    with transaction.atomic():
        audit.record_for_each(
            actor=cast.ministry_officer,
            action=AuditAction.CREATED,
            model=Participant,
            targets=[audit.TargetChanges(cast.budi.pk, str(cast.budi), {"candidates": [None, 3]})],
        )


def _planning_run(cast: Cast, client: Client) -> None:
    matching_actions.start_planning(by=cast.ministry_officer, queue=False)


def _admin_deletion(cast: Cast, client: Client) -> None:
    province = Province.objects.create(code="99", name="Provinsi Uji", name_en="Test Province")
    client.force_login(cast.ministry_admin)
    response = client.post(f"/admin/reference/province/{province.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302


def _admin_password_change(cast: Cast, client: Client) -> None:
    client.force_login(cast.ministry_admin)
    new = "a-new-long-passphrase-42"
    response = client.post(
        f"/admin/accounts/user/{cast.outsider.pk}/password/",
        {"password1": new, "password2": new, "usable_password": "true"},
    )
    assert response.status_code == 302


def _two_factor(cast: Cast, client: Client) -> None:
    device = two_factor.start_enrolment(user=cast.lpk_officer)
    two_factor.confirm_enrolment(device=device, token=totp(device.bin_key), by=cast.lpk_officer)
    two_factor.remove_device(user=cast.lpk_officer, by=cast.lpk_officer)


WRITERS: dict[str, Writer] = {
    "registration": _registration,
    "edit with masked values": _edit,
    "status change": _status_change,
    "health check": _health_check,
    "viewing NIK and address": _sensitive_view,
    "participant export": _export,
    "duplicate review": _duplicate_review,
    "import: new records written by the database, updates in bulk": _import,
    "import closed by the sweep": _expired_import,
    "NIK checks past the daily limit": _nik_checks_past_the_limit,
    "enrolment, written in bulk": _enrolment,
    "drafted shortlists, written by the database": _drafted_shortlists,
    "planning run without changes": _planning_run,
    "admin deletion": _admin_deletion,
    "admin password change": _admin_password_change,
    "two-factor device enrolled and removed": _two_factor,
}


def _written_by(writer: Writer, cast: Cast) -> list[AuditEntry]:
    last = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    writer(cast, Client())
    written = list(AuditEntry.objects.filter(pk__gt=last))
    assert written, "the writer wrote no entry"
    return written


def _assert_shown(admin: Client, entry: AuditEntry) -> None:
    page = admin.get("/audit/", {"type": entry.target_type, "id": entry.target_id})
    assert page.status_code == 200
    assert entry.pk in {row.entry.pk for row in page.context["rows"]}
    assert admin.get("/audit/").status_code == 200
    assert admin.get(f"/admin/audit/auditentry/{entry.pk}/change/").status_code == 200


@pytest.mark.parametrize("name", sorted(WRITERS))
def test_it_shows_every_kind_of_entry(cast: Cast, name: str) -> None:
    admin = Client()
    admin.force_login(cast.ministry_admin)
    for entry in _written_by(WRITERS[name], cast):
        _assert_shown(admin, entry)


def test_it_covers_every_action(cast: Cast) -> None:
    written = {entry.action for writer in WRITERS.values() for entry in _written_by(writer, cast)}
    assert written == set(AuditAction)


def test_it_shows_what_an_export_was_about(english: Client, cast: Cast) -> None:
    _export(cast, Client())
    entry = AuditEntry.objects.latest("pk")
    english.force_login(cast.ministry_admin)
    page = english.get("/audit/").content.decode()
    assert entry.action == AuditAction.VIEWED_SENSITIVE
    # PostgreSQL's jsonb keeps keys in its own order: each detail, wherever it stands.
    assert "format: csv" in page
    assert "rows: 1" in page
    assert "filters: {&quot;q&quot;: &quot;Budi&quot;, &quot;status&quot;: &quot;registered&quot;}" in page


def test_it_shows_a_change_as_before_and_after_and_a_falsy_value_as_itself(cast: Cast) -> None:
    rows = change_rows({"passed": [None, False], "score": [0, 85.5], "nik": None})
    assert [(r.field, r.before, r.after, r.detail, r.is_change) for r in rows] == [
        ("passed", None, "false", None, True),
        ("score", "0", "85.5", None, True),
        ("nik", None, None, None, False),
    ]


# What a JSON column holds: no NaN or infinity (not JSON), no NUL (PostgreSQL's jsonb
# refuses it), no lone surrogate (not UTF-8: nothing from a request or a file is one).
stored_text = st.text(alphabet=st.characters(blacklist_characters="\x00", blacklist_categories=["Cs"]))
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | stored_text,
    lambda children: st.lists(children, max_size=5) | st.dictionaries(stored_text, children, max_size=5),
    max_leaves=25,
)


@settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# The column is NOT NULL: a top-level None would be stored as SQL NULL.
@given(changes=json_values.filter(lambda value: value is not None))
def test_it_shows_any_json_an_entry_could_hold(cast: Cast, changes: object) -> None:
    # Each example's entry is rolled back: entries cannot be deleted (audit 0005).
    with transaction.atomic():
        entry = AuditEntry.objects.create(
            actor=None,
            action=AuditAction.UPDATED,
            target_type="participants.participant",
            target_id=str(cast.budi.pk),
            target_repr="Budi",
            changes=changes,
        )
        client = Client()
        client.force_login(cast.ministry_admin)
        assert client.get("/audit/", {"type": entry.target_type, "id": entry.target_id}).status_code == 200
        assert client.get(f"/admin/audit/auditentry/{entry.pk}/change/").status_code == 200
        transaction.set_rollback(True)
