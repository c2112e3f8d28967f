"""The worker's check-in page, the home item that leads to it, and the
response rates page."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from joborders.tests.world import Japan
from protection.actions.checkins import CheckInAnswers, answer_checkin, open_round
from protection.models import Case, CheckIn, Door
from protection.tests.page_weight import first_visit
from protection.tests.world import InJapan, in_japan
from tests.cast import Cast

pytestmark = pytest.mark.django_db

ALL_WELL = {
    "wages_paid_in_full": "yes",
    "documents_in_own_hands": "yes",
    "hours_per_week": "40",
    "days_off_per_month": "8",
    "safe_at_work": "yes",
    "safe_at_home": "yes",
    "anything_to_report": "",
}
WELL = CheckInAnswers(
    wages_paid_in_full=True,
    documents_in_own_hands=True,
    hours_per_week=40,
    days_off_per_month=8,
    safe_at_work=True,
    safe_at_home=True,
)
# A first visit on a slow connection: the target for the check-in.
MOST_BYTES = 60 * 1024


@pytest.fixture
def world(cast: Cast, japan: Japan) -> InJapan:
    world = in_japan(cast, japan)
    open_round(now=timezone.now())
    return world


def _budis(world: InJapan) -> CheckIn:
    return CheckIn.objects.get(placement=world.budi)


def _url(checkin: CheckIn) -> str:
    return f"/protection/check-ins/{checkin.pk}/"


def _as(client: Client, user: Any) -> Client:
    client.force_login(user)
    return client


def test_it_leads_the_worker_from_home_to_the_waiting_check_in(client: Client, cast: Cast, world: InJapan) -> None:
    response = _as(client, cast.participant_user).get("/")
    assert _url(_budis(world)).encode() in response.content


def test_it_offers_no_check_in_on_home_once_answered(client: Client, cast: Cast, world: InJapan) -> None:
    checkin = _budis(world)
    answer_checkin(
        checkin_id=checkin.pk,
        answers=WELL,
        by=cast.participant_user,
    )
    response = _as(client, cast.participant_user).get("/")
    assert _url(checkin).encode() not in response.content


def test_it_takes_answers_that_are_all_well_and_goes_home(client: Client, cast: Cast, world: InJapan) -> None:
    response = _as(client, cast.participant_user).post(_url(_budis(world)), ALL_WELL)
    assert response.status_code == 302
    assert response["Location"] == "/#top"
    checkin = _budis(world)
    assert checkin.is_answered
    assert checkin.hours_per_week == 40
    assert not Case.objects.exists()


def test_it_opens_a_case_from_answers_that_signal_a_problem(client: Client, cast: Cast, world: InJapan) -> None:
    answers = {**ALL_WELL, "safe_at_work": "no", "anything_to_report": "Mandor memukul teman saya."}
    _as(client, cast.participant_user).post(_url(_budis(world)), answers)
    case = Case.objects.get()
    assert case.door == Door.CHECK_IN
    assert _budis(world).case == case


def test_it_refuses_a_half_answered_form_at_its_questions_and_saves_nothing(
    client: Client, cast: Cast, world: InJapan
) -> None:
    answers = {**ALL_WELL, "safe_at_home": "", "hours_per_week": "200"}
    response = _as(client, cast.participant_user).post(_url(_budis(world)), answers)
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"safe_at_home", "hours_per_week"}
    assert not _budis(world).is_answered


def test_it_answers_a_second_post_with_the_answered_page(client: Client, cast: Cast, world: InJapan) -> None:
    client = _as(client, cast.participant_user)
    client.post(_url(_budis(world)), {**ALL_WELL, "safe_at_home": "no"})
    response = client.post(_url(_budis(world)), {**ALL_WELL, "safe_at_home": "no"})
    assert response.status_code == 200
    assert Case.objects.count() == 1


@pytest.mark.parametrize("persona", ["lpk_officer", "ministry_admin", "other_lpk_officer", "outsider"])
def test_it_hides_a_workers_check_in_from_everyone_else(
    client: Client, cast: Cast, world: InJapan, persona: str
) -> None:
    client = _as(client, getattr(cast, persona))
    assert client.get(_url(_budis(world))).status_code == 404
    assert client.post(_url(_budis(world)), ALL_WELL).status_code == 404
    assert not _budis(world).is_answered


def test_it_keeps_the_first_visit_under_60_kb_compressed(client: Client, cast: Cast, world: InJapan) -> None:
    response = _as(client, cast.participant_user).get(_url(_budis(world)))
    weight = first_visit(response.content.decode())
    print(f"BYTES check-in page: {weight}")  # the figure the report quotes (pytest -s)
    assert weight.total <= MOST_BYTES, str(weight)


def test_it_counts_the_response_rates_of_an_lpks_own_workers_only(client: Client, cast: Cast, world: InJapan) -> None:
    answer_checkin(checkin_id=_budis(world).pk, answers=WELL, by=cast.participant_user)
    ministry = _as(Client(), cast.ministry_officer).get("/protection/check-ins/rates/")
    [company] = ministry.context["companies"]
    assert (company.asked, company.answered) == (2, 1)
    lpk = _as(client, cast.other_lpk_officer).get("/protection/check-ins/rates/")
    [siti_only] = lpk.context["companies"]
    assert (siti_only.asked, siti_only.answered) == (1, 0)


def test_it_shows_an_empty_rates_page_before_any_round(client: Client, cast: Cast) -> None:
    response = _as(client, cast.ministry_officer).get("/protection/check-ins/rates/")
    assert response.status_code == 200
    assert response.context["chosen"] is None
