"""Fee policies by date and programme: the zero-cost promise, the ILO
definition and, from ESD's start, its cap on what the worker pays the
sending organization."""

from __future__ import annotations

import dataclasses
import datetime
from pathlib import Path

import pytest

from rules import (
    Answer,
    Charge,
    EsdFigures,
    FeePolicy,
    Named,
    Payer,
    Programme,
    RuleInputError,
    fee_policy_check,
    fee_policy_of,
)
from rules.fees import load_fee_policies
from rules.reading import RuleDataError

BEFORE_ESD = datetime.date(2027, 3, 31)
ESD_START = datetime.date(2027, 4, 1)
FEE = Named(ja="斡旋手数料", en="recruitment or placement fee", id="biaya penempatan")
PASSPORT = Named(ja="旅券", en="documents and passport", id="dokumen dan paspor")

CHARGE = Charge(
    payer=Payer.PARTICIPANT,
    amount=300_000,
    currency="JPY",
    cost_class=FEE,
    bearable=False,
    legitimate=True,
    to_sending_organization=True,
)
WAGE = EsdFigures(monthly_wage_jpy=180_000, paid_before_jpy=0, charge_jpy=300_000)


def check(
    charge: Charge = CHARGE,
    *,
    programme: str | None = "kemnaker-esd",
    residence: Programme | None = Programme.ESD,
    esd: EsdFigures = WAGE,
    on: datetime.date,
) -> Answer[bool]:
    return fee_policy_check(charge=charge, sending_programme=programme, residence_programme=residence, esd=esd, on=on)


def test_it_lets_anyone_but_the_participant_pay() -> None:
    for payer in (Payer.MINISTRY, Payer.COOPERATIVE, Payer.SENDING_ORGANIZATION, Payer.EMPLOYER):
        answer = check(dataclasses.replace(CHARGE, payer=payer), programme="kemnaker-joe-titp", on=BEFORE_ESD)
        assert answer.value, payer


@pytest.mark.parametrize("on", [BEFORE_ESD, ESD_START])
def test_it_refuses_any_participant_payment_under_the_zero_cost_promise(on: datetime.date) -> None:
    bearable = dataclasses.replace(CHARGE, cost_class=PASSPORT, bearable=True, amount=1, currency="IDR")
    answer = check(bearable, programme="kemnaker-joe-titp", residence=Programme.TITP, on=on)
    assert answer.refused_by == ("zero_cost",)
    assert "zero-cost" in answer.explain()
    assert "Rp" in answer.explain()


def test_it_applies_the_ilo_definition_the_day_before_esd_starts() -> None:
    answer = check(on=BEFORE_ESD)
    assert answer.refused_by == ("not_bearable",)
    assert answer.rule is not None
    assert answer.rule.label == "2022-zero-cost"


def test_it_applies_the_esd_cap_from_esds_first_day() -> None:
    answer = check(on=ESD_START)
    assert answer.value
    assert "within the cap of ¥360,000" in answer.explain()


def test_it_counts_what_was_paid_before_against_the_cap() -> None:
    answer = check(on=ESD_START, esd=dataclasses.replace(WAGE, paid_before_jpy=100_000))
    assert answer.refused_by == ("fee_cap_months",)
    assert "by ¥40,000" in answer.explain()


def test_it_flags_an_esd_payment_without_a_wage_in_the_plan() -> None:
    answer = check(on=ESD_START, esd=dataclasses.replace(WAGE, monthly_wage_jpy=None))
    assert answer.refused_by == ("wage_unknown",)


def test_it_needs_a_rate_for_a_rupiah_payment_under_the_cap() -> None:
    rupiah = dataclasses.replace(CHARGE, currency="IDR", amount=25_000_000)
    with pytest.raises(RuleInputError, match="needs an exchange rate"):
        check(rupiah, on=ESD_START, esd=dataclasses.replace(WAGE, charge_jpy=None))


def test_it_applies_the_ilo_definition_to_payments_to_others_under_esd() -> None:
    to_broker = dataclasses.replace(CHARGE, to_sending_organization=False)
    assert check(to_broker, on=ESD_START).refused_by == ("not_bearable",)
    bearable = dataclasses.replace(to_broker, bearable=True, cost_class=PASSPORT)
    assert check(bearable, on=ESD_START).value


@pytest.mark.parametrize("on", [BEFORE_ESD, ESD_START])
def test_it_refuses_an_illegitimate_cost_under_every_policy(on: datetime.date) -> None:
    answer = check(dataclasses.replace(CHARGE, legitimate=False, bearable=False), on=on)
    assert answer.refused_by == ("illegitimate",)


@pytest.mark.parametrize("amount", [0, -5])
def test_it_refuses_a_charge_of_zero_or_less(amount: int) -> None:
    with pytest.raises(RuleInputError, match="more than zero"):
        check(dataclasses.replace(CHARGE, amount=amount), on=ESD_START)


def test_it_refuses_an_unknown_currency() -> None:
    with pytest.raises(RuleInputError, match="no currency USD"):
        check(dataclasses.replace(CHARGE, currency="USD"), on=ESD_START)


@pytest.mark.parametrize(
    ("programme", "residence", "on", "policy"),
    [
        ("kemnaker-joe-titp", Programme.TITP, BEFORE_ESD, FeePolicy.ZERO_COST),
        ("im-japan-titp", Programme.TITP, BEFORE_ESD, FeePolicy.ILO),
        ("kemnaker-esd", Programme.ESD, BEFORE_ESD, FeePolicy.ILO),
        ("kemnaker-esd", Programme.ESD, ESD_START, FeePolicy.ESD_CAP),
        (None, None, ESD_START, FeePolicy.ILO),
    ],
)
def test_it_chooses_the_policy_by_programme_and_date(
    programme: str | None, residence: Programme | None, on: datetime.date, policy: FeePolicy
) -> None:
    assert fee_policy_of(sending_programme=programme, residence_programme=residence, on=on).value == policy


def test_it_refuses_a_date_before_any_policy() -> None:
    with pytest.raises(RuleInputError, match="No fees rules"):
        check(on=datetime.date(2000, 1, 1))


def test_it_refuses_an_unknown_policy_in_the_file(tmp_path: Path) -> None:
    path = tmp_path / "fees.toml"
    path.write_text(
        """
[[fees]]
label = "x"
effective_from = 2020-01-01
source = "s"
[fees.parameters.programme_policies]
value = { a = "free" }
source = "s"
[fees.parameters.default_policy]
value = "ilo"
source = "s"
[fees.parameters.esd_policy]
value = "ilo"
source = "s"
""",
        encoding="utf-8",
    )
    with pytest.raises(RuleDataError, match="must be one of"):
        load_fee_policies(path)
