"""Opening a month's check-in round and answering it."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from joborders.tests.world import Japan
from participants.models import Participant
from protection.actions.checkins import CheckInAnswers, CheckInError, answer_checkin, open_round
from protection.checkin_signals import signals_of
from protection.models import Case, Category, CheckIn, CheckInRound, Door, Level
from protection.tests.world import InJapan, in_japan
from tests.cast import Cast

pytestmark = pytest.mark.django_db

ALL_WELL = CheckInAnswers(
    wages_paid_in_full=True,
    documents_in_own_hands=True,
    hours_per_week=40,
    days_off_per_month=8,
    safe_at_work=True,
    safe_at_home=True,
)


@pytest.fixture
def world(cast: Cast, japan: Japan) -> InJapan:
    return in_japan(cast, japan)


def test_it_asks_everyone_in_japan_and_nobody_else_in_one_insert(world: InJapan) -> None:
    with CaptureQueriesContext(connection) as queries:
        opened = open_round(now=timezone.now())
    inserts = [query["sql"] for query in queries if 'INSERT INTO "protection_checkin"' in query["sql"]]
    assert len(inserts) == 1
    assert opened.asked == 2
    asked = {checkin.placement_id: checkin for checkin in opened.round.checkins.all()}
    assert set(asked) == {world.budi.pk, world.siti.pk}
    assert asked[world.budi.pk].company_id == world.budi.company_id
    assert asked[world.budi.pk].supervising_organization_id == world.budi.supervising_organization_id
    assert opened.round.month == datetime.date(2026, 6, 1)
    assert opened.round.closes_on == datetime.date(2026, 6, 15)


def test_it_asks_only_those_who_arrived_since_when_run_again(world: InJapan, cast: Cast) -> None:
    open_round(now=timezone.now())
    world.preparing.status = "in_japan"
    world.preparing.save(update_fields=["status"])
    again = open_round(now=timezone.now())
    assert again.asked == 1
    assert CheckInRound.objects.count() == 1
    assert CheckIn.objects.count() == 3


def test_it_asks_nobody_more_once_the_round_has_closed(world: InJapan) -> None:
    opened = open_round(now=timezone.now())
    world.preparing.status = "in_japan"
    world.preparing.save(update_fields=["status"])
    after = datetime.datetime.combine(
        opened.round.closes_on + datetime.timedelta(days=1), datetime.time(9), tzinfo=timezone.get_current_timezone()
    )
    assert open_round(now=after).asked == 0
    assert not CheckIn.objects.filter(placement=world.preparing).exists()


def test_it_opens_the_round_from_the_command(world: InJapan) -> None:
    call_command("open_checkin_round")
    assert CheckIn.objects.filter(round__month=datetime.date(2026, 6, 1)).count() == 2


def test_it_schedules_the_round_monthly_on_the_check_in_day() -> None:
    entry = django_settings.CELERY_BEAT_SCHEDULE["open-checkin-round"]
    assert entry["task"] == "protection.tasks.open_checkin_round"
    schedule: Any = entry["schedule"]
    assert schedule.day_of_month == {django_settings.CHECKIN_DAY}


def _budis_checkin(world: InJapan) -> CheckIn:
    open_round(now=timezone.now())
    return CheckIn.objects.get(placement=world.budi)


def test_it_keeps_answers_that_are_all_well_without_a_case(world: InJapan, cast: Cast) -> None:
    checkin = answer_checkin(checkin_id=_budis_checkin(world).pk, answers=ALL_WELL, by=cast.participant_user)
    assert checkin.is_answered
    assert checkin.signals_problem is False
    assert checkin.case is None
    assert not Case.objects.exists()


def test_it_opens_a_case_for_the_lpk_when_an_answer_signals_a_problem(world: InJapan, cast: Cast) -> None:
    answers = CheckInAnswers(**{**ALL_WELL.__dict__, "wages_paid_in_full": False, "anything_to_report": "Gaji telat."})
    checkin = answer_checkin(checkin_id=_budis_checkin(world).pk, answers=answers, by=cast.participant_user)
    case = checkin.case
    assert case is not None
    assert checkin.signals_problem is True
    assert case.door == Door.CHECK_IN
    assert case.category == Category.WAGES
    assert case.assigned_organization == cast.lpk
    assert case.participant == cast.budi
    assert case.company == world.budi.company
    # A heading, a line per problem (wages, words written), then the worker's own words,
    # all in Indonesian whatever language the request that answered was in.
    with translation.override("id"):
        reasons = [str(signal.reason) for signal in signals_of(answers.as_answers())]
    assert case.description.splitlines()[1:] == [*reasons, "", "Gaji telat."]


def test_it_sends_a_withheld_passport_to_the_ministry_at_once(world: InJapan, cast: Cast) -> None:
    answers = CheckInAnswers(**{**ALL_WELL.__dict__, "documents_in_own_hands": False})
    checkin = answer_checkin(checkin_id=_budis_checkin(world).pk, answers=answers, by=cast.participant_user)
    assert checkin.case is not None
    assert checkin.case.level == Level.MINISTRY_AND_EMBASSY


def test_it_refuses_a_second_answer_and_opens_no_second_case(world: InJapan, cast: Cast) -> None:
    checkin = _budis_checkin(world)
    answers = CheckInAnswers(**{**ALL_WELL.__dict__, "safe_at_home": False})
    answer_checkin(checkin_id=checkin.pk, answers=answers, by=cast.participant_user)
    with pytest.raises(CheckInError):
        answer_checkin(checkin_id=checkin.pk, answers=answers, by=cast.participant_user)
    assert Case.objects.count() == 1


def test_it_refuses_an_answer_after_the_round_closed(world: InJapan, cast: Cast) -> None:
    checkin = _budis_checkin(world)
    later = timezone.now() + datetime.timedelta(days=15)
    with pytest.raises(CheckInError):
        answer_checkin(checkin_id=checkin.pk, answers=ALL_WELL, by=cast.participant_user, now=later)
    checkin.refresh_from_db()
    assert not checkin.is_answered


@pytest.mark.parametrize(("field", "value"), [("hours_per_week", 169), ("days_off_per_month", 32)])
def test_it_refuses_impossible_numbers(world: InJapan, cast: Cast, field: str, value: int) -> None:
    answers = CheckInAnswers(**{**ALL_WELL.__dict__, field: value})
    with pytest.raises(CheckInError) as refused:
        answer_checkin(checkin_id=_budis_checkin(world).pk, answers=answers, by=cast.participant_user)
    assert refused.value.field == field


def test_it_counts_response_rates_per_company_and_supervising_organization(world: InJapan, cast: Cast) -> None:
    answer_checkin(checkin_id=_budis_checkin(world).pk, answers=ALL_WELL, by=cast.participant_user)
    [company] = CheckIn.objects.response_rates("company")
    assert (company.asked, company.answered, company.signalling, company.percent) == (2, 1, 0, 50)
    [supervising] = CheckIn.objects.response_rates("supervising_organization")
    assert supervising.name == cast.supervising.name
    assert supervising.asked == 2


def test_it_shows_a_waiting_check_in_until_its_round_closes(world: InJapan) -> None:
    checkin = _budis_checkin(world)
    budi: Participant = world.budi.participant
    assert CheckIn.objects.filter(participant=budi).waiting_on(checkin.round.closes_on).get() == checkin
    assert not CheckIn.objects.filter(participant=budi).waiting_on(checkin.round.closes_on + datetime.timedelta(1))
