"""The readiness checklist: each requirement met exactly at its edge, and
missing one day past it."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from participants import readiness
from participants.models import Document, HealthCheck, HealthResult, LanguageResult, Participant
from reference.models import DocumentKind, LanguageTest, SendingProgramme, Track
from tests.cast import Cast
from training.models import Course, CourseKind, Enrolment, EnrolmentStatus, TrainingClass

TODAY = datetime.date(2026, 11, 23)


@pytest.fixture
def levels(db: None) -> dict[str, LanguageTest]:
    return {
        code: LanguageTest.objects.create(code=code, family=code[:4], level=code[-2:], rank=rank)
        for code, rank in (("JLPT-N5", 10), ("JLPT-N4", 20), ("JLPT-N3", 30))
    }


@pytest.fixture
def programme(levels: dict[str, LanguageTest]) -> SendingProgramme:
    return SendingProgramme.objects.create(
        code="titp",
        name="TITP",
        track=Track.TITP,
        min_age=18,
        max_age=30,
        min_language_level=levels["JLPT-N4"],
        min_sending_organization_hours=160,
        passport_valid_months=18,
        required_documents=["identity_card", "passport", "photo"],
    )


def complete(cast: Cast, course: Course, *, hours: int) -> Enrolment:
    training_class = TrainingClass.objects.create(
        course=course, code=f"{course.code}-1", starts_on=datetime.date(2026, 1, 5), ends_on=datetime.date(2026, 4, 5)
    )
    return Enrolment.objects.create(
        training_class=training_class,
        participant=cast.budi,
        status=EnrolmentStatus.COMPLETED,
        completed_on=datetime.date(2026, 4, 5),
        final_score=Decimal(80),
        credited_hours=hours,
    )


def document(participant: Participant, kind: DocumentKind, **fields: object) -> Document:
    values: dict[str, object] = {
        "participant": participant,
        "kind": kind,
        "file": f"documents/test/{kind}.pdf",
        "original_name": f"{kind}.pdf",
        "content_type": "application/pdf",
        "size": 1,
        "sha256": "0" * 64,
        "verified_at": datetime.datetime(2026, 6, 1, tzinfo=datetime.UTC),
        **fields,
    }
    return Document.objects.create(**values)


@pytest.fixture
def ready_budi(cast: Cast, programme: SendingProgramme, levels: dict[str, LanguageTest]) -> Participant:
    """Budi (born 2002-05-17, so 24 today) with everything the programme asks for."""
    budi = cast.budi
    budi.sending_programme = programme
    budi.save()
    complete(
        cast,
        Course.objects.create(provider=cast.blk, kind=CourseKind.SKILL, code="las", name="Las", hours=480),
        hours=480,
    )
    complete(
        cast,
        Course.objects.create(provider=cast.lpk, kind=CourseKind.LANGUAGE, code="jp", name="JP", hours=160),
        hours=160,
    )
    LanguageResult.objects.create(participant=budi, level=levels["JLPT-N4"], taken_on=datetime.date(2026, 7, 5))
    HealthCheck.objects.create(
        participant=budi,
        examined_on=datetime.date(2026, 6, 1),
        result=HealthResult.FIT,
        expires_on=datetime.date(2027, 6, 1),
    )
    document(budi, DocumentKind.IDENTITY_CARD)
    document(budi, DocumentKind.PHOTO)
    document(budi, DocumentKind.PASSPORT, number="C1234567", expires_on=datetime.date(2028, 5, 23))
    return budi


def item(participant: Participant, key: str, *, on: datetime.date = TODAY) -> readiness.Requirement:
    return next(entry for entry in readiness.check(participant, on=on).items if entry.key == key)


def test_everything_on_file_makes_the_checklist_complete(ready_budi: Participant) -> None:
    result = readiness.check(ready_budi, on=TODAY)

    assert result.complete, [entry.detail for entry in result.missing]
    assert [entry.key for entry in result.items] == [
        "programme",
        "age",
        "skill_course",
        "sending_organization_hours",
        "language",
        "health",
        "passport",
        "documents",
    ]


def test_without_a_programme_the_defaults_apply_and_the_choice_is_missing(cast: Cast) -> None:
    result = readiness.check(cast.budi, on=TODAY)

    assert not result.complete
    assert "programme" in {entry.key for entry in result.missing}
    assert "160" in item(cast.budi, "sending_organization_hours").detail


def test_the_passport_must_be_valid_exactly_eighteen_months_ahead(ready_budi: Participant) -> None:
    assert item(ready_budi, "passport").met
    assert not item(ready_budi, "passport", on=TODAY + datetime.timedelta(days=1)).met


def test_a_participant_past_the_maximum_age_is_not_ready(ready_budi: Participant) -> None:
    thirtieth_year_ends = datetime.date(2033, 5, 16)

    assert item(ready_budi, "age", on=thirtieth_year_ends).met
    assert not item(ready_budi, "age", on=thirtieth_year_ends + datetime.timedelta(days=1)).met


def test_a_programme_for_men_only_lists_the_sex_requirement(
    ready_budi: Participant, programme: SendingProgramme
) -> None:
    programme.sex = "F"
    programme.save()

    assert not item(ready_budi, "sex").met


def test_lpk_hours_below_the_minimum_are_missing(ready_budi: Participant) -> None:
    Enrolment.objects.filter(training_class__course__kind=CourseKind.LANGUAGE).update(credited_hours=159)

    requirement = item(ready_budi, "sending_organization_hours")

    assert not requirement.met
    assert "159" in requirement.detail


@pytest.mark.parametrize(("language", "shown"), [("id", "1.199 dari 1.200"), ("en", "1,199 of 1,200")])
def test_lpk_hours_are_counted_the_readers_way(ready_budi: Participant, language: str, shown: str) -> None:
    assert ready_budi.sending_programme is not None
    ready_budi.sending_programme.min_sending_organization_hours = 1200
    ready_budi.sending_programme.save(update_fields=["min_sending_organization_hours"])
    Enrolment.objects.filter(training_class__course__kind=CourseKind.LANGUAGE).update(credited_hours=1199)

    with translation.override(language):
        requirement = item(ready_budi, "sending_organization_hours")

    assert shown in requirement.detail


def test_an_enrolment_not_completed_does_not_count(ready_budi: Participant) -> None:
    Enrolment.objects.filter(training_class__course__kind=CourseKind.SKILL).update(status=EnrolmentStatus.FAILED)

    assert not item(ready_budi, "skill_course").met


def test_an_expired_or_in_house_language_level_does_not_count(
    ready_budi: Participant, levels: dict[str, LanguageTest]
) -> None:
    LanguageResult.objects.update(valid_until=TODAY - datetime.timedelta(days=1))
    LanguageResult.objects.create(participant=ready_budi, level=levels["JLPT-N3"], in_house=True, taken_on=TODAY)

    assert not item(ready_budi, "language").met


def test_an_in_house_level_counts_where_the_programme_accepts_it(
    ready_budi: Participant, programme: SendingProgramme, levels: dict[str, LanguageTest]
) -> None:
    LanguageResult.objects.all().delete()
    LanguageResult.objects.create(participant=ready_budi, level=levels["JLPT-N4"], in_house=True, taken_on=TODAY)
    programme.accepts_in_house_level = True
    programme.save()

    assert item(ready_budi, "language").met


def test_a_failed_attempt_does_not_count(ready_budi: Participant) -> None:
    LanguageResult.objects.update(passed=False)

    assert not item(ready_budi, "language").met


def test_health_is_fit_until_the_expiry_day_and_not_after(ready_budi: Participant) -> None:
    assert item(ready_budi, "health", on=datetime.date(2027, 6, 1)).met
    assert not item(ready_budi, "health", on=datetime.date(2027, 6, 2)).met
    assert item(ready_budi, "health").health


def test_the_latest_health_check_decides(ready_budi: Participant) -> None:
    HealthCheck.objects.create(
        participant=ready_budi,
        examined_on=datetime.date(2026, 10, 1),
        result=HealthResult.CONDITIONAL,
        expires_on=datetime.date(2027, 10, 1),
    )

    assert not item(ready_budi, "health").met


def test_an_unverified_or_missing_document_is_named(ready_budi: Participant) -> None:
    Document.objects.filter(kind=DocumentKind.PHOTO).update(verified_at=None)
    Document.objects.filter(kind=DocumentKind.IDENTITY_CARD).delete()

    requirement = item(ready_budi, "documents")

    assert not requirement.met
    assert str(DocumentKind.PHOTO.label) in requirement.detail
    assert str(DocumentKind.IDENTITY_CARD.label) in requirement.detail


def test_a_superseded_document_does_not_count(ready_budi: Participant) -> None:
    Document.objects.filter(kind=DocumentKind.PHOTO).update(
        superseded_at=datetime.datetime(2026, 9, 1, tzinfo=datetime.UTC)
    )

    assert not item(ready_budi, "documents").met
