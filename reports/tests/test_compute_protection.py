"""Grievances and fee-policy violations per 100 workers."""

from __future__ import annotations

import datetime

import pytest

from placements.models import Ending, StayStage
from protection.models import Category
from reports.actions import refresh_figures
from reports.slices import ScopeKind
from reports.tests.figures_world import (
    NOW,
    Places,
    build,
    case,
    fee_class,
    keyed,
    payment,
    person,
    placement,
    scope,
    table,
)
from tests.cast import Cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(cast: Cast) -> Places:
    places = build(cast)
    # In Japan: one from 2024 to February 2025 (Miyagi, TITP), one since June 2025 (Tokyo, SSW),
    # one since January 2026 (Miyagi, TITP, LPK Fuji).
    one = person(cast, lpk=cast.lpk)
    first = placement(
        cast,
        one,
        where=places.miyagi,
        departed=datetime.date(2024, 5, 1),
        ended=datetime.date(2025, 2, 1),
        ending=Ending.COMPLETED,
    )
    two = person(cast, lpk=cast.lpk)
    second = placement(cast, two, where=places.tokyo, stage=StayStage.SSW_I, departed=datetime.date(2025, 6, 1))
    three = person(cast, lpk=cast.other_lpk, blk=cast.other_blk)
    third = placement(cast, three, where=places.miyagi, departed=datetime.date(2026, 1, 10))
    case(category=Category.WAGES, opened=datetime.date(2025, 3, 1), participant=one, placed=first)
    case(category=Category.WAGES, opened=datetime.date(2025, 7, 1), participant=two, placed=second)
    case(category=Category.HOUSING, opened=datetime.date(2026, 2, 1), participant=three, placed=third)
    case(category=Category.VIOLENCE, opened=datetime.date(2025, 8, 1))  # anonymous, no worker named
    return places


def test_it_counts_cases_by_category_against_the_workers_in_japan_that_year(cast: Cast, world: Places) -> None:
    snapshot = refresh_figures(now=NOW)

    assert keyed(table(snapshot, "protection.grievances", year=2025)) == {
        "wages": {"cases": 2, "workers": 2},
        "violence": {"cases": 1, "workers": 2},
    }
    assert keyed(table(snapshot, "protection.grievances", year=2026)) == {"housing": {"cases": 1, "workers": 2}}
    assert keyed(table(snapshot, "protection.grievances")) == {
        "wages": {"cases": 2, "workers": 3},
        "violence": {"cases": 1, "workers": 3},
        "housing": {"cases": 1, "workers": 3},
    }
    assert next(row.key for row in table(snapshot, "protection.grievances")) == "wages"


def test_it_counts_a_case_in_its_placements_prefecture_and_programme(cast: Cast, world: Places) -> None:
    snapshot = refresh_figures(now=NOW)

    assert keyed(table(snapshot, "protection.grievances", scope(ScopeKind.PREFECTURE, world.miyagi), year=2025)) == {
        "wages": {"cases": 1, "workers": 1}
    }
    assert keyed(table(snapshot, "protection.grievances", scope(ScopeKind.PREFECTURE, world.tokyo), year=2025)) == {
        "wages": {"cases": 1, "workers": 1}
    }
    assert keyed(table(snapshot, "protection.grievances", year=2025, programme="ssw")) == {
        "wages": {"cases": 1, "workers": 1}
    }


def test_it_keeps_cases_to_their_workers_organizations(cast: Cast, world: Places) -> None:
    snapshot = refresh_figures(now=NOW)

    assert keyed(table(snapshot, "protection.grievances", scope(ScopeKind.SENDING_ORGANIZATION, cast.lpk))) == {
        "wages": {"cases": 2, "workers": 2}
    }
    assert keyed(table(snapshot, "protection.grievances", scope(ScopeKind.TRAINING_CENTRE, cast.other_blk))) == {
        "housing": {"cases": 1, "workers": 1}
    }


def test_it_counts_unreversed_violations_against_the_participants_paying_that_year(cast: Cast, world: Places) -> None:
    cost = fee_class()
    payer = person(cast, lpk=cast.lpk, programme=world.titp)
    other = person(cast, lpk=cast.other_lpk, blk=cast.other_blk)
    payment(cast, payer, paid=datetime.date(2025, 2, 1), breaks=True, family="fees", cost=cost)
    payment(cast, payer, paid=datetime.date(2025, 3, 1), cost=cost)
    reversed_one = payment(cast, other, paid=datetime.date(2025, 4, 1), breaks=True, family="fees", cost=cost)
    payment(cast, other, paid=datetime.date(2025, 4, 2), reverses=reversed_one, cost=cost)
    payment(cast, other, paid=datetime.date(2026, 1, 5), breaks=True, cost=cost)

    snapshot = refresh_figures(now=NOW)

    assert keyed(table(snapshot, "protection.fee-violations", year=2025)) == {"fees": {"violations": 1, "workers": 2}}
    assert keyed(table(snapshot, "protection.fee-violations", year=2026)) == {
        "unknown": {"violations": 1, "workers": 1}
    }
    assert keyed(table(snapshot, "protection.fee-violations", year=2025, programme="titp")) == {
        "fees": {"violations": 1, "workers": 1}
    }
    lpk = scope(ScopeKind.SENDING_ORGANIZATION, cast.lpk)
    assert keyed(table(snapshot, "protection.fee-violations", lpk, year=2025)) == {
        "fees": {"violations": 1, "workers": 1}
    }
    other_lpk = scope(ScopeKind.SENDING_ORGANIZATION, cast.other_lpk)
    assert table(snapshot, "protection.fee-violations", other_lpk, year=2025) == []
