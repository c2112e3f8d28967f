"""Building a participant's records through the real actions, for tests."""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import User
from lib.tests import samples
from participants import actions
from participants.models import Document, HealthCheck, HealthResult, LanguageResult, Participant
from reference.models import DocumentKind, LanguageTest


def today() -> datetime.date:
    return timezone.localdate()


def days_from_today(days: int) -> datetime.date:
    return today() + datetime.timedelta(days=days)


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    # What a phone's browser claims the type is counts for nothing: the content decides.
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def language_result(participant: Participant, level: LanguageTest, by: User, **overrides: object) -> LanguageResult:
    values: dict[str, object] = {
        "level": level,
        "in_house": False,
        "score": None,
        "passed": True,
        "taken_on": days_from_today(-30),
        "valid_until": None,
        "certificate_number": "",
    }
    values.update(overrides)
    details = actions.LanguageResultDetails(**values)  # type: ignore[arg-type]
    return actions.record_language_result(participant_id=participant.pk, details=details, by=by)


def health_check(participant: Participant, by: User, *, result: HealthResult = HealthResult.FIT) -> HealthCheck:
    details = actions.HealthCheckDetails(
        examined_on=days_from_today(-10),
        result=result,
        expires_on=days_from_today(355),
        clinic="Klinik Sehat Bekasi",
        notes="",
    )
    return actions.record_health_check(participant_id=participant.pk, details=details, by=by)


def document(
    participant: Participant,
    kind: DocumentKind,
    by: User,
    *,
    content: bytes | None = None,
    number: str = "",
    expires_on: datetime.date | None = None,
) -> Document:
    upload_ = actions.DocumentUpload(
        kind=kind,
        file=upload(f"{kind}.jpg", content or samples.jpeg()),
        number=number,
        issued_on=None,
        expires_on=expires_on,
    )
    return actions.upload_document(participant_id=participant.pk, upload=upload_, by=by)
