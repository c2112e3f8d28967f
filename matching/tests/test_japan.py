"""A returnee's record in Japan counts in matching (matching.japan): someone
who came home, re-entered the pool (returned → ready) and is matched by the
job they did in Japan, for how long, and the TITP stage they completed."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import translation

from joborders import actions as joborder_actions
from joborders.models import JobOrder
from joborders.tests.world import Japan, order_details
from matching.engine.columns import Constraint, FitLevel, Weights
from matching.explain import FITS
from matching.japan import japan_records
from matching.matches import match_order, match_participant
from matching.tests.pool import Pool, candidate
from participants.models import Participant, Status
from placements.actions.arrival import ArrivalDetails, record_arrival
from placements.models import Placement, PlacementStatus, StayStage
from placements.tests.builders import placed
from placements.tests.return_world import fly_home
from reference.models import JobCategory, SendingProgramme, Track
from tests.cast import Cast, walk

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 1)
LANDED = datetime.date(2023, 1, 10)
WORKS_FROM = datetime.date(2023, 2, 10)
THREE_YEARS_ON = datetime.date(2026, 2, 10)  # 37 whole months after landing
EIGHT_MONTHS_ON = datetime.date(2023, 9, 10)


def returnee(
    cast: Cast,
    pool: Pool,
    japan: Japan,
    name: str,
    *,
    stage: StayStage = StayStage.TITP_II,
    job: JobCategory | None = None,
    flew_home: datetime.date = THREE_YEARS_ON,
    programme: SendingProgramme | None = None,
) -> Participant:
    """A ready cook (a trade that fits no welding order) who worked in Japan,
    came home and entered the pool again through the status form's edge."""
    person = candidate(cast, pool, japan, name, trade=pool.cooking, programme=programme)
    walk(person, [Status.SHORTLISTED, Status.SELECTED, Status.PRE_DEPARTURE, Status.DEPARTED], cast.ministry_officer)
    placement = placed(cast, japan, person, status=PlacementStatus.IN_JAPAN)
    Placement.objects.filter(pk=placement.pk).update(
        stage=stage, job_category=job or japan.welding, operation=None, departed_on=LANDED
    )
    record_arrival(
        placement_id=placement.pk,
        details=ArrivalDetails(
            arrived_on=LANDED,
            work_starts_on=WORKS_FROM,
            work_site="宮城県仙台市",
            residence_card_number="AB12345678CD",
            residence_card_expires_on=datetime.date(2027, 1, 1),
        ),
        by=cast.supervising_officer,
        today=LANDED,
    )
    fly_home(placement, by=cast.supervising_officer, on=flew_home)
    # The returned → ready edge; the readiness checklist on the way is a decision of its own (tests.cast.walk).
    return walk(person, [Status.READY], cast.lpk_officer)


def ssw_construction_order(cast: Cast, japan: Japan) -> JobOrder:
    return joborder_actions.create_job_order(
        details=order_details(
            cast,
            japan,
            programme=Track.SSW,
            title="Carpenter",
            titp_stage=None,
            job_category=None,
            operation=None,
            ssw_field=japan.construction,
            business_category="建築",
            support_organization=cast.support_organization,
        ),
        by=cast.supervising_officer,
    )


def fit_for(person: Participant, order: JobOrder) -> tuple[int, list[float]] | Constraint:
    """The fit level and score parts of ``person`` for ``order``, or the reason they do not fit."""
    found = match_participant(
        participant=person, orders=JobOrder.objects.filter(pk=order.pk), weights=Weights(), today=TODAY
    )
    if found.fitting:
        return found.fitting[0].fit, found.fitting[0].parts
    [reason] = found.ruled_out
    return reason


def test_it_reads_the_record_from_the_ended_placements(cast: Cast, japan: Japan, pool: Pool) -> None:
    person = returnee(cast, pool, japan, "Rudi Hartono")

    record = japan_records(Participant.objects.filter(pk=person.pk))[person.pk]

    assert (record.job_category, record.months, record.completed_titp_stage) == ("7-7", 37, 2)
    assert person.status == Status.READY
    with translation.override("en"):
        assert record.explained() == "37 months in Japan as 溶接; TITP stage ii completed"


