"""Privacy requests of the cast, made through the real actions; asked again,
each helper returns the open request it made (a matrix row calls it once per persona)."""

from __future__ import annotations

from privacy import actions
from privacy.models import CorrectableField, CorrectionRequest, ErasureRequest
from tests.cast import Cast


def budis_correction(cast: Cast, *, value: str = "Budi Santoso Putra") -> CorrectionRequest:
    """Budi asks, through his own login, that his name say ``value``."""
    made = CorrectionRequest.objects.open().filter(participant=cast.budi, field=CorrectableField.FULL_NAME).first()
    return made or actions.ask_correction(
        participant_id=cast.budi.pk,
        field=CorrectableField.FULL_NAME,
        value=value,
        reason="Nama di KTP lengkap.",
        by=cast.participant_user,
    )


def budis_erasure(cast: Cast) -> ErasureRequest:
    made = ErasureRequest.objects.open().filter(participant=cast.budi).first()
    return made or actions.ask_erasure(
        participant_id=cast.budi.pk, reason="Saya tidak jadi berangkat.", by=cast.participant_user
    )
