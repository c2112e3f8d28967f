"""The safety check pages through the test client: opening a check, the
worker's two taps on their home, the e-mail's link without login, the
company answering for its worker, a call recorded, the work item for the
LPK/SO, closing."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from protection.actions.safety import open_safety_check
from protection.models import AnsweredVia, FollowUpCall, SafetyAnswer, SafetyCheck, SafetyQuestion
from protection.safety_links import reply_token
from protection.tests.safety_world import Placed, placed
from tests.cast import Cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(cast: Cast) -> Placed:
    return placed(cast)


@pytest.fixture
def check(cast: Cast, world: Placed) -> SafetyCheck:
    with mock.patch("protection.actions.safety.enqueue_on_commit"):
        return open_safety_check(event="Gempa Miyagi", prefecture_ids=[world.miyagi.pk], by=cast.ministry_officer).check


def _question(check: SafetyCheck, cast: Cast, who: str = "budi") -> SafetyQuestion:
    return SafetyQuestion.objects.get(safety_check=check, participant=getattr(cast, who))


def test_it_opens_a_check_from_the_form_and_shows_its_board(client: Client, cast: Cast, world: Placed) -> None:
    client.force_login(cast.embassy_officer)

    response = client.post("/protection/safety/new/", {"event": "Topan Hagibis", "prefectures": [world.miyagi.pk]})

    check = SafetyCheck.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/protection/safety/{check.pk}/#top"
    assert SafetyQuestion.objects.filter(safety_check=check).count() == 2
    board = client.get(f"/protection/safety/{check.pk}/")
    assert board.status_code == 200
    assert "Topan Hagibis" in board.content.decode()


def test_it_keeps_what_was_typed_when_no_prefecture_is_picked(client: Client, cast: Cast, world: Placed) -> None:
    client.force_login(cast.ministry_officer)

    response = client.post("/protection/safety/new/", {"event": "Topan Hagibis"})

    assert response.status_code == 400
    assert 'value="Topan Hagibis"' in response.content.decode()
    assert not SafetyCheck.objects.exists()


def test_it_asks_the_worker_on_their_home_and_takes_the_answer_in_one_tap(
    client: Client, cast: Cast, check: SafetyCheck
) -> None:
    client.force_login(cast.participant_user)
    home = client.get("/").content.decode()
    question = _question(check, cast)
    assert f'action="/protection/safety/mine/{question.pk}/"' in home

    response = client.post(
        f"/protection/safety/mine/{question.pk}/", {"answer": "needs_help", "whereabouts": "Sekolah"}
    )

    assert response.status_code == 302
    question.refresh_from_db()
    assert (question.answer, question.answered_via, question.answered_by) == (
        SafetyAnswer.NEEDS_HELP,
        AnsweredVia.PARTICIPANT,
        cast.participant_user,
    )
    assert question.whereabouts == "Sekolah"


def test_it_leads_the_worker_back_home_from_the_question_page_also_when_refused(
    client: Client, cast: Cast, check: SafetyCheck
) -> None:
    # A worker who opened the page to add a message must not be left at a dead end.
    client.force_login(cast.participant_user)
    url = f"/protection/safety/mine/{_question(check, cast).pk}/"
    for response in (client.get(url), client.post(url, {"answer": "maybe"})):
        assert '<a href="/">' in response.content.decode()


def test_it_refuses_a_worker_another_workers_question_and_an_answer_that_is_not_one(
    client: Client, cast: Cast, check: SafetyCheck
) -> None:
    client.force_login(cast.participant_user)

    assert (
        client.post(f"/protection/safety/mine/{_question(check, cast, 'siti').pk}/", {"answer": "safe"}).status_code
        == 404
    )
    refused = client.post(
        f"/protection/safety/mine/{_question(check, cast).pk}/", {"answer": "maybe", "message": "Halo"}
    )
    assert refused.status_code == 400
    assert "Halo" in refused.content.decode()
    assert _question(check, cast).answer == ""


def test_it_no_longer_asks_on_the_home_once_the_check_is_closed(client: Client, cast: Cast, check: SafetyCheck) -> None:
    client.force_login(cast.ministry_officer)
    assert client.post(f"/protection/safety/{check.pk}/close/").status_code == 302
    client.force_login(cast.participant_user)

    assert "/protection/safety/mine/" not in client.get("/").content.decode()
    assert client.post(f"/protection/safety/mine/{_question(check, cast).pk}/", {"answer": "safe"}).status_code == 404


def test_it_answers_from_the_emails_link_without_login(client: Client, cast: Cast, check: SafetyCheck) -> None:
    question = _question(check, cast)
    url = f"/protection/safety/reply/{reply_token(question.pk)}/"

    assert client.get(url).status_code == 200
    response = client.post(url, {"answer": "safe", "message": "Saya di asrama, aman."})

    assert response.status_code == 302
    question.refresh_from_db()
    assert (question.answer, question.answered_via, question.answered_by) == (
        SafetyAnswer.SAFE,
        AnsweredVia.EMAIL_LINK,
        None,
    )


def test_it_refuses_an_altered_or_expired_link_and_changes_nothing(
    client: Client, cast: Cast, check: SafetyCheck
) -> None:
    question = _question(check, cast)
    token = reply_token(question.pk)

    assert client.post(f"/protection/safety/reply/{token}x/", {"answer": "safe"}).status_code == 404
    with time_machine.travel(timezone.now() + datetime.timedelta(days=15)):
        assert client.post(f"/protection/safety/reply/{token}/", {"answer": "safe"}).status_code == 404
    question.refresh_from_db()
    assert question.answer == ""


def test_it_lets_the_company_answer_for_its_own_worker_only(client: Client, cast: Cast, check: SafetyCheck) -> None:
    client.force_login(cast.company_officer)
    budi, siti = _question(check, cast), _question(check, cast, "siti")

    response = client.post(
        f"/protection/safety/questions/{budi.pk}/",
        {"form": "answer", "answer-answer": "safe", "answer-message": "Sudah dicek."},
    )
    assert response.status_code == 302
    budi.refresh_from_db()
    assert (budi.answer, budi.answered_via) == (SafetyAnswer.SAFE, AnsweredVia.COMPANY)
    assert (
        client.post(f"/protection/safety/questions/{siti.pk}/", {"form": "answer", "answer-answer": "safe"}).status_code
        == 404
    )


def test_it_does_not_let_the_lpk_answer_for_the_worker_but_record_a_call(
    client: Client, cast: Cast, check: SafetyCheck
) -> None:
    client.force_login(cast.lpk_officer)
    question = _question(check, cast)

    assert (
        client.post(
            f"/protection/safety/questions/{question.pk}/", {"form": "answer", "answer-answer": "safe"}
        ).status_code
        == 404
    )
    response = client.post(
        f"/protection/safety/questions/{question.pk}/",
        {"form": "call", "call-reached": "yes", "call-learned": "needs_help", "call-note": "Butuh air minum."},
    )
    assert response.status_code == 302
    call = FollowUpCall.objects.get()
    assert (call.called_by, call.organization, call.reached) == (cast.lpk_officer, cast.lpk, True)
    question.refresh_from_db()
    assert (question.answer, question.followed_up_at) == (SafetyAnswer.NEEDS_HELP, call.called_at)


def test_it_puts_a_call_for_help_on_the_lpks_and_the_embassys_home_until_a_call_reaches_the_worker(
    client: Client, cast: Cast, check: SafetyCheck
) -> None:
    client.force_login(cast.participant_user)
    client.post(f"/protection/safety/mine/{_question(check, cast).pk}/", {"answer": "needs_help"})

    for persona, told in (
        ("lpk_officer", True),
        ("embassy_officer", True),
        ("other_lpk_officer", False),
        ("company_officer", False),
    ):
        client.force_login(getattr(cast, persona))
        home = client.get("/").content.decode()
        assert (f"/protection/safety/{check.pk}/people/?answer=needs_help" in home) is told, persona
    client.force_login(cast.lpk_officer)
    client.post(f"/protection/safety/questions/{_question(check, cast).pk}/", {"form": "call", "call-reached": "yes"})
    assert "/people/?answer=needs_help" not in client.get("/").content.decode()


def test_it_refuses_an_unknown_form_and_a_get_of_the_close(client: Client, cast: Cast, check: SafetyCheck) -> None:
    client.force_login(cast.ministry_officer)

    assert (
        client.post(f"/protection/safety/questions/{_question(check, cast).pk}/", {"form": "other"}).status_code == 404
    )
    assert client.get(f"/protection/safety/{check.pk}/close/").status_code == 405
    client.force_login(cast.company_officer)
    assert client.post(f"/protection/safety/{check.pk}/close/").status_code == 404
    check.refresh_from_db()
    assert check.is_open
