"""Who is shown a rupiah equivalent beside wages: workers and Indonesia's
organizations, not the Japanese side; asked only when a page shows a wage,
and once per request."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from pytest_django import DjangoAssertNumQueries

from accounts.context_processors import rupiah_rate
from reference.models import ExchangeRate
from tests.cast import Cast

INDONESIAN_SIDE = [
    "ministry_admin",
    "ministry_viewer",
    "blk_officer",
    "lpk_officer",
    "association_officer",
    "embassy_officer",
    "participant_user",
]
JAPANESE_SIDE = ["supervising_officer", "company_officer", "prefecture_officer", "support_officer"]


def _in_force_for(user: object) -> ExchangeRate | None:
    request = RequestFactory().get("/")
    request.user = user  # type: ignore[assignment]
    return rupiah_rate(request)["rupiah_rate"]()


@pytest.fixture
def rate(cast: Cast) -> ExchangeRate:
    return ExchangeRate.objects.create(
        effective_from=datetime.date(2020, 1, 1),
        idr_per_jpy=Decimal("109.50"),
        source="JISDOR",
        set_by=cast.ministry_admin,
    )


@pytest.mark.parametrize("persona", INDONESIAN_SIDE)
def test_it_gives_the_rate_to_workers_and_indonesias_organizations(
    cast: Cast, rate: ExchangeRate, persona: str
) -> None:
    assert _in_force_for(getattr(cast, persona)) == rate


@pytest.mark.parametrize("persona", [*JAPANESE_SIDE, "outsider"])
def test_it_gives_no_rate_to_the_japanese_side_or_to_someone_of_nowhere(
    cast: Cast, rate: ExchangeRate, persona: str
) -> None:
    assert _in_force_for(getattr(cast, persona)) is None


def test_it_gives_no_rate_to_a_visitor(rate: ExchangeRate) -> None:
    assert _in_force_for(AnonymousUser()) is None


def test_it_gives_none_when_no_rate_is_in_force(cast: Cast) -> None:
    ExchangeRate.objects.create(
        effective_from=datetime.date(2999, 1, 1),
        idr_per_jpy=Decimal("109.50"),
        source="JISDOR",
        set_by=cast.ministry_admin,
    )

    assert _in_force_for(cast.lpk_officer) is None


def test_it_asks_the_database_only_when_asked_and_only_once(
    cast: Cast, rate: ExchangeRate, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    request = RequestFactory().get("/")
    request.user = cast.lpk_officer
    with django_assert_num_queries(0):
        in_force = rupiah_rate(request)["rupiah_rate"]
    assert in_force() == rate
    with django_assert_num_queries(0):
        assert in_force() == rate
