"""Demo consent: most demo participants agreed, when they registered, that
their photo appears on the résumés Japanese partners read; one in ten did
not, so that the résumés show both. Recorded in person by the ministry's
first login (the demo has no registration desk of its own).

Demo requests: the demo participant has asked to correct their place of
birth and to have their data erased, so that the staff's queue has work on
it, and the erasure shows a refusal's exception (the person still works in
Japan)."""

from __future__ import annotations

import random
from collections.abc import Iterator

from accounts.models import OrganizationKind, User
from lib.batches import batched
from participants.demo_data import PARTICIPANT_LOGIN
from participants.models import Document, Participant
from privacy.actions import ask_correction, ask_erasure
from privacy.models import Channel, ConsentRecord, CorrectableField, CorrectionRequest, ErasureRequest, Purpose
from reference.models import DocumentKind

BATCH = 5000
DECLINED_SHARE = 0.1


def seed_privacy(*, seed: int) -> int:
    """Consent records for the participants with a photo; the number written."""
    by = User.objects.filter(memberships__organization__kind=OrganizationKind.MINISTRY).order_by("pk").first()
    if by is None:
        return 0
    written = 0
    rng = random.Random(seed)  # noqa: S311 -- fictional data, reproducible by seed
    for batch in batched(_records(by=by, rng=rng), BATCH):
        written += len(ConsentRecord.objects.bulk_create(batch))
    return written


def _records(*, by: User, rng: random.Random) -> Iterator[ConsentRecord]:
    with_photo = (
        Document.objects.current()
        .filter(kind=DocumentKind.PHOTO)
        .order_by("participant_id")
        .values_list("participant_id", flat=True)
    )
    for participant_id in with_photo.iterator(chunk_size=BATCH):
        if rng.random() >= DECLINED_SHARE:
            yield ConsentRecord(
                participant_id=participant_id,
                purpose=Purpose.PHOTO_TO_PARTNERS,
                given=True,
                channel=Channel.IN_PERSON,
                recorded_by=by,
            )


def seed_requests() -> bool:
    """The demo participant's two open requests, once; False when there is no
    demo participant or they asked before."""
    participant = Participant.objects.filter(user__username=PARTICIPANT_LOGIN).select_related("user").first()
    if participant is None or participant.user is None:
        return False
    if CorrectionRequest.objects.filter(participant=participant).exists():
        return False
    if ErasureRequest.objects.filter(participant=participant).exists():
        return False
    corrected = "Sleman" if participant.birth_place != "Sleman" else "Bantul"
    ask_correction(
        participant_id=participant.pk,
        field=CorrectableField.BIRTH_PLACE,
        value=corrected,
        reason="Tempat lahir saya salah ketik waktu pendaftaran; yang benar tertulis di akta kelahiran.",
        by=participant.user,
    )
    ask_erasure(
        participant_id=participant.pk,
        reason="Saya tidak ingin data saya disimpan lagi setelah program selesai.",
        by=participant.user,
    )
    return True
