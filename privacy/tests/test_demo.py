from __future__ import annotations

import pytest

from participants.models import Document
from participants.tests.records import document
from privacy.demo import seed_privacy
from privacy.models import ConsentRecord, Purpose
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
