"""The data subject's rights as actions: consent, correction, erasure, anonymization."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import default_storage

from audit.models import AuditAction, AuditEntry
from participants.models import Document, Education, HealthCheck, Participant
from participants.tests.records import document
from placements.tests.duty_world import budi_at_work
from privacy import actions
from privacy.models import (
    Anonymization,
    ConsentRecord,
    CorrectableField,
    CorrectionRequest,
    Purpose,
    RequestStatus,
    RetentionException,
)
from privacy.tests.world import budis_correction, budis_erasure
from protection.tests.intake_world import budis_report
from reference.models import DocumentKind
from tests.cast import Cast

pytestmark = pytest.mark.django_db


def _budi(cast: Cast) -> Participant:
    return Participant.objects.get(pk=cast.budi.pk)


# --- consent -------------------------------------------------------------------


def test_it_keeps_every_decision_and_counts_the_latest(cast: Cast) -> None:
    photo = Purpose.PHOTO_TO_PARTNERS
    assert not actions.consent_in_force(cast.budi.pk, photo)

    actions.record_consent(participant_id=cast.budi.pk, purpose=photo, given=True, by=cast.participant_user)
    assert actions.consent_in_force(cast.budi.pk, photo)

    actions.record_consent(participant_id=cast.budi.pk, purpose=photo, given=False, by=cast.participant_user)
    assert not actions.consent_in_force(cast.budi.pk, photo)
    assert list(ConsentRecord.objects.order_by("pk").values_list("given", flat=True)) == [True, False]


def test_it_counts_one_persons_consent_for_them_alone(cast: Cast) -> None:
    photo = Purpose.PHOTO_TO_PARTNERS
    actions.record_consent(participant_id=cast.siti.pk, purpose=photo, given=True, by=cast.ministry_officer)
    actions.record_consent(participant_id=cast.budi.pk, purpose=photo, given=False, by=cast.participant_user)

    assert set(ConsentRecord.objects.in_force(photo).values_list("participant_id", flat=True)) == {cast.siti.pk}


def test_it_audits_a_consent_decision(cast: Cast) -> None:
    made = actions.record_consent(
        participant_id=cast.budi.pk, purpose=Purpose.PHOTO_TO_PARTNERS, given=True, by=cast.participant_user
    )

    entry = AuditEntry.objects.for_object(made).get()
    assert (entry.actor, entry.action) == (cast.participant_user, AuditAction.CREATED)
    assert entry.changes == {"purpose": "photo_to_partners", "given": True, "channel": "online"}


# --- corrections ---------------------------------------------------------------


def test_it_applies_an_accepted_correction_through_the_participant_action(cast: Cast) -> None:
    asked = budis_correction(cast)

    actions.accept_correction(request_id=asked.pk, by=cast.lpk_officer)

    budi = _budi(cast)
    asked.refresh_from_db()
    assert budi.full_name == "Budi Santoso Putra"
    assert budi.version == cast.budi.version + 1
    assert (asked.status, asked.decided_by) == (RequestStatus.ACCEPTED, cast.lpk_officer)
    change = AuditEntry.objects.for_object(budi).filter(action=AuditAction.UPDATED).get()
    assert change.changes == {"full_name": ["Budi Santoso", "Budi Santoso Putra"]}


def test_it_keeps_the_record_when_a_correction_is_rejected(cast: Cast) -> None:
    asked = budis_correction(cast)

    actions.reject_correction(request_id=asked.pk, by=cast.lpk_officer, reason="Nama di KTP: Budi Santoso.")

    asked.refresh_from_db()
    assert _budi(cast).full_name == "Budi Santoso"
    assert (asked.status, asked.decision) == (RequestStatus.REJECTED, "Nama di KTP: Budi Santoso.")
    assert AuditEntry.objects.for_object(asked).filter(action=AuditAction.STATUS_CHANGED).exists()


def test_it_wants_a_reason_to_reject(cast: Cast) -> None:
    asked = budis_correction(cast)

    with pytest.raises(actions.PrivacyError) as refused:
        actions.reject_correction(request_id=asked.pk, by=cast.lpk_officer, reason="  ")

    assert refused.value.field == "decision"
    assert CorrectionRequest.objects.get().is_open


def test_it_decides_a_request_once(cast: Cast) -> None:
    asked = budis_correction(cast)
    actions.accept_correction(request_id=asked.pk, by=cast.lpk_officer)

    with pytest.raises(actions.AlreadyDecided):
        actions.reject_correction(request_id=asked.pk, by=cast.ministry_officer, reason="Tidak.")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        (CorrectableField.EMAIL, "budi at example"),
        (CorrectableField.FULL_NAME, "   "),
        (CorrectableField.PHONE, "0" * 31),
        (CorrectableField.FULL_NAME, "Budi Santoso"),  # what the record already says
    ],
)
def test_it_refuses_a_value_the_record_cannot_take(cast: Cast, field: CorrectableField, value: str) -> None:
    with pytest.raises(actions.PrivacyError) as refused:
        actions.ask_correction(
            participant_id=cast.budi.pk, field=field, value=value, reason="", by=cast.participant_user
        )

    assert refused.value.field == "value"
    assert not CorrectionRequest.objects.exists()


def test_it_takes_one_open_request_per_field(cast: Cast) -> None:
    budis_correction(cast)

    with pytest.raises(actions.PrivacyError):
        actions.ask_correction(
            participant_id=cast.budi.pk,
            field=CorrectableField.FULL_NAME,
            value="Budi S.",
            reason="",
            by=cast.participant_user,
        )
    actions.ask_correction(
        participant_id=cast.budi.pk, field=CorrectableField.PHONE, value="08123", reason="", by=cast.participant_user
    )
    assert CorrectionRequest.objects.open().count() == 2


# --- erasure -------------------------------------------------------------------


def test_it_anonymizes_on_an_accepted_erasure_and_keeps_the_statistics(
    cast: Cast, media: Path, django_capture_on_commit_callbacks: Any
) -> None:
    photo = document(cast.budi, DocumentKind.PHOTO, cast.participant_user)
    stored = photo.file.name
    asked = budis_erasure(cast)

    with django_capture_on_commit_callbacks(execute=True):
        actions.accept_erasure(request_id=asked.pk, by=cast.ministry_officer)

    budi = _budi(cast)
    assert budi.full_name == f"Anonim {budi.pk}"
    assert (budi.nik, budi.address, budi.phone, budi.email, budi.user) == (f"X{budi.pk:015d}", "", "", "", None)
    assert (budi.birth_date.year, budi.birth_date.month, budi.birth_date.day) == (cast.budi.birth_date.year, 1, 1)
    assert (budi.sex, budi.province, budi.training_centre, budi.status) == (
        cast.budi.sex,
        cast.budi.province,
        cast.budi.training_centre,
        cast.budi.status,
    )
    assert not Document.objects.filter(participant=budi).exists()
    assert not default_storage.exists(stored)
    cast.participant_user.refresh_from_db()
    assert not cast.participant_user.is_active
    assert not cast.participant_user.has_usable_password()
    assert Anonymization.objects.get(participant=budi).request == asked


def test_it_removes_history_and_health_notes(cast: Cast) -> None:
    Education.objects.create(
        participant=cast.budi,
        level="sma",
        school="SMA 1 Bekasi",
        started_on="2017-07-01",
        ended_on="2020-06-01",
        outcome="graduated",
    )
    HealthCheck.objects.create(
        participant=cast.budi, examined_on="2026-01-05", expires_on="2026-07-05", result="fit", notes="Asma ringan."
    )

    actions.anonymize_participant(participant_id=cast.budi.pk, by=cast.ministry_officer, rule="left_before_departure")

    assert not Education.objects.filter(participant=cast.budi).exists()
    check = HealthCheck.objects.get(participant=cast.budi)
    assert (check.notes, check.result) == ("", "fit")


def test_it_audits_an_anonymization_without_the_values(cast: Cast) -> None:
    actions.anonymize_participant(participant_id=cast.budi.pk, by=cast.ministry_officer, rule="back_home")

    entry = AuditEntry.objects.for_object(cast.budi).filter(action=AuditAction.UPDATED).get()
    assert entry.changes["nik"] == ["•••", "•••"]
    assert entry.changes["anonymized"] == "back_home"
    assert cast.budi.nik not in str(entry.changes)
    assert "Budi" not in str(entry.changes)


@pytest.mark.parametrize(
    ("make", "exception"),
    [
        (budi_at_work, RetentionException.LIVE_PLACEMENT),
        (budis_report, RetentionException.OPEN_GRIEVANCE),
    ],
)
def test_it_refuses_to_anonymize_what_the_law_keeps(cast: Cast, make: object, exception: RetentionException) -> None:
    make(cast)  # type: ignore[operator]
    asked = budis_erasure(cast)

    with pytest.raises(actions.PrivacyError) as refused:
        actions.accept_erasure(request_id=asked.pk, by=cast.ministry_officer)

    assert str(exception.label) in refused.value.message
    assert _budi(cast).full_name == "Budi Santoso"


def test_it_records_the_exceptions_a_refusal_names(cast: Cast) -> None:
    budis_report(cast)
    asked = budis_erasure(cast)

    actions.refuse_erasure(
        request_id=asked.pk, by=cast.ministry_officer, exceptions=[RetentionException.OPEN_GRIEVANCE], reason=""
    )

    asked.refresh_from_db()
    assert (asked.status, asked.exceptions) == (RequestStatus.REJECTED, ["open_grievance"])
    assert asked.exception_labels == [str(RetentionException.OPEN_GRIEVANCE.label)]


def test_it_wants_every_exception_the_records_show_named(cast: Cast) -> None:
    budis_report(cast)
    asked = budis_erasure(cast)

    with pytest.raises(actions.PrivacyError) as refused:
        actions.refuse_erasure(
            request_id=asked.pk, by=cast.ministry_officer, exceptions=[RetentionException.LEDGER], reason=""
        )

    assert refused.value.field == "exceptions"


@pytest.mark.parametrize(
    ("exceptions", "reason", "field"),
    [([], "", "exceptions"), ([RetentionException.STATUTORY], " ", "decision")],
)
def test_it_wants_a_refusal_grounded_in_law(
    cast: Cast, exceptions: list[RetentionException], reason: str, field: str
) -> None:
    asked = budis_erasure(cast)

    with pytest.raises(actions.PrivacyError) as refused:
        actions.refuse_erasure(request_id=asked.pk, by=cast.ministry_officer, exceptions=exceptions, reason=reason)

    assert refused.value.field == field


def test_it_takes_one_open_erasure_request(cast: Cast) -> None:
    budis_erasure(cast)

    with pytest.raises(actions.PrivacyError):
        actions.ask_erasure(participant_id=cast.budi.pk, reason="", by=cast.participant_user)
