"""A monthly wage in yen is accepted; another currency, or a figure that looks
like hourly or yearly pay, 万円 or rupiah, is refused before anything is saved."""

from __future__ import annotations

from decimal import Decimal

import pytest

from rules import RuleInputError, check_monthly_wage
from rules.tests.conftest import DAY


@pytest.mark.parametrize("amount", [100_000, 180_000, 1_000_000, Decimal("250000"), Decimal("250000.00")])
def test_a_plausible_monthly_wage_in_yen_is_accepted(amount: int | Decimal) -> None:
    answer = check_monthly_wage(amount=amount, currency="JPY", on=DAY)

    assert answer.value == int(amount)
    assert answer.rule is not None
    assert answer.rule.family == "wages"


def test_it_explains_an_accepted_wage() -> None:
    answer = check_monthly_wage(amount=180_000, currency=" jpy ", on=DAY)

    assert answer.explain() == "¥180,000 a month, within the plausible ¥100,000–¥1,000,000"


@pytest.mark.parametrize("currency", ["IDR", "USD", "円", ""])
def test_a_wage_in_another_currency_is_refused(currency: str) -> None:
    with pytest.raises(RuleInputError, match=r"^Wages are entered in JPY a month, not in "):
        check_monthly_wage(amount=180_000, currency=currency, on=DAY)


@pytest.mark.parametrize("amount", [1_100, 18, 99_999])
def test_a_figure_below_the_bound_is_taken_for_hourly_pay_or_man_yen(amount: int) -> None:
    with pytest.raises(RuleInputError, match="is it hourly pay, or an amount in 万円"):
        check_monthly_wage(amount=amount, currency="JPY", on=DAY)


@pytest.mark.parametrize("amount", [1_000_001, 2_400_000, 5_000_000])
def test_a_figure_above_the_bound_is_taken_for_yearly_pay_or_rupiah(amount: int) -> None:
    with pytest.raises(RuleInputError) as refused:
        check_monthly_wage(amount=amount, currency="JPY", on=DAY)

    assert str(refused.value) == (
        f"¥{amount:,} a month is above ¥1,000,000: is it yearly pay, or an amount in rupiah? "
        "Enter the monthly wage in yen."
    )


@pytest.mark.parametrize("amount", [Decimal("180000.5"), 180_000.0, "180000", True])
def test_a_wage_that_is_not_a_whole_number_of_yen_is_refused(amount: object) -> None:
    with pytest.raises(RuleInputError, match="A monthly wage is a whole number of yen"):
        check_monthly_wage(amount=amount, currency="JPY", on=DAY)  # type: ignore[arg-type]
