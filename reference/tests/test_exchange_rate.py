"""The yen rate in force on a day: the one set with the latest date on or
before it, so a new rate changes nothing shown for the days before it."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from accounts.models import User
from reference.models import ExchangeRate
from tests.cast import Cast

DECEMBER = datetime.date(2026, 12, 1)
JANUARY = datetime.date(2027, 1, 1)


def set_rate(by: User, effective_from: datetime.date, idr_per_jpy: str) -> ExchangeRate:
    return ExchangeRate.objects.create(
        effective_from=effective_from, idr_per_jpy=Decimal(idr_per_jpy), source="JISDOR", set_by=by
    )


@pytest.fixture
def rates(cast: Cast) -> tuple[ExchangeRate, ExchangeRate]:
    return set_rate(cast.ministry_admin, DECEMBER, "109.50"), set_rate(cast.ministry_admin, JANUARY, "111.25")


def test_it_has_no_rate_in_force_before_the_first_one(rates: tuple[ExchangeRate, ExchangeRate]) -> None:
    assert ExchangeRate.objects.in_force(on=DECEMBER - datetime.timedelta(days=1)) is None


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (DECEMBER, "109.50"),  # the first day of the first rate
        (JANUARY - datetime.timedelta(days=1), "109.50"),  # the last day before the next
        (JANUARY, "111.25"),  # the next rate's own day
        (datetime.date(2030, 6, 1), "111.25"),  # the latest stays in force
    ],
)
def test_it_finds_the_rate_in_force_on_each_side_of_a_boundary(
    rates: tuple[ExchangeRate, ExchangeRate], day: datetime.date, expected: str
) -> None:
    rate = ExchangeRate.objects.in_force(on=day)

    assert rate is not None
    assert rate.idr_per_jpy == Decimal(expected)


@time_machine.travel(datetime.datetime(2026, 12, 31, 23, 0, tzinfo=datetime.UTC), tick=False)
def test_it_reads_today_in_the_local_time_zone(rates: tuple[ExchangeRate, ExchangeRate]) -> None:
    # 23:00 UTC on 31 December is already 1 January in Jakarta.
    rate = ExchangeRate.objects.in_force()

    assert rate is not None
    assert rate.effective_from == JANUARY


def test_it_keeps_one_rate_a_day(rates: tuple[ExchangeRate, ExchangeRate], cast: Cast) -> None:
    with pytest.raises(IntegrityError):
        set_rate(cast.ministry_admin, DECEMBER, "110.00")


def test_it_refuses_a_rate_of_zero_in_the_database(cast: Cast) -> None:
    with pytest.raises(IntegrityError):
        set_rate(cast.ministry_admin, DECEMBER, "0")


def test_it_converts_yen_at_its_rate(rates: tuple[ExchangeRate, ExchangeRate]) -> None:
    december, january = rates

    assert december.rupiah_for(96_000) == 10_512_000
    assert january.rupiah_for(96_000) == 10_680_000


def test_it_is_in_force_from_its_own_day_on(rates: tuple[ExchangeRate, ExchangeRate]) -> None:
    december, _ = rates

    assert not december.in_force_on(DECEMBER - datetime.timedelta(days=1))
    assert december.in_force_on(DECEMBER)
    assert december.in_force_on(JANUARY)


@pytest.mark.parametrize(("idr_per_jpy", "plausible"), [("109.50", True), ("1000", True), ("1000.0001", False)])
def test_it_refuses_a_figure_for_100_yen(cast: Cast, idr_per_jpy: str, plausible: bool) -> None:
    rate = ExchangeRate(
        effective_from=DECEMBER,
        idr_per_jpy=Decimal(idr_per_jpy),
        source="Kurs Transaksi BI",
        set_by=cast.ministry_admin,
    )

    if plausible:
        rate.full_clean()
    else:
        with pytest.raises(ValidationError, match="100 yen"):
            rate.full_clean()
