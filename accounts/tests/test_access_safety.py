"""Who sees, answers and follows up a disaster safety check
(accounts.access.safety), persona by persona and page by page: everyone not
allowed gets 404, an anonymous visitor the login page, and the e-mail's
signed link answers without login."""

from __future__ import annotations

from collections.abc import Callable
from unittest import mock

import pytest
from django.test import Client

from accounts import access
from protection.actions.safety import open_safety_check
from protection.models import SafetyCheck, SafetyQuestion
from protection.safety_links import reply_token
from protection.tests.safety_world import placed
from tests.cast import PERSONAS, Cast

pytestmark = pytest.mark.django_db

MINISTRY = {"ministry_admin", "ministry_officer", "ministry_viewer"}
OPENERS = {"ministry_admin", "ministry_officer", "embassy_officer"}
# The organizations whose workers a check may ask: the list is theirs too.
LIST_READERS = MINISTRY | {
    "embassy_officer",
    "lpk_officer",
    "lpk_viewer",
    "other_lpk_officer",
    "supervising_officer",
    "company_officer",
    "support_officer",
}
# Budi works at Sendai Steel under JOE Cooperative, sent by LPK Sakura; other_lpk's siti is asked
# too, so other_lpk sees the check (and its board, of siti alone) but not budi.
SEE_THE_CHECK = LIST_READERS
SEE_BUDI = MINISTRY | {"embassy_officer", "lpk_officer", "lpk_viewer", "supervising_officer", "company_officer"}
CALL_BUDI = {
    "ministry_admin",
    "ministry_officer",
    "embassy_officer",
    "lpk_officer",
    "supervising_officer",
    "company_officer",
}
ANSWER_FOR_BUDI = {"supervising_officer", "company_officer"}

Url = Callable[[Cast, SafetyCheck, SafetyQuestion], str]
PAGES: list[tuple[str, Url, set[str]]] = [
    ("safety checks", lambda c, check, q: "/protection/safety/", LIST_READERS),
    ("start a safety check", lambda c, check, q: "/protection/safety/new/", OPENERS),
    ("the board", lambda c, check, q: f"/protection/safety/{check.pk}/", SEE_THE_CHECK),
    ("who needs help", lambda c, check, q: f"/protection/safety/{check.pk}/people/?answer=needs_help", SEE_THE_CHECK),
    ("budi's question", lambda c, check, q: f"/protection/safety/questions/{q.pk}/", SEE_BUDI),
    ("budi's own answer page", lambda c, check, q: f"/protection/safety/mine/{q.pk}/", {"participant_user"}),
]


@pytest.fixture
def check(cast: Cast) -> SafetyCheck:
    world = placed(cast)
    # Siti (other_lpk's, supported by the support organization) is asked too.
    with mock.patch("protection.actions.safety.enqueue_on_commit"):
        return open_safety_check(event="Gempa", prefecture_ids=[world.miyagi.pk], by=cast.ministry_officer).check


def _budis(check: SafetyCheck, cast: Cast) -> SafetyQuestion:
    return SafetyQuestion.objects.get(safety_check=check, participant=cast.budi)


@pytest.mark.parametrize(("page", "url", "allowed"), PAGES, ids=[row[0] for row in PAGES])
def test_it_shows_each_page_only_to_its_personas(
    cast: Cast, check: SafetyCheck, page: str, url: Url, allowed: set[str]
) -> None:
    wrong = []
    for persona in PERSONAS:
        client = Client()
        client.force_login(getattr(cast, persona))
        status = client.get(url(cast, check, _budis(check, cast))).status_code
        expected = 200 if persona in allowed else 404
        if status != expected:
            wrong.append(f"{persona}: {status}, expected {expected}")
    assert not wrong, f"{page}: " + "; ".join(wrong)


@pytest.mark.parametrize("url", [row[1] for row in PAGES], ids=[row[0] for row in PAGES])
def test_it_sends_anonymous_visitors_to_the_login_page(
    client: Client, cast: Cast, check: SafetyCheck, url: Url
) -> None:
    response = client.get(url(cast, check, _budis(check, cast)))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_it_opens_the_emails_link_to_anyone_who_holds_it(client: Client, cast: Cast, check: SafetyCheck) -> None:
    assert client.get(f"/protection/safety/reply/{reply_token(_budis(check, cast).pk)}/").status_code == 200


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_scopes_answering_and_calling_to_the_workers_side_and_their_employer(
    cast: Cast, check: SafetyCheck, persona: str
) -> None:
    user, budi = getattr(cast, persona), _budis(check, cast)

    assert access.safety_questions_handled_by(user).filter(pk=budi.pk).exists() is (persona in CALL_BUDI)
    assert (access.answers_for_worker_as(user, budi) is not None) is (persona in ANSWER_FOR_BUDI)
    assert access.may_open_safety_checks(user) is (persona in OPENERS)


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_lets_only_the_openers_close_a_check(cast: Cast, check: SafetyCheck, persona: str) -> None:
    client = Client()
    client.force_login(getattr(cast, persona))

    response = client.post(f"/protection/safety/{check.pk}/close/")

    check.refresh_from_db()
    assert response.status_code == (302 if persona in OPENERS else 404)
    assert check.is_open is (persona not in OPENERS)


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_lets_only_the_openers_start_a_check(cast: Cast, check: SafetyCheck, persona: str) -> None:
    client = Client()
    client.force_login(getattr(cast, persona))

    response = client.post("/protection/safety/new/", {"event": "Topan", "prefectures": [check.prefectures.get().pk]})

    assert response.status_code == (302 if persona in OPENERS else 404)
    assert SafetyCheck.objects.count() == (2 if persona in OPENERS else 1)
