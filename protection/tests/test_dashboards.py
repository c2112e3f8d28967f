"""The dashboards' counts: open cases by handler, category and age; clocks
past and missed; check-in response rates and problem shares; small numbers
as counts; every table one grouped query."""

from __future__ import annotations

import datetime

import pytest
from django.utils.translation import gettext
from pytest_django import DjangoAssertNumQueries

from lib.shares import SMALL_NUMBER, Share
from placements.tests.moves_world import sitis_placement
from placements.tests.stay_world import at_work
from protection.dashboards import (
    AGE_BANDS,
    Period,
    Sources,
    breaches_by_handler,
    checkins_by,
    dashboard,
    open_by_category,
    open_by_handler,
)
from protection.models import Case, Category, CheckIn, Status
from protection.tests.dashboard_world import NOW, asked, moved, opened, round_of
from tests.cast import Cast

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)
OCTOBER = Period(start=datetime.date(2026, 10, 1), end=datetime.date(2026, 10, 15))


def test_it_counts_open_cases_by_handler_in_age_bands_at_their_edges(cast: Cast) -> None:
    for age in (2 * HOUR, DAY, 7 * DAY, 8 * DAY, 30 * DAY, 31 * DAY, 90 * DAY, 91 * DAY):
        opened(participant=cast.budi, by=cast.lpk_officer, ago=age)
    opened(participant=cast.siti, by=cast.other_lpk_officer, ago=3 * DAY)
    done = opened(participant=cast.budi, by=cast.lpk_officer, ago=5 * DAY)
    moved(done, Status.ACKNOWLEDGED, by=cast.lpk_officer, at=NOW - 4 * DAY)
    moved(done, Status.RESOLVED, by=cast.lpk_officer, at=NOW - 2 * DAY)

    tally = open_by_handler(Case.objects.all(), now=NOW)

    assert [(row.label, row.total, row.by_age) for row in tally.rows] == [
        ("LPK Fuji", 1, (0, 1, 0, 0, 0)),
        ("LPK Sakura", 8, (1, 2, 2, 2, 1)),
    ]
    assert (tally.total.total, tally.total.by_age) == (9, (1, 3, 2, 2, 1))
    assert len(tally.total.by_age) == len(AGE_BANDS)


def test_it_counts_open_cases_by_category_in_the_categories_order(cast: Cast) -> None:
    opened(participant=cast.budi, by=cast.lpk_officer, ago=HOUR, category=Category.HOUSING)
    opened(participant=cast.budi, by=cast.lpk_officer, ago=HOUR, category=Category.WAGES)
    opened(participant=None, by=None, ago=10 * DAY, category=Category.VIOLENCE)

    tally = open_by_category(Case.objects.all(), now=NOW)

    labels = [row.label for row in tally.rows]
    assert labels == [str(Category.WAGES.label), str(Category.VIOLENCE.label), str(Category.HOUSING.label)]
    assert tally.total.total == 3


def test_it_counts_clocks_past_now_and_clocks_missed_in_the_period(cast: Cast) -> None:
    opened(participant=cast.budi, by=cast.lpk_officer, ago=3 * DAY)  # nobody acknowledged it
    on_time = opened(participant=cast.budi, by=cast.lpk_officer, ago=5 * DAY)
    moved(on_time, Status.ACKNOWLEDGED, by=cast.lpk_officer, at=NOW - 5 * DAY + 2 * HOUR)
    late = opened(participant=cast.budi, by=cast.lpk_officer, ago=6 * DAY)
    moved(late, Status.IN_PROGRESS, by=cast.lpk_officer, at=NOW - 6 * DAY + 30 * HOUR)
    opened(participant=cast.budi, by=cast.lpk_officer, ago=HOUR)  # its clock is still running
    # Its clock ran out in September, before the period; still unacknowledged, it is past the clock now.
    opened(participant=cast.budi, by=cast.lpk_officer, ago=20 * DAY)

    tally = breaches_by_handler(Case.objects.all(), period=OCTOBER, now=NOW)

    [row] = tally.rows
    assert (row.label, row.past_clock_now, row.due, row.missed) == ("LPK Sakura", 2, 3, 2)
    assert row.missed_share == Share(2, 3)
    assert row.missed_share.percent is None


def test_it_gives_a_rate_only_when_the_whole_is_large_enough() -> None:
    assert Share(3, SMALL_NUMBER - 1).percent is None
    assert Share(0, 0).percent is None
    assert Share(5, SMALL_NUMBER).percent == 50
    assert Share(1, 40).percent == 3  # 2.5 % rounds half up
    assert Share(1, 3 * SMALL_NUMBER).percent == 3


def test_it_counts_checkins_of_closed_rounds_in_the_period_per_company_and_supervisor(cast: Cast) -> None:
    budi, siti = at_work(cast), sitis_placement(cast)
    september, october = round_of(datetime.date(2026, 9, 1)), round_of(datetime.date(2026, 10, 1))
    august = round_of(datetime.date(2026, 8, 1))
    asked(september, budi, problem=True)
    asked(september, siti, answered=False)
    asked(october, budi)  # october's round closes in November: not counted yet
    asked(august, siti)  # before the period
    period = Period(start=datetime.date(2026, 9, 15), end=datetime.date(2026, 10, 15))

    by_company = checkins_by(CheckIn.objects.all(), organization="company", period=period, today=NOW.date())
    by_supervisor = checkins_by(
        CheckIn.objects.all(), organization="supervising_organization", period=period, today=NOW.date()
    )

    assert [(r.label, r.asked, r.answered, r.signalling) for r in by_company.rows] == [("Sendai Steel", 2, 1, 1)]
    assert [(r.label, r.asked, r.answered, r.signalling) for r in by_supervisor.rows] == [
        ("JOE Cooperative", 1, 1, 1),
        (gettext("no supervising organization"), 1, 0, 0),
    ]
    assert by_supervisor.total.asked == 2


def test_it_rates_a_company_once_enough_workers_were_asked(cast: Cast) -> None:
    placement = at_work(cast)
    for month in range(1, SMALL_NUMBER + 1):
        asked(round_of(datetime.date(2025, month, 1)), placement, answered=month % 5 != 0, problem=month == 1)
    period = Period(start=datetime.date(2025, 1, 1), end=datetime.date(2025, 12, 31))

    [row] = checkins_by(CheckIn.objects.all(), organization="company", period=period, today=NOW.date()).rows

    assert (row.asked, row.answered, row.signalling) == (SMALL_NUMBER, SMALL_NUMBER - 2, 1)
    assert row.response.percent == 80
    assert row.problems.percent is None  # 1 of 8 answers: too few for a rate


def test_it_builds_every_table_in_one_query_each_whatever_the_data(
    cast: Cast, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    placement = at_work(cast)
    september = round_of(datetime.date(2026, 9, 1))
    asked(september, placement, problem=True)
    for age in (HOUR, 3 * DAY, 40 * DAY):
        opened(participant=cast.budi, by=cast.lpk_officer, ago=age)
        opened(participant=cast.siti, by=cast.other_lpk_officer, ago=age)
    period = Period(start=datetime.date(2026, 9, 1), end=NOW.date())
    sources = Sources(cases=Case.objects.all(), checkins=CheckIn.objects.all(), period=period, now=NOW)

    with django_assert_num_queries(5):
        figures = dashboard(sources)

    assert figures.open_by_handler.total.total == 6
    assert figures.checkins_by_company.total.signalling == 1
