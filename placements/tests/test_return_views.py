"""The return pages (placements.views.returns) through the test client: the
return form for the Japanese side, the certificate download, follow-ups
entered by each persona allowed (and 404 for the others), the list of
returnees with follow-ups due, and the section on the participant record."""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Iterator

import pytest
import time_machine
from django.test import Client

from audit.models import AuditAction, AuditEntry
from participants.models import Status
from placements.models import Ending, FollowUp, HomeReturn, Placement, PlacementStatus
from placements.tests.return_world import FLEW_HOME, budis_follow_up, refreshed, returned_budi, working_budi
from tests.cast import Cast
from tests.pdf import text_of

pytestmark = pytest.mark.django_db

JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")


def at(day: datetime.date, hour: int = 10) -> time_machine.travel:
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(hour), tzinfo=JAKARTA), tick=False)


@pytest.fixture
def after_the_flight() -> Iterator[None]:
    with at(FLEW_HOME + datetime.timedelta(days=1)):
        yield


@pytest.fixture
def three_months_on() -> Iterator[None]:
    """The 3-month follow-up's due day (28 October 2029)."""
    with at(datetime.date(2029, 10, 28)):
        yield


def client_of(cast: Cast, persona: str, language: str = "en") -> Client:
    client = Client()
    client.force_login(getattr(cast, persona))
    client.cookies["django_language"] = language
    return client


FOLLOW_UP = {
    "contacted_on": "2029-10-27",
    "work": "own_business",
    "in_trade": "yes",
    "income_band": "3m_5m",
    "wants_ssw": "undecided",
    "note": "A welding shop in Bekasi.",
}


# --- the return form --------------------------------------------------------------


