"""Money on pages: ``{{ amount|yen }}``, ``{{ amount|rupiah }}`` and
``{% rupiah_equivalent amount %}``, the rupiah a yen amount is worth at the
rate the ministry set, for the readers who think in rupiah.

The amounts are written by ``lib.money``, grouped the reader's way. The
equivalent always names its rate and the rate's date, so nobody reads a
rupiah figure without knowing what it rests on; with no rate set, or for a
reader on the Japanese side (``rupiah_rate`` in the context is then None),
nothing is shown.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from django import template
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from lib import money
from reference.models import ExchangeRate

register = template.Library()


@register.filter
def yen(amount: int | Decimal | None) -> str:
    return "—" if amount is None else money.yen(amount)


@register.filter
def rupiah(amount: int | Decimal | None) -> str:
    return "—" if amount is None else money.rupiah(amount)


@register.simple_tag(takes_context=True)
def rupiah_equivalent(context: template.Context, amount: int | None) -> SafeString | str:
    """≈ Rp 10.512.000 (kurs 1 JPY = Rp 109,50, 1 Desember 2026), or nothing."""
    found: Callable[[], ExchangeRate | None] | ExchangeRate | None = context.get("rupiah_rate")
    rate = found() if callable(found) else found
    if rate is None or amount is None:
        return ""
    # Translators: a yen amount's worth in rupiah, with the rate and the date it was set for.
    text = gettext("≈ %(amount)s (rate 1 JPY = %(rate)s, %(date)s)") % {
        "amount": money.rupiah(rate.rupiah_for(amount)),
        "rate": money.rate(rate.idr_per_jpy),
        "date": date_format(rate.effective_from),
    }
    return format_html('<span class="muted rupiah-equivalent">{}</span>', text)
