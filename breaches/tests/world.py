"""Breaches for the tests, recorded through the real actions."""

from __future__ import annotations

import dataclasses
import datetime

from django.utils import timezone

from accounts.models import User
from breaches.actions import BreachDetails, NotificationDetails, record_notification, report_breach
from breaches.models import Audience, Breach, Channel, DataKind
from tests.cast import Cast

STORY = "Laptop kantor berisi daftar peserta dicuri dari mobil."


def details(cast: Cast, **overrides: object) -> BreachDetails:
    values = BreachDetails(
        title="Laptop dicuri",
        description=STORY,
        measures="Kata sandi akun diganti.",
        occurred_at=None,
        found_at=timezone.now() - datetime.timedelta(hours=1),
        subjects_count=412,
        count_is_estimate=True,
        data_kinds=[DataKind.IDENTITY, DataKind.HEALTH],
        organizations=[cast.lpk],
    )
    return dataclasses.replace(values, **overrides)  # type: ignore[arg-type]


def a_breach(cast: Cast, *, by: User | None = None, **overrides: object) -> Breach:
    """Reported by the LPK/SO's officer unless ``by`` says otherwise."""
    reporter = by or cast.lpk_officer
    organization = cast.ministry if reporter in (cast.ministry_admin, cast.ministry_officer) else cast.lpk
    return report_breach(details=details(cast, **overrides), organization=organization, by=reporter)


def tell(cast: Cast, breach: Breach, audience: Audience, *, at: datetime.datetime | None = None) -> None:
    told = NotificationDetails(
        audience=audience,
        told_at=at or timezone.now(),
        channel=Channel.LETTER,
        recipients="Lembaga PDP" if audience == Audience.AUTHORITY else "412 peserta LPK",
        reference="B-12/PDP/2026",
    )
    record_notification(breach_id=breach.pk, details=told, by=cast.ministry_officer)


def told_everyone(cast: Cast, breach: Breach, *, at: datetime.datetime | None = None) -> None:
    tell(cast, breach, Audience.DATA_SUBJECTS, at=at)
    tell(cast, breach, Audience.AUTHORITY, at=at)