@pytest.mark.usefixtures("after_the_flight")
@pytest.mark.parametrize("persona", ["supervising_officer", "company_officer", "ministry_officer"])
def test_it_records_the_flight_home_from_the_form(cast: Cast, persona: str) -> None:
    placement = working_budi(cast)

    response = client_of(cast, persona).post(
        f"/placements/{placement.pk}/return/", {"returned_on": FLEW_HOME.isoformat(), "flight_number": "ga 875"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/placements/returns/#top"
    placement.refresh_from_db()
    assert (placement.status, placement.ending) == (PlacementStatus.ENDED, Ending.COMPLETED)
    assert refreshed(cast.budi).status == Status.RETURNED


@pytest.mark.usefixtures("after_the_flight")
def test_it_shows_the_refusal_at_the_field_and_keeps_what_was_typed(cast: Cast) -> None:
    placement = working_budi(cast)

    response = client_of(cast, "supervising_officer").post(
        f"/placements/{placement.pk}/return/", {"returned_on": "2031-01-01", "flight_number": "GA 875"}
    )

    assert response.status_code == 400
    assert "The flight home cannot be in the future." in response.text
    assert 'value="GA 875"' in response.text
    assert not HomeReturn.objects.exists()


@pytest.mark.usefixtures("after_the_flight")
@pytest.mark.parametrize(
    "persona", ["lpk_officer", "blk_officer", "embassy_officer", "support_officer", "participant_user", "outsider"]
)
def test_it_answers_404_to_whoever_does_not_record_returns(cast: Cast, persona: str) -> None:
    placement = working_budi(cast)

    response = client_of(cast, persona).post(
        f"/placements/{placement.pk}/return/", {"returned_on": FLEW_HOME.isoformat(), "flight_number": "GA 875"}
    )

    assert response.status_code == 404
    assert not HomeReturn.objects.exists()


def test_it_lists_the_placements_coming_home_for_the_japanese_side(cast: Cast) -> None:
    placement = working_budi(cast)

    response = client_of(cast, "company_officer").get("/placements/returns/")

    assert response.status_code == 200
    assert f"/placements/{placement.pk}/return/" in response.text


def test_it_links_the_return_form_from_the_participant_record(cast: Cast) -> None:
    placement = working_budi(cast)

    response = client_of(cast, "ministry_officer").get(f"/participants/{cast.budi.pk}/")

    assert f"/placements/{placement.pk}/return/" in response.text


# --- the certificate -------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["participant_user", "lpk_officer", "lpk_viewer", "blk_officer", "ministry_viewer"])
def test_it_downloads_the_certificate_and_records_each_download(cast: Cast, persona: str) -> None:
    placement = returned_budi(cast).placement

    response = client_of(cast, persona).get(f"/placements/{placement.pk}/certificate.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert "ブディ・サントソ" in text_of(response.content)
    entry = AuditEntry.objects.for_object(placement).get(action=AuditAction.VIEWED_SENSITIVE)
    assert entry.actor == getattr(cast, persona)


@pytest.mark.parametrize(
    "persona", ["supervising_officer", "company_officer", "embassy_officer", "other_lpk_officer", "outsider"]
)
def test_it_answers_404_for_the_certificate_outside_its_readers(cast: Cast, persona: str) -> None:
    placement = returned_budi(cast).placement

    assert client_of(cast, persona).get(f"/placements/{placement.pk}/certificate.pdf").status_code == 404
    assert not AuditEntry.objects.filter(action=AuditAction.VIEWED_SENSITIVE).exists()


def test_it_gives_no_certificate_for_a_placement_that_did_not_complete(cast: Cast) -> None:
    placement = returned_budi(cast).placement
    Placement.objects.filter(pk=placement.pk).update(ending=Ending.RETURNED_EARLY)

    assert client_of(cast, "participant_user").get(f"/placements/{placement.pk}/certificate.pdf").status_code == 404


# --- follow-ups ------------------------------------------------------------------------


@pytest.mark.usefixtures("three_months_on")
@pytest.mark.parametrize("persona", ["participant_user", "lpk_officer", "blk_officer"])
def test_it_lets_each_allowed_persona_enter_a_follow_up(cast: Cast, persona: str) -> None:
    follow_up = budis_follow_up(cast)

    response = client_of(cast, persona).post(f"/placements/follow-ups/{follow_up.pk}/", FOLLOW_UP)

    assert response.status_code == 302
    assert response["Location"] == f"/placements/{follow_up.placement_id}/follow-ups/#top"
    follow_up.refresh_from_db()
    assert (follow_up.work, follow_up.in_trade, follow_up.entered_by) == ("own_business", True, getattr(cast, persona))


@pytest.mark.usefixtures("three_months_on")
@pytest.mark.parametrize(
    "persona",
    [
        "lpk_viewer",
        "other_lpk_officer",
        "other_blk_officer",
        "ministry_officer",
        "supervising_officer",
        "embassy_officer",
        "outsider",
    ],
)
def test_it_answers_404_to_whoever_may_not_enter_a_follow_up(cast: Cast, persona: str) -> None:
    follow_up = budis_follow_up(cast)

    client = client_of(cast, persona)
    assert client.get(f"/placements/follow-ups/{follow_up.pk}/").status_code == 404
    assert client.post(f"/placements/follow-ups/{follow_up.pk}/", FOLLOW_UP).status_code == 404
    follow_up.refresh_from_db()
    assert not follow_up.is_entered


@pytest.mark.usefixtures("three_months_on")
def test_it_asks_a_working_returnee_about_the_trade(cast: Cast) -> None:
    follow_up = budis_follow_up(cast)

    response = client_of(cast, "participant_user").post(
        f"/placements/follow-ups/{follow_up.pk}/", {**FOLLOW_UP, "in_trade": ""}
    )

    assert response.status_code == 400
    assert "Say whether the work is in the trade learned in Japan." in response.text
    assert "A welding shop in Bekasi." in response.text


def test_it_says_when_a_follow_up_opens(cast: Cast) -> None:
    follow_up = budis_follow_up(cast, months=12)

    with at(datetime.date(2029, 10, 28)):
        page = client_of(cast, "participant_user").get(f"/placements/follow-ups/{follow_up.pk}/")
        posted = client_of(cast, "participant_user").post(f"/placements/follow-ups/{follow_up.pk}/", FOLLOW_UP)

    assert "This follow-up can be entered from 28 June 2030 on." in page.text
    assert posted.status_code == 400
    assert not FollowUp.objects.get(pk=follow_up.pk).is_entered


@pytest.mark.usefixtures("three_months_on")
def test_it_shows_the_returnee_their_follow_ups_on_their_phone_in_indonesian(cast: Cast) -> None:
    home = returned_budi(cast)

    response = client_of(cast, "participant_user", language="id").get(f"/placements/{home.placement_id}/follow-ups/")

    assert response.status_code == 200
    assert response.headers["Content-Language"] == "id"
    budis = FollowUp.objects.get(home_return=home, months=3)
    assert f"/placements/follow-ups/{budis.pk}/" in response.text
    assert f"/placements/{home.placement_id}/certificate.pdf" in response.text


def test_it_lists_returnees_with_overdue_follow_ups_first(cast: Cast) -> None:
    home = returned_budi(cast)

    with at(datetime.date(2029, 11, 5)):
        mine = client_of(cast, "lpk_officer").get("/placements/returnees/")
        others = client_of(cast, "other_lpk_officer").get("/placements/returnees/")

    assert mine.status_code == 200
    assert f"/placements/{home.placement_id}/follow-ups/" in mine.text
    assert "1 overdue" in mine.text
    assert others.status_code == 200
    assert f"/placements/{home.placement_id}/follow-ups/" not in others.text


def test_it_leaves_returnees_with_nothing_due_to_the_full_list(cast: Cast) -> None:
    home = returned_budi(cast)

    with at(datetime.date(2029, 8, 15)):
        waiting = client_of(cast, "lpk_officer").get("/placements/returnees/")
        everyone = client_of(cast, "lpk_officer").get("/placements/returnees/?show=all")

    assert f"/placements/{home.placement_id}/follow-ups/" not in waiting.text
    assert f"/placements/{home.placement_id}/follow-ups/" in everyone.text
