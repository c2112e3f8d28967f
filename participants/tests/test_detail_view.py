"""The participant's page: profile, masked identity revealed on request with an
audit row, the history timeline."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from audit.models import AuditAction, AuditEntry
from joborders.models import CompanyProfile
from joborders.tests.world import build_japan
from participants.tests.records import days_from_today, document, health_check, language_result
from placements.models import PlacementStatus
from placements.tests.builders import placed
from reference.models import DocumentKind, LanguageTest
from tests.cast import Cast


def test_it_shows_the_nik_masked_until_asked(client: Client, cast: Cast) -> None:
    client.force_login(cast.lpk_officer)
    html = client.get(f"/participants/{cast.budi.pk}/").content.decode()
    assert cast.budi.masked_nik in html
    assert cast.budi.nik not in html
    assert cast.budi.address not in html
    # The health section's own viewing row is another matter (test_health_checks.py).
    assert not AuditEntry.objects.filter(action=AuditAction.VIEWED_SENSITIVE, changes__has_key="nik").exists()


def test_it_reveals_nik_and_address_and_records_the_viewing(client: Client, cast: Cast) -> None:
    client.force_login(cast.lpk_officer)
    html = client.get(f"/participants/{cast.budi.pk}/sensitive/", headers={"HX-Request": "true"}).content.decode()
    assert cast.budi.nik in html
    assert cast.budi.address in html
    entry = AuditEntry.objects.for_object(cast.budi).get(action=AuditAction.VIEWED_SENSITIVE)
    assert entry.actor == cast.lpk_officer
    assert set(entry.changes) == {"nik", "address"}


def test_it_lets_a_participant_read_but_not_change_their_own_record(client: Client, cast: Cast) -> None:
    client.force_login(cast.participant_user)
    response = client.get(f"/participants/{cast.budi.pk}/")
    assert response.status_code == 200
    assert response.context["may_write"] is False
    assert response.context["transition_form"] is None


def test_it_offers_only_the_allowed_next_statuses(client: Client, cast: Cast) -> None:
    client.force_login(cast.lpk_officer)
    form = client.get(f"/participants/{cast.budi.pk}/").context["transition_form"]
    assert [value for value, _ in form.fields["to"].choices] == ["in_training", "withdrawn", "disqualified"]


def test_it_shows_the_readiness_checklist_and_fitting_orders_only_before_departure(client: Client, cast: Cast) -> None:
    client.force_login(cast.ministry_officer)

    before = client.get(f"/participants/{cast.budi.pk}/")
    placed = client.get(f"/participants/{cast.siti.pk}/")

    assert before.context["checklist"] is not None
    assert f"/matching/participants/{cast.budi.pk}/" in before.content.decode()
    assert placed.context["checklist"] is None
    assert 'id="readiness"' not in placed.content.decode()
    assert f"/matching/participants/{cast.siti.pk}/" not in placed.content.decode()


def _with_contact(cast: Cast) -> None:
    CompanyProfile.objects.filter(organization=cast.company).update(
        contact_name="山本 健", contact_phone="+81 22 123 4567", contact_email="yamamoto@example.jp"
    )


def test_it_shows_the_embassy_where_a_worker_works_and_whom_to_call(english: Client, cast: Cast) -> None:
    japan = build_japan(cast)
    _with_contact(cast)
    placed(cast, japan, cast.siti, status=PlacementStatus.IN_JAPAN)
    english.force_login(cast.embassy_officer)

    html = english.get(f"/participants/{cast.siti.pk}/").content.decode()

    placement = html[html.index('id="placement-heading"') :]
    assert "Sendai Steel" in placement
    assert "Miyagi" in placement
    assert "JOE Cooperative" in placement
    assert 'href="tel:+81 22 123 4567"' in placement
    assert "yamamoto@example.jp" in placement


def test_it_shows_the_participant_their_own_placement(english: Client, cast: Cast) -> None:
    """The participant sees their own placement; others do not even see the record."""
    japan = build_japan(cast)
    placed(cast, japan, cast.budi, status=PlacementStatus.PREPARING)
    english.force_login(cast.participant_user)
    assert 'id="placement-heading"' in english.get(f"/participants/{cast.budi.pk}/").content.decode()
    english.force_login(cast.other_lpk_officer)
    assert english.get(f"/participants/{cast.budi.pk}/").status_code == 404


def test_it_names_the_trade_in_the_readers_language(cast: Cast) -> None:
    cast.budi.vocational_programme = cast.programme
    cast.budi.save(update_fields=["vocational_programme"])
    pages = {}
    for language in ("id", "en"):
        client = Client()
        client.force_login(cast.lpk_officer)
        client.cookies["django_language"] = language
        pages[language] = client.get(f"/participants/{cast.budi.pk}/").content.decode()
    indonesian, in_english = pages["id"], pages["en"]

    assert "<dd>Teknik Las</dd>" in indonesian
    assert '<dd>Welding <span class="muted" lang="id">Teknik Las</span></dd>' in in_english


# Dates written another way than the record's one: ISO, day-month-year in
# figures, or a month cut short ("5 Des 2026") beside the full ones.
OTHER_DATE_STYLES = re.compile(
    r"\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}[-/.]\d{1,2}[-/.]\d{4}\b"
    r"|\b\d{1,2} (?:Jan|Feb|Mar|Apr|Jun|Jul|Agu|Aug|Sep|Okt|Oct|Nov|Des|Dec)\.? \d{4}\b"
)


@pytest.mark.usefixtures("media")
@pytest.mark.parametrize("language", ["id", "en"])
def test_the_record_writes_every_date_one_way(client: Client, cast: Cast, language: str) -> None:
    n4 = LanguageTest.objects.create(code="JLPT-N4", family="JLPT", level="N4", rank=20)
    language_result(cast.budi, n4, cast.lpk_officer)
    health_check(cast.budi, cast.lpk_officer)
    document(cast.budi, DocumentKind.PASSPORT, cast.lpk_officer, number="C1234567", expires_on=days_from_today(900))
    client.force_login(cast.lpk_officer)
    client.cookies["django_language"] = language

    page = client.get(f"/participants/{cast.budi.pk}/").content.decode()
    text = re.sub(r"<[^>]*>", " ", page)  # the words shown, not the markup's machine dates

    assert str(days_from_today(900).year) in text
    assert OTHER_DATE_STYLES.findall(text) == []


def test_it_links_the_lpk_to_the_gate_of_a_placement_before_the_flight(english: Client, cast: Cast) -> None:
    japan = build_japan(cast)
    placement = placed(cast, japan, cast.budi, status=PlacementStatus.PREPARING)
    gate = f'href="/placements/{placement.pk}/gate/"'
    english.force_login(cast.lpk_officer)
    assert gate in english.get(f"/participants/{cast.budi.pk}/").content.decode()
    placement.status = PlacementStatus.IN_JAPAN
    placement.save(update_fields=["status"])
    assert gate not in english.get(f"/participants/{cast.budi.pk}/").content.decode()


@pytest.mark.usefixtures("media")
def test_a_placed_persons_record_page_stays_within_its_queries(
    client: Client, cast: Cast, django_assert_max_num_queries
) -> None:
    # What a record page costs at a million participants is mostly its queries'
    # count: each takes the Python side about a millisecond to build.
    japan = build_japan(cast)
    language_result(cast.budi, LanguageTest.objects.latest("rank"), cast.lpk_officer)
    health_check(cast.budi, cast.lpk_officer)
    document(cast.budi, DocumentKind.PASSPORT, cast.lpk_officer, number="C1234567", expires_on=days_from_today(900))
    placed(cast, japan, cast.budi, status=PlacementStatus.IN_JAPAN)
    client.force_login(cast.ministry_officer)

    with django_assert_max_num_queries(22):
        assert client.get(f"/participants/{cast.budi.pk}/").status_code == 200
