"""People at work in Japan for the duties and deadline tests, through the real
arrival action: a TITP stage i trainee of Sendai Steel (supervised by JOE
Cooperative) and, where asked, a specified skilled worker (SSW i) supported
by Sendai Support."""

from __future__ import annotations

import datetime

from django.core.files.base import ContentFile

from accounts.models import User
from joborders.tests.world import Japan
from participants.models import Document, Participant
from placements.actions.arrival import ArrivalDetails, record_arrival
from placements.models import Placement, PlacementStatus, StayStage
from placements.tests.builders import departed
from reference.models import DocumentKind
from tests.cast import Cast

ARRIVED_ON = datetime.date(2026, 5, 21)
WORK_STARTS_ON = datetime.date(2026, 6, 22)
CARD_EXPIRES_ON = datetime.date(2027, 6, 21)


def working(
    cast: Cast,
    japan: Japan,
    participant: Participant,
    *,
    stage: StayStage = StayStage.TITP_I,
    work_starts_on: datetime.date = WORK_STARTS_ON,
    card_expires_on: datetime.date = CARD_EXPIRES_ON,
    contract_ends_on: datetime.date | None = None,
    by: User | None = None,
) -> Placement:
    """``participant`` at work in Japan: arrival recorded, first stage period open."""
    placement = departed(cast, japan, participant)
    if stage != StayStage.TITP_I:
        support = cast.support_organization if stage == StayStage.SSW_I else None
        Placement.objects.filter(pk=placement.pk).update(
            stage=stage, supervising_organization=None, support_organization=support
        )
    details = ArrivalDetails(
        arrived_on=ARRIVED_ON,
        work_starts_on=work_starts_on,
        work_site="宮城県仙台市若林区卸町1-2-3",
        residence_card_number="AB12345678CD",
        residence_card_expires_on=card_expires_on,
        planned_end_on=contract_ends_on or work_starts_on.replace(year=work_starts_on.year + 2),
    )
    return record_arrival(
        placement_id=placement.pk, details=details, by=by or cast.ministry_officer, today=work_starts_on
    )


def passport(participant: Participant, *, expires_on: datetime.date) -> Document:
    return Document.objects.create(
        participant=participant,
        kind=DocumentKind.PASSPORT,
        file=ContentFile(b"%PDF-1.4", name="passport.pdf"),
        original_name="passport.pdf",
        content_type="application/pdf",
        size=8,
        sha256="0" * 64,
        number="C1234567",
        expires_on=expires_on,
    )


def another_participant(cast: Cast, name: str, serial: int) -> Participant:
    """Someone else on their way to Japan, trained at the cast's BLK."""
    from placements.tests.gate_world import another_participant as registered  # noqa: PLC0415

    return registered(cast, name, serial)


def ssw_worker(cast: Cast, japan: Japan, **overrides: object) -> Placement:
    """A specified skilled worker (i) of Sendai Steel, supported by Sendai Support."""
    person = another_participant(cast, "Rina Wulandari", 301)
    return working(cast, japan, person, stage=StayStage.SSW_I, **overrides)  # type: ignore[arg-type]


# --- for the access tests: made once per test, asked for once per persona ---------


def budi_at_work(cast: Cast) -> Placement:
    """Budi at work in Japan: TITP stage i at Sendai Steel, under JOE Cooperative."""
    placement = Placement.objects.filter(participant=cast.budi).first()
    if placement is not None:
        return placement
    from joborders.tests.world import build_japan, on_day  # noqa: PLC0415

    with on_day():
        return working(cast, build_japan(cast), cast.budi)


def ssw_at_work(cast: Cast) -> Placement:
    """Budi at work as above, and Rina, a specified skilled worker (i) of the
    same company supported by Sendai Support, on the terms of budi's order."""
    existing = Placement.objects.filter(stage=StayStage.SSW_I).first()
    if existing is not None:
        return existing
    from joborders.tests.world import on_day  # noqa: PLC0415
    from placements.tests.builders import TO_DEPARTED  # noqa: PLC0415
    from tests.cast import walk  # noqa: PLC0415

    budi = budi_at_work(cast)
    assert budi.job_order is not None
    with on_day():
        person = walk(another_participant(cast, "Rina Wulandari", 301), TO_DEPARTED, cast.ministry_officer)
        placement = Placement.objects.create_for_order(
            participant=person,
            job_order=budi.job_order,
            status=PlacementStatus.IN_JAPAN,
            starts_on=budi.job_order.start_date,
            departed_on=ARRIVED_ON,
            created_by=cast.ministry_officer,
            stage=StayStage.SSW_I,
            supervising_organization=None,
            support_organization=cast.support_organization,
        )
        details = ArrivalDetails(
            arrived_on=ARRIVED_ON,
            work_starts_on=WORK_STARTS_ON,
            work_site="宮城県仙台市若林区卸町1-2-3",
            residence_card_number="AB12345678CD",
            residence_card_expires_on=CARD_EXPIRES_ON,
            planned_end_on=datetime.date(2028, 6, 21),
        )
        return record_arrival(
            placement_id=placement.pk, details=details, by=cast.ministry_officer, today=WORK_STARTS_ON
        )
