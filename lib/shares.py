"""A share of a whole, told honestly about small numbers.

A share of a small number says little and misleads: two workers of three is
"67 %" but one answer away from "33 %". Below ``SMALL_NUMBER`` a share is
given as its two counts only, on every page and in every spreadsheet (the
protection dashboards, the reports). ``templates/includes/share.html`` shows one.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

# Fewer than this many in the whole, and a share is shown as counts, not as a rate.
SMALL_NUMBER = 10


@dataclass(frozen=True)
class Share:
    """``part`` of ``whole``, as a rate only when the whole is large enough to mean one."""

    part: int
    whole: int

    @property
    def is_rate(self) -> bool:
        return self.whole >= SMALL_NUMBER

    @property
    def percent(self) -> int | None:
        if not self.is_rate:
            return None
        # Rounded half up in integers: no float drifts a 12.5 % to 12.
        return (200 * self.part + self.whole) // (2 * self.whole)

    @property
    def per_100(self) -> Decimal | None:
        """Per 100 of the whole to one decimal (grievances per 100 workers are
        mostly under one: a whole percent would show them all as 0 or 1)."""
        if not self.is_rate:
            return None
        return (Decimal(100 * self.part) / Decimal(self.whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
