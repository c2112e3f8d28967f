"""The demo's yen rate: marked as demo data, set once, never over a real one."""

from __future__ import annotations

import datetime
from decimal import Decimal

from accounts.models import User
from reference.demo import DEMO_RATE, seed_exchange_rate
from reference.models import ExchangeRate

TODAY = datetime.date(2026, 12, 6)


def _kemnaker(db: None) -> User:
    return User.objects.create_user(username="kemnaker", password="correct-horse-battery-staple")


def test_it_sets_the_demo_rate_from_the_first_of_the_month_as_demo_data(db: None) -> None:
    kemnaker = _kemnaker(db)

    rate = seed_exchange_rate(today=TODAY)

    assert (rate.idr_per_jpy, rate.effective_from, rate.set_by) == (DEMO_RATE, datetime.date(2026, 12, 1), kemnaker)
    assert "Demo data" in rate.source
    assert ExchangeRate.objects.in_force(on=TODAY) == rate


def test_it_sets_it_once(db: None) -> None:
    _kemnaker(db)

    assert seed_exchange_rate(today=TODAY) == seed_exchange_rate(today=TODAY)
    assert ExchangeRate.objects.count() == 1


def test_it_leaves_a_rate_in_force_alone(db: None) -> None:
    real = ExchangeRate.objects.create(
        effective_from=datetime.date(2026, 11, 15), idr_per_jpy=Decimal("108.10"), source="JISDOR", set_by=_kemnaker(db)
    )

    assert seed_exchange_rate(today=TODAY) == real
    assert ExchangeRate.objects.count() == 1
