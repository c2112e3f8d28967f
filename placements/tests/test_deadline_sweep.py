"""The sweep (placements.deadlines.sweep) with the clock frozen: notices at
each stage of an obligation, once, each on the day of the country whose rule
sets the date, around midnight in Tokyo and in Jakarta."""

from __future__ import annotations

import datetime
import io

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.db.models import F

from config.celery import registered_task
from joborders.tests.world import Japan
from placements import deadlines
from placements.deadlines import registry, sweeper
from placements.models import OVERDUE, Notice, Placement, PlacementStatus
from placements.tests.duty_world import passport, working
from tests.cast import Cast

pytestmark = pytest.mark.django_db
UTC = datetime.UTC
DAY = datetime.date
CARD = DAY(2027, 6, 21)


@pytest.fixture
def trainee(cast: Cast, japan: Japan) -> Placement:
    return working(cast, japan, cast.budi)


def at(moment: datetime.datetime) -> sweeper.SweepResult:
    with time_machine.travel(moment, tick=False):
        return deadlines.sweep(now=datetime.datetime.now(tz=UTC))


def stages(kind: str) -> list[int]:
    return list(Notice.objects.filter(kind=kind).order_by("created_at", "id").values_list("days_ahead", flat=True))


def test_it_writes_each_notice_once_however_often_it_runs(trainee: Placement) -> None:
    moment = datetime.datetime(2027, 4, 1, 3, tzinfo=UTC)
    first = at(moment)
    second = at(moment)
    third = at(moment + datetime.timedelta(hours=5))

    assert first.total == Notice.objects.count() > 0
    assert second.total == third.total == 0
    assert first.created["residence_card"] == 1


def test_it_warns_at_each_stage_then_once_overdue(trainee: Placement) -> None:
    days = (DAY(2027, 3, 20), DAY(2027, 3, 30), DAY(2027, 5, 25), DAY(2027, 6, 1), DAY(2027, 6, 22), DAY(2027, 8, 1))
    for day in days:
        at(datetime.datetime.combine(day, datetime.time(1), tzinfo=UTC))

    assert stages("residence_card") == [90, 30, OVERDUE]
    assert set(Notice.objects.filter(kind="residence_card").values_list("due_on", flat=True)) == {CARD}


def test_it_sends_only_the_nearest_stage_of_a_late_found_obligation(trainee: Placement) -> None:
    at(datetime.datetime(2027, 6, 1, 1, tzinfo=UTC))  # 20 days before the card expires

    assert stages("residence_card") == [30]


def test_it_starts_again_when_the_card_is_renewed(trainee: Placement) -> None:
    at(datetime.datetime(2027, 6, 1, 1, tzinfo=UTC))
    Placement.objects.filter(pk=trainee.pk).update(residence_card_expires_on=DAY(2028, 6, 21))
    at(datetime.datetime(2027, 6, 25, 1, tzinfo=UTC))
    assert stages("residence_card") == [30]  # nothing overdue: the old date is no longer due

    at(datetime.datetime(2028, 5, 1, 1, tzinfo=UTC))
    assert stages("residence_card") == [30, 90]


@pytest.mark.parametrize(
    ("moment", "card", "passport_stage"),
    [
        # 23:30 in Tokyo, 21:30 in Jakarta on 31 July: both due today.
        (datetime.datetime(2026, 7, 31, 14, 30, tzinfo=UTC), 30, 30),
        # 00:30 on 1 August in Tokyo: the card (Japan's) is overdue; in Jakarta it is 22:30 on 31 July.
        (datetime.datetime(2026, 7, 31, 15, 30, tzinfo=UTC), OVERDUE, 30),
        # 00:30 on 1 August in Jakarta too: the passport (Indonesia's) is overdue as well.
        (datetime.datetime(2026, 7, 31, 17, 30, tzinfo=UTC), OVERDUE, OVERDUE),
    ],
    ids=["before-midnight-in-both", "after-midnight-in-tokyo", "after-midnight-in-jakarta"],
)
def test_it_reads_each_date_on_its_own_countrys_day(
    cast: Cast, japan: Japan, media: object, *, moment: datetime.datetime, card: int, passport_stage: int
) -> None:
    placement = working(cast, japan, cast.budi, card_expires_on=DAY(2026, 7, 31))
    passport(cast.budi, expires_on=DAY(2026, 7, 31))

    at(moment)

    assert stages("residence_card") == [card]
    assert stages("passport") == [passport_stage]
    assert Notice.objects.get(kind="passport").placement_id == placement.pk


def test_it_reads_a_plugged_in_kind(trainee: Placement) -> None:
    follow_ups = registry.Source(
        kind="test_follow_up",
        label="follow-up",
        zone=registry.JAKARTA,
        leads=(14,),
        rows=lambda: Placement.objects.in_japan().values(
            ob_subject=F("pk"),
            ob_due=F("starts_on"),
            ob_organization=F("company"),
            ob_company=F("company"),
            ob_placement=F("pk"),
            ob_participant=F("participant"),
        ),
    )
    deadlines.register(follow_ups)
    try:
        result = at(datetime.datetime(2026, 6, 10, tzinfo=UTC))
    finally:
        deadlines.unregister("test_follow_up")

    assert result.created["test_follow_up"] == 1
    assert stages("test_follow_up") == [14]


def test_it_refuses_a_kind_it_cannot_key() -> None:
    with pytest.raises(ValueError, match="leads"):
        registry.Source("bad", "bad", registry.TOKYO, (), Placement.objects.values)
    with pytest.raises(ValueError, match="30 characters"):
        deadlines.register(registry.Source("x" * 31, "long", registry.TOKYO, (1,), Placement.objects.values))


def test_it_forgets_placements_that_ended(trainee: Placement) -> None:
    Placement.objects.filter(pk=trainee.pk).update(status=PlacementStatus.ENDED)

    assert at(datetime.datetime(2027, 6, 1, tzinfo=UTC)).total == 0


def test_the_command_sweeps_and_mails_once(cast: Cast, trainee: Placement) -> None:
    out = io.StringIO()
    with time_machine.travel(datetime.datetime(2027, 6, 1, 1, tzinfo=UTC), tick=False):
        call_command("sweep_deadlines", stdout=out)
        call_command("sweep_deadlines", stdout=out)

    first, second = out.getvalue().splitlines()
    assert first.startswith("new notices: ")
    assert "residence_card 1" in first
    assert second.startswith("new notices: 0 ")
    assert second.endswith("e-mailed: 0")
    assert len(mail.outbox) == 1  # Sendai Steel's contact, one letter for all its notices
    assert mail.outbox[0].to == ["sato@example.jp"]
    assert not Notice.objects.unsent().exists()


def test_the_task_runs_the_same_sweep_in_process(trainee: Placement) -> None:
    with time_machine.travel(datetime.datetime(2027, 6, 1, 1, tzinfo=UTC), tick=False):
        registered_task("placements.tasks.sweep_deadlines").delay()

    assert Notice.objects.filter(kind="residence_card", days_ahead=30).exists()
    assert len(mail.outbox) == 1


def test_beat_runs_the_task() -> None:
    entry = settings.CELERY_BEAT_SCHEDULE["sweep-deadlines"]
    assert entry["task"] == "placements.tasks.sweep_deadlines"
    assert entry["schedule"] == settings.DEADLINE_SWEEP_EVERY_MINUTES * 60.0
    assert registered_task(str(entry["task"])).name == entry["task"]
