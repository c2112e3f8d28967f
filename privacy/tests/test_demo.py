from __future__ import annotations

import pytest

from participants.models import Document
from participants.tests.records import document
from privacy.demo import seed_privacy, seed_requests
from privacy.models import ConsentRecord, CorrectableField, CorrectionRequest, ErasureRequest, Purpose
from reference.models import DocumentKind
from tests.cast import Cast

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]


def test_it_records_photo_consent_only_for_participants_with_a_photo(cast: Cast) -> None:
    document(cast.budi, DocumentKind.PHOTO, cast.participant_user)

    written = seed_privacy(seed=1)

    in_force = set(ConsentRecord.objects.in_force(Purpose.PHOTO_TO_PARTNERS).values_list("participant_id", flat=True))
    assert in_force <= {cast.budi.pk}
    assert written == len(in_force)
    assert Document.objects.filter(participant=cast.siti).count() == 0


def test_it_leaves_one_in_ten_without_consent(cast: Cast) -> None:
    document(cast.budi, DocumentKind.PHOTO, cast.participant_user)
    decisions = [seed_privacy(seed=seed) for seed in range(200)]

    assert 150 < sum(decisions) < 200


def _as_demo_participant(cast: Cast) -> None:
    cast.participant_user.username = "peserta"
    cast.participant_user.save(update_fields=["username"])


def test_it_leaves_the_demo_participant_a_correction_and_an_erasure_to_decide(cast: Cast) -> None:
    _as_demo_participant(cast)

    assert seed_requests() is True

    correction = CorrectionRequest.objects.open().get()
    assert correction.participant == cast.budi
    assert correction.field == CorrectableField.BIRTH_PLACE
    assert correction.value != cast.budi.birth_place
    assert ErasureRequest.objects.open().get().participant == cast.budi


def test_it_asks_once(cast: Cast) -> None:
    _as_demo_participant(cast)
    seed_requests()

    assert seed_requests() is False
    assert CorrectionRequest.objects.count() == 1
    assert ErasureRequest.objects.count() == 1


def test_it_asks_nothing_without_the_demo_participant(cast: Cast) -> None:
    assert seed_requests() is False
    assert not CorrectionRequest.objects.exists()
