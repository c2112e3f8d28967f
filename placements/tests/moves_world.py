"""People already at work in Japan, in a given stage, for the tests of
transfers, the change to SSW i and the endings; and the TITP → SSW table."""

from __future__ import annotations

import datetime

from joborders.tests.world import Japan, prefecture
from participants.models import Participant
from placements.actions.legacy import LegacyDetails, open_legacy_placement
from placements.models import Placement, PlacementStatus, ResidenceStatus, StagePeriod, StayStage
from placements.tests.builders import placed
from reference.models import ESDField, JobCategory, ListKind, ListVersion, TitpSswLink
from tests.cast import TO_PLACED, Cast, walk

ARRIVED = datetime.date(2025, 4, 20)
WORK_STARTED = datetime.date(2025, 5, 1)


def working(
    cast: Cast,
    japan: Japan,
    participant: Participant,
    *,
    stage: StayStage = StayStage.TITP_I,
    job_category: JobCategory | None = None,
    period_start: datetime.date = WORK_STARTED,
    period_end: datetime.date | None = datetime.date(2026, 4, 30),
    esd_field: ESDField | None = None,
    business_category: str = "",
) -> Placement:
    """``participant`` placed and at work for the cast's company (Sendai Steel)
    since ``WORK_STARTED``, in ``stage``, whose current period runs from
    ``period_start`` to ``period_end``."""
    walk(participant, TO_PLACED, cast.ministry_officer)
    placement = placed(cast, japan, participant, status=PlacementStatus.IN_JAPAN)
    placement.stage = stage
    placement.job_category = job_category or japan.welding
    placement.esd_field = esd_field
    placement.business_category = business_category
    placement.departed_on = ARRIVED
    placement.arrived_on = ARRIVED
    placement.starts_on = WORK_STARTED
    placement.planned_end_on = period_end
    placement.residence_status = ResidenceStatus.for_stage(stage)
    placement.residence_card_number = "AB12345678CD"
    placement.residence_card_expires_on = datetime.date(2028, 4, 30)
    placement.save()
    StagePeriod.objects.create(
        placement=placement,
        stage=stage,
        started_on=period_start,
        planned_end_on=period_end,
        created_by=cast.ministry_officer,
        rule_family="titp_stages",
        rule_version="2026-initial",
        explanation_en="stage set for the test",
    )
    return placement


def titp_ssw_table(rows: dict[tuple[str, str], bool], *, label: str = "2026-initial") -> ListVersion:
    version = ListVersion.objects.create(
        kind=ListKind.TITP_SSW_TABLE, label=label, effective_from=datetime.date(2019, 4, 1)
    )
    TitpSswLink.objects.bulk_create(
        TitpSswLink(version=version, job_category_code=code, ssw_field_ja=field, verified=verified)
        for (code, field), verified in rows.items()
    )
    return version


def sitis_placement(cast: Cast) -> Placement:
    """The cast's Siti (placed in Japan with no placement, like legacy data),
    given one by the ministry with the cast's company, made once per test."""
    existing = Placement.objects.filter(participant=cast.siti).first()
    if existing is not None:
        return existing
    details = LegacyDetails(
        company=cast.company,
        supervising_organization=None,
        support_organization=None,
        prefecture=prefecture(),
        work_city="Sendai",
        work_site="宮城県仙台市若林区卸町1-2-3",
        stage=StayStage.ENGINEER,
        job_category=None,
        ssw_field=None,
        esd_field=None,
        arrived_on=datetime.date(2026, 1, 10),
        stage_started_on=datetime.date(2026, 1, 15),
        planned_end_on=datetime.date(2029, 1, 14),
        residence_card_number="",
        residence_card_expires_on=None,
    )
    return open_legacy_placement(participant_id=cast.siti.pk, details=details, by=cast.ministry_officer)
