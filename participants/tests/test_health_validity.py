"""A participant's ``health_valid_until`` is the last day their latest fit (or
conditionally fit) check covers, kept by the checks on every way they change:
the list of readiness about to lapse reads it instead of the checks."""

from __future__ import annotations

import datetime
import importlib
import random

from django.apps import apps
from django.db import connection

from lib.names import name_key
from participants.demo_records import seed_records
from participants.models import HealthCheck, HealthResult, Participant
from participants.tests.records import days_from_today, health_check
from tests.cast import Cast

FILL = importlib.import_module("participants.migrations.0015_health_valid_until").fill_health_valid_until


def valid_until(participant: Participant) -> datetime.date | None:
    return Participant.objects.values_list("health_valid_until", flat=True).get(pk=participant.pk)


def test_a_participant_without_a_check_has_no_date(cast: Cast) -> None:
    assert valid_until(cast.budi) is None


def test_a_fit_or_conditional_check_sets_its_last_day(cast: Cast) -> None:
    health_check(cast.budi, cast.lpk_officer, result=HealthResult.CONDITIONAL)
    assert valid_until(cast.budi) == days_from_today(355)


def test_an_unfit_check_does_not_count(cast: Cast) -> None:
    health_check(cast.budi, cast.lpk_officer, result=HealthResult.UNFIT)
    assert valid_until(cast.budi) is None


def test_the_check_that_lasts_longest_decides(cast: Cast) -> None:
    lasting = health_check(cast.budi, cast.lpk_officer)
    shorter = health_check(cast.budi, cast.lpk_officer)
    HealthCheck.objects.filter(pk=shorter.pk).update(expires_on=days_from_today(20))
    assert valid_until(cast.budi) == lasting.expires_on


def test_an_update_through_a_query_moves_the_date(cast: Cast) -> None:
    health_check(cast.budi, cast.lpk_officer)
    HealthCheck.objects.filter(participant=cast.budi).update(expires_on=days_from_today(10))
    assert valid_until(cast.budi) == days_from_today(10)
    HealthCheck.objects.filter(participant=cast.budi).update(result=HealthResult.UNFIT)
    assert valid_until(cast.budi) is None


def test_a_saved_change_to_a_check_moves_the_date(cast: Cast) -> None:
    check = health_check(cast.budi, cast.lpk_officer)
    check.expires_on = days_from_today(5)
    check.save()
    assert valid_until(cast.budi) == days_from_today(5)


def test_deleting_the_checks_clears_the_date(cast: Cast) -> None:
    first = health_check(cast.budi, cast.lpk_officer)
    health_check(cast.budi, cast.lpk_officer)
    first.delete()
    assert valid_until(cast.budi) == days_from_today(355)
    HealthCheck.objects.filter(participant=cast.budi).delete()
    assert valid_until(cast.budi) is None


def test_a_record_read_before_a_check_was_recorded_does_not_write_back_the_old_date(cast: Cast) -> None:
    read_before = Participant.objects.get(pk=cast.budi.pk)
    health_check(cast.budi, cast.lpk_officer)
    read_before.full_name = "Budi Santoso Putra"
    read_before.save()
    assert valid_until(cast.budi) == days_from_today(355)
    assert Participant.objects.get(pk=cast.budi.pk).full_name == "Budi Santoso Putra"


def test_a_record_read_with_some_columns_saves_those_and_what_derives_from_them(cast: Cast) -> None:
    health_check(cast.budi, cast.lpk_officer)
    partial = Participant.objects.only("full_name").get(pk=cast.budi.pk)
    partial.full_name = "Budi S."
    partial.save()
    stored = Participant.objects.get(pk=cast.budi.pk)
    assert (stored.full_name, stored.name_key, stored.health_valid_until) == (
        "Budi S.",
        name_key("Budi S."),
        days_from_today(355),
    )


def test_the_demo_records_carry_the_date_their_checks_give(cast: Cast) -> None:
    # Siti is placed: the demo gives everyone past registration a health check.
    rng = random.Random(7)  # noqa: S311 -- demo data, repeatable by its seed
    seed_records(participants=[cast.siti], rng=rng, today=days_from_today(0))
    latest = (
        HealthCheck.objects.filter(participant=cast.siti, result__in=[HealthResult.FIT, HealthResult.CONDITIONAL])
        .order_by("-expires_on")
        .values_list("expires_on", flat=True)
        .first()
    )
    assert latest is not None
    assert valid_until(cast.siti) == latest


def test_the_migration_fills_the_date_from_the_checks_already_there(cast: Cast) -> None:
    health_check(cast.budi, cast.lpk_officer)
    health_check(cast.siti, cast.lpk_officer, result=HealthResult.UNFIT)
    Participant.objects.update(health_valid_until=None)

    FILL(apps, connection.schema_editor())

    assert valid_until(cast.budi) == days_from_today(355)
    assert valid_until(cast.siti) is None
