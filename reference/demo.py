"""The demo's yen rate, so that its wages show a rupiah equivalent.

Demo data: Rp 109.50 for one yen is a round figure near the market rate of
2025 (about Rp 105–112), not an official rate. A ministry administrator sets
real rates in /admin/ ("Yen exchange rates").
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from accounts.models import User
from reference.models import ExchangeRate

DEMO_RATE = Decimal("109.50")
DEMO_SOURCE = "Demo data: a round figure near the 2025 market rate, not an official rate"


def seed_exchange_rate(*, today: datetime.date, by_username: str = "kemnaker") -> ExchangeRate:
    """The rate in force today, or else the demo rate from the first of this month."""
    in_force = ExchangeRate.objects.in_force(on=today)
    if in_force is not None:
        return in_force
    return ExchangeRate.objects.create(
        effective_from=today.replace(day=1),
        idr_per_jpy=DEMO_RATE,
        source=DEMO_SOURCE,
        set_by=User.objects.get(username=by_username),
    )