def test_it_matches_a_returnee_by_the_job_they_did_in_japan(cast: Cast, japan: Japan, pool: Pool) -> None:
    person = returnee(cast, pool, japan, "Rudi Hartono")
    cook = candidate(cast, pool, japan, "Ani Koki", trade=pool.cooking)

    fit, parts = fit_for(person, pool.order)  # type: ignore[misc]

    assert fit == FitLevel.JAPAN
    assert parts[0] == 1.0  # trade fit in full: three years of the same job
    assert fit_for(cook, pool.order) == Constraint.TRADE
    chosen = match_order(job_order=pool.order, weights=Weights(), today=TODAY).chosen
    assert [c.participant_id for c in chosen] == [person.pk]
    with translation.override("en"):
        assert str(FITS[FitLevel(fit)]) == "did this job in Japan for a year or more"
        found = match_participant(
            participant=person, orders=JobOrder.objects.filter(pk=pool.order.pk), weights=Weights(), today=TODAY
        )
    assert found.japan == "37 months in Japan as 溶接; TITP stage ii completed"


def test_it_counts_less_than_a_year_in_japan_for_less(cast: Cast, japan: Japan, pool: Pool) -> None:
    person = returnee(cast, pool, japan, "Rudi Hartono", flew_home=EIGHT_MONTHS_ON)

    fit, parts = fit_for(person, pool.order)  # type: ignore[misc]

    assert fit == FitLevel.JAPAN_BRIEF
    assert parts[0] == 0.75


def test_it_keeps_the_trade_where_it_fits_better(cast: Cast, japan: Japan, pool: Pool) -> None:
    """A welder by trade back from eight months of welding: the trade's "same job type" is worth more."""
    person = returnee(cast, pool, japan, "Rudi Hartono", flew_home=EIGHT_MONTHS_ON)
    Participant.objects.filter(pk=person.pk).update(vocational_programme=pool.welding)

    fit, parts = fit_for(person, pool.order)  # type: ignore[misc]

    assert fit == FitLevel.SAME
    assert parts[0] == 1.0


@pytest.mark.parametrize(
    ("stage", "fit"),
    [
        # Good completion of stage ii in a construction job exempts from the construction skill test.
        (StayStage.TITP_II, FitLevel.JAPAN_EXEMPT),
        # Stage i only: experience in the field, but the skill test is still to be taken.
        (StayStage.TITP_I, FitLevel.JAPAN),
    ],
)
def test_it_exempts_a_titp_ii_returnee_in_the_ssw_field_from_its_skill_test(
    cast: Cast, japan: Japan, pool: Pool, stage: StayStage, fit: FitLevel
) -> None:
    person = returnee(cast, pool, japan, "Rudi Hartono", stage=stage, job=japan.carpentry, programme=pool.ssw)

    found = fit_for(person, ssw_construction_order(cast, japan))

    assert isinstance(found, tuple)
    assert found[0] == fit


def test_it_does_not_count_a_job_outside_the_ssw_field(cast: Cast, japan: Japan, pool: Pool) -> None:
    person = returnee(cast, pool, japan, "Rudi Hartono", programme=pool.ssw)  # welding, not construction

    assert fit_for(person, ssw_construction_order(cast, japan)) == Constraint.TRADE


@pytest.mark.parametrize(("stage", "eligible"), [(StayStage.TITP_II, True), (StayStage.TITP_I, False)])
def test_it_opens_stage_iii_orders_to_returnees_of_stage_ii(
    cast: Cast, japan: Japan, pool: Pool, stage: StayStage, eligible: bool
) -> None:
    person = returnee(cast, pool, japan, "Rudi Hartono", stage=stage)
    JobOrder.objects.filter(pk=pool.order.pk).update(titp_stage=3)

    found = fit_for(person, pool.order)

    assert isinstance(found, tuple) is eligible
    if not eligible:
        assert found == Constraint.TITP_STAGE


def test_it_shows_the_record_on_the_returnees_matches_page(cast: Cast, japan: Japan, pool: Pool) -> None:
    person = returnee(cast, pool, japan, "Rudi Hartono")
    client = Client()
    client.force_login(cast.lpk_officer)
    client.cookies["django_language"] = "en"

    page = client.get(f"/matching/participants/{person.pk}/").content.decode()

    assert "Their record in Japan counts in matching: 37 months in Japan as 溶接; TITP stage ii completed." in page
    assert "did this job in Japan for a year or more" in page
