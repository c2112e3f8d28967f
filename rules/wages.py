"""Catching a monthly wage typed in the wrong currency or unit before it is
saved: hourly pay, 万円, yearly pay and rupiah all look like numbers."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils.translation import gettext_noop as _

from rules.answers import Answer, Figure, Message, RuleInputError, yen
from rules.cautions import cautioned
from rules.parameters import WageParameters
from rules.versions import RuleBook, RuleVersion, choose


def _shelf(book: RuleBook) -> tuple[RuleVersion[WageParameters], ...]:
    return book.wages


def check_monthly_wage(
    *,
    amount: int | Decimal,
    currency: str,
    on: datetime.date | None = None,
    version: RuleVersion[WageParameters] | None = None,
) -> Answer[int]:
    """The wage as whole yen a month when it is plausible; otherwise a
    RuleInputError saying what the figure looks like instead."""
    chosen = choose(version, on, _shelf)
    parameters = chosen.parameters
    if currency.strip().upper() != parameters.currency:
        raise RuleInputError(
            Message(
                _("Wages are entered in %(wanted)s a month, not in %(currency)s."),
                wanted=parameters.currency,
                currency=currency,
            )
        )
    wage = _whole_yen(amount)
    figures: dict[str, Figure] = {
        "amount": yen(wage),
        "minimum": yen(parameters.monthly_minimum),
        "maximum": yen(parameters.monthly_maximum),
    }
    if wage < parameters.monthly_minimum:
        raise RuleInputError(
            Message(
                _(
                    "%(amount)s a month is below %(minimum)s: is it hourly pay, or an amount in 万円? "
                    "Enter the monthly wage in yen."
                ),
                **figures,
            )
        )
    if wage > parameters.monthly_maximum:
        raise RuleInputError(
            Message(
                _(
                    "%(amount)s a month is above %(maximum)s: is it yearly pay, or an amount in rupiah? "
                    "Enter the monthly wage in yen."
                ),
                **figures,
            )
        )
    message = Message(_("%(amount)s a month, within the plausible %(minimum)s–%(maximum)s"), **figures)
    answer = Answer(value=wage, explanation=(message,), rule=chosen.ref)
    return cautioned(answer, chosen, ("currency", "monthly_minimum", "monthly_maximum"))


def _whole_yen(amount: object) -> int:
    # Wages have no unit below the yen; a fraction is a wrong unit or a typo.
    if isinstance(amount, Decimal) and amount.is_finite() and amount == amount.to_integral_value():
        return int(amount)
    if isinstance(amount, int) and not isinstance(amount, bool):
        return amount
    raise RuleInputError(Message(_("A monthly wage is a whole number of yen, not %(value)s."), value=str(amount)))
