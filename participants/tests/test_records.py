"""A participant's records read once: the choices made from them in Python
are the ones their querysets make in SQL, and the record page reads each
kind of record once however many of its parts use it."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from participants import readiness
from participants.models import Document, HealthCheck, HealthResult, LanguageResult
from participants.records import Records
from participants.tests.records import days_from_today, document, health_check, language_result
from reference.models import DocumentKind, LanguageTest
from tests.cast import Cast


@pytest.fixture
def mixed_results(cast: Cast, language_levels: dict[str, LanguageTest]) -> None:
    """Two results of the same rank, an older stronger one expired, a failed
    one, an in-house one at the top and one taken only next week."""
    officer = cast.lpk_officer
    levels = language_levels
    language_result(cast.budi, levels["JLPT-N4"], officer, taken_on=days_from_today(-200))
    language_result(cast.budi, levels["JFT-BASIC-A2"], officer, taken_on=days_from_today(-20), score=220)
    language_result(
        cast.budi, levels["JLPT-N3"], officer, taken_on=days_from_today(-900), valid_until=days_from_today(-1)
    )
    language_result(cast.budi, levels["JLPT-N3"], officer, taken_on=days_from_today(-10), passed=False)
    language_result(cast.budi, levels["JLPT-N3"], officer, taken_on=days_from_today(-5), in_house=True)
    language_result(cast.budi, levels["JLPT-N3"], officer, taken_on=days_from_today(7))


@pytest.mark.usefixtures("mixed_results")
@pytest.mark.parametrize("official_only", [False, True])
@pytest.mark.parametrize("days", [-30, 0, 8])
def test_the_highest_result_is_the_one_the_query_picks(cast: Cast, official_only: bool, days: int) -> None:
    on = days_from_today(days)
    valid = LanguageResult.objects.filter(participant=cast.budi).valid_on(on)
    if official_only:
        valid = valid.official()

    picked = Records.of(cast.budi).highest_language_result(on, official_only=official_only)

    assert picked == valid.highest()


@pytest.mark.usefixtures("mixed_results")
def test_today_the_in_house_level_is_highest_and_otherwise_the_latest_of_the_top_rank(cast: Cast) -> None:
    records = Records.of(cast.budi)
    today = timezone.localdate()

    assert records.highest_language_result(today).in_house  # type: ignore[union-attr]
    official = records.highest_language_result(today, official_only=True)
    assert official is not None
    assert official.level.code == "JFT-BASIC-A2"


def test_a_check_examined_after_the_day_does_not_count_yet(cast: Cast) -> None:
    earlier = health_check(cast.budi, cast.lpk_officer)
    later = HealthCheck.objects.create(
        participant=cast.budi,
        examined_on=days_from_today(3),
        result=HealthResult.UNFIT,
        expires_on=days_from_today(368),
    )
    records = Records.of(cast.budi)

    assert records.latest_health_check(timezone.localdate()) == earlier
    assert records.latest_health_check(days_from_today(3)) == later
    assert records.latest_health_check(days_from_today(-11)) is None


@pytest.mark.usefixtures("media")
def test_the_current_document_of_a_kind_is_the_latest_not_replaced(cast: Cast) -> None:
    officer = cast.lpk_officer
    replaced = document(cast.budi, DocumentKind.PASSPORT, officer, number="A1111111", expires_on=days_from_today(900))
    passport = document(cast.budi, DocumentKind.PASSPORT, officer, number="B2222222", expires_on=days_from_today(1900))
    document(cast.budi, DocumentKind.TRAINING_CERTIFICATE, officer)
    Document.objects.filter(participant=cast.budi, kind=DocumentKind.TRAINING_CERTIFICATE).update(
        uploaded_at=timezone.now() - datetime.timedelta(days=30)
    )
    latest_certificate = document(cast.budi, DocumentKind.TRAINING_CERTIFICATE, officer)

    current = Records.of(cast.budi).current_documents()

    assert set(current) == {DocumentKind.PASSPORT, DocumentKind.TRAINING_CERTIFICATE}
    assert current[DocumentKind.PASSPORT] == passport != replaced
    assert current[DocumentKind.TRAINING_CERTIFICATE] == latest_certificate
    assert {d.pk for d in current.values()} <= set(
        Document.objects.filter(participant=cast.budi).current().values_list("pk", flat=True)
    )


@pytest.mark.usefixtures("media", "mixed_results")
def test_the_checklist_from_records_read_once_is_the_checklist_read_alone(cast: Cast) -> None:
    health_check(cast.budi, cast.lpk_officer)
    document(cast.budi, DocumentKind.PASSPORT, cast.lpk_officer, number="C1234567", expires_on=days_from_today(900))
    today = timezone.localdate()

    alone = readiness.check(cast.budi, on=today)
    shared = readiness.check(cast.budi, on=today, records=Records.of(cast.budi))

    assert shared == alone


@pytest.mark.usefixtures("media", "mixed_results")
def test_the_record_page_reads_each_kind_of_record_once(client: Client, cast: Cast) -> None:
    health_check(cast.budi, cast.lpk_officer)
    document(cast.budi, DocumentKind.PASSPORT, cast.lpk_officer, number="C1234567", expires_on=days_from_today(900))
    client.force_login(cast.lpk_officer)  # may see health data: every section is shown

    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/participants/{cast.budi.pk}/")

    assert response.status_code == 200
    reads = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT")]
    for table in ("participants_languageresult", "participants_healthcheck", "participants_document"):
        assert sum(f'FROM "{table}"' in sql for sql in reads) == 1, table
    assert response.context["health"]
    assert response.context["language"].rows
