"""Records behind a résumé, built through the real actions: a Japanese
result, a fit health check with notes that must never reach the résumé, a
verified photo, a completed BLK welding course with its competency test, a
completed LPK/SO Japanese course, schooling and an earlier job; and a
published shortlist of the matching pool (matching/tests/pool.py)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from joborders.models import JobOrder
from joborders.tests.world import Japan, served_job_order
from lib.tests import samples
from matching import actions as matching_actions
from matching.models import ScoreWeights, Shortlist, ShortlistEntry, ShortlistStatus
from matching.tests.pool import Pool, candidate
from participants import actions
from participants.models import HealthResult, Participant, SchoolLevel, SchoolOutcome
from participants.tests.records import document, language_result
from reference.models import DocumentKind
from tests.cast import Cast
from training import actions as training_actions
from training.models import AssessmentKind, CourseKind
from training.tests.conftest import class_details, course_details

HEALTH_NOTES = "Riwayat asma ringan"
CLINIC = "Klinik Sehat Bekasi"
WELDING_HOURS = 320
JAPANESE_HOURS = 240


def month(year: int, number: int) -> datetime.date:
    return datetime.date(year, number, 1)


def record_everything(cast: Cast, japan: Japan, participant: Participant) -> Participant:
    by = cast.lpk_officer
    language_result(participant, japan.n4, by, taken_on=datetime.date(2026, 2, 8), certificate_number="N4A123")
    actions.record_health_check(
        participant_id=participant.pk,
        details=actions.HealthCheckDetails(
            examined_on=datetime.date(2026, 5, 1),
            result=HealthResult.FIT,
            expires_on=datetime.date(2027, 4, 30),
            clinic=CLINIC,
            notes=HEALTH_NOTES,
        ),
        by=by,
    )
    photo = document(participant, DocumentKind.PHOTO, by, content=samples.png())
    actions.verify_document(document_id=photo.pk, by=by)
    _completed(
        cast,
        cast.blk,
        course_details(
            CourseKind.SKILL,
            code="las-3g",
            name="Teknik Las 3G",
            vocational_programme=cast.programme,
            hours=WELDING_HOURS,
            certificate="BNSP Juru Las Tingkat II",
        ),
        participant,
        starts_on=datetime.date(2025, 3, 3),
        ends_on=datetime.date(2025, 6, 27),
        competency=True,
    )
    _completed(
        cast,
        cast.lpk,
        course_details(CourseKind.LANGUAGE, code="n4", name="Bahasa Jepang N4 intensif", hours=JAPANESE_HOURS),
        participant,
        starts_on=datetime.date(2025, 9, 1),
        ends_on=datetime.date(2026, 1, 30),
    )
    actions.save_background(
        participant_id=participant.pk,
        education=[
            actions.EducationDetails(
                level=SchoolLevel.JUNIOR_HIGH,
                school="SMP Negeri 3 Bekasi",
                major="",
                started_on=month(2014, 7),
                ended_on=month(2017, 6),
                outcome=SchoolOutcome.GRADUATED,
            ),
            actions.EducationDetails(
                level=SchoolLevel.VOCATIONAL_HIGH,
                school="SMK Negeri 1 Cikarang",
                major="Teknik Pengelasan",
                started_on=month(2017, 7),
                ended_on=month(2020, 6),
                outcome=SchoolOutcome.GRADUATED,
            ),
        ],
        work=[
            actions.WorkDetails(
                employer="PT Baja Cikarang",
                job="welder's assistant",
                started_on=month(2020, 8),
                ended_on=month(2024, 12),
            )
        ],
        expected_fingerprint=actions.background_fingerprint(participant.pk),
        by=by,
    )
    participant.refresh_from_db()
    return participant


def _completed(
    cast: Cast,
    provider: object,
    details: training_actions.CourseDetails,
    participant: Participant,
    *,
    starts_on: datetime.date,
    ends_on: datetime.date,
    competency: bool = False,
) -> None:
    by = cast.ministry_officer
    course = training_actions.create_course(provider=provider, details=details, by=by)  # type: ignore[arg-type]
    training_class = training_actions.create_class(
        course_id=course.pk,
        details=class_details(code=f"{details.code}-{participant.pk}", starts_on=starts_on, ends_on=ends_on),
        by=by,
    )
    (enrolment,) = training_actions.enrol_participants(
        training_class_id=training_class.pk, participant_ids=[participant.pk], by=by, on=starts_on
    )
    if competency:
        training_actions.record_assessment(
            enrolment_id=enrolment.pk, kind=AssessmentKind.COMPETENCY, taken_on=ends_on, score=Decimal(88), by=by
        )
    training_actions.complete_enrolment(
        enrolment_id=enrolment.pk,
        expected_version=enrolment.version,
        completed_on=ends_on,
        final_score=Decimal(85),
        by=by,
    )


def published_shortlist(cast: Cast, japan: Japan, pool: Pool, *names: str) -> tuple[Shortlist, list[Participant]]:
    """The pool order's shortlist with these candidates (ranked by the engine), published."""
    people = [candidate(cast, pool, japan, name) for name in names]
    shortlist = matching_actions.run_shortlist(job_order_id=pool.order.pk, by=cast.ministry_officer)
    shortlist = matching_actions.publish_shortlist(
        shortlist_id=shortlist.pk, expected_version=shortlist.version, by=cast.ministry_officer
    )
    return shortlist, people


def draft_shortlist(cast: Cast, japan: Japan, pool: Pool, *names: str) -> tuple[Shortlist, list[Participant]]:
    people = [candidate(cast, pool, japan, name) for name in names]
    return matching_actions.run_shortlist(job_order_id=pool.order.pk, by=cast.ministry_officer), people


def budi_on_a_shortlist(cast: Cast, *, published: bool) -> JobOrder:
    """Budi on the shortlist of the cast's served job order, made once per
    test, for the access matrix: written directly, since budi is nowhere near
    ready and the matrix is about who may read, not about matching."""
    order = served_job_order(cast)
    if not Shortlist.objects.filter(job_order=order).exists():
        shortlist = Shortlist.objects.create(
            job_order=order,
            status=ShortlistStatus.PUBLISHED if published else ShortlistStatus.DRAFT,
            weights=ScoreWeights().as_dict(),
            computed_on=order.created_at.date(),
            computed_by=cast.ministry_officer,
            published_at=timezone.now() if published else None,
            published_by=cast.ministry_officer if published else None,
        )
        ShortlistEntry.objects.create(shortlist=shortlist, participant=cast.budi, rank=1, score=600, parts=[], fit=1)
    return order


def shortlisted_budi(cast: Cast, *, published: bool) -> Participant:
    budi_on_a_shortlist(cast, published=published)
    return cast.budi
