"""Fee policies: whether a payment recorded in a participant's ledger is one
the policy in force on its date lets the participant bear.

Three policies (rules/data/fee_policies.toml says which applies to which
sending programme, from which date):

- ``zero_cost``: the programme's promise, the participant pays nothing;
- ``esd_cap``: under ESD (from its start date), the worker pays the sending
  organization at most ``fee_cap_months`` monthly wages of the plan
  (``rules.esd.esd_fee_within_cap``), the employer bears the rest; payments to
  anyone else follow ``ilo``;
- ``ilo``: the ILO's 2019 definition of recruitment fees and related costs: a
  participant bears only a class of cost the catalogue marks as bearable, and
  never an illegitimate one.

Payments by anyone but the participant are what the promise is made of and
always pass. Amounts are whole units of their currency (rupiah and yen have no
smaller unit in practice); the caller converts to yen where the ESD cap needs it.
"""

from __future__ import annotations

import datetime
import functools
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from django.utils.translation import gettext_noop as _

from rules.answers import Answer, Check, Figure, Message, Named, RuleInputError, RuleRef, rupiah, verdict, yen
from rules.esd import Programme, esd_fee_within_cap
from rules.parameters import EsdParameters
from rules.reading import RuleDataError, Values
from rules.versions import RuleVersion

FEES_FILE = Path(__file__).parent / "data" / "fee_policies.toml"
FAMILY = "fees"


class Payer(StrEnum):
    """Who paid: the values of ledger.Payer."""

    MINISTRY = "ministry"
    COOPERATIVE = "cooperative"
    SENDING_ORGANIZATION = "sending_organization"
    EMPLOYER = "employer"
    PARTICIPANT = "participant"


class FeePolicy(StrEnum):
    ZERO_COST = "zero_cost"
    ESD_CAP = "esd_cap"
    ILO = "ilo"


@dataclass(frozen=True, kw_only=True)
class FeeParameters:
    # Sending programme code → its policy; programmes not listed take the defaults.
    programme_policies: Mapping[str, FeePolicy]
    default_policy: FeePolicy
    # The policy of an ESD placement whose programme is not listed.
    esd_policy: FeePolicy


@dataclass(frozen=True, kw_only=True)
class FeePolicyVersion:
    label: str
    effective_from: datetime.date
    source: str
    parameters: FeeParameters

    @property
    def ref(self) -> RuleRef:
        return RuleRef(family=FAMILY, label=self.label, effective_from=self.effective_from)


def _policy(values: Values, name: str) -> FeePolicy:
    value = values.text(name)
    if value not in tuple(FeePolicy):
        raise values.error(name, f"must be one of {', '.join(FeePolicy)}, not {value!r}")
    return FeePolicy(value)


def _read_version(data: object, *, where: str) -> FeePolicyVersion:
    version = Values(data, where=where)
    label = version.text("label")
    version.where = f"{where} {label!r}"
    effective_from, source = version.day("effective_from"), version.text("source")
    entries = version.nested("parameters")
    plain: dict[str, object] = {}
    for name in entries.names():
        entry = entries.nested(name)
        plain[name] = entry.raw("value")
        entry.text("source")  # every parameter says where it comes from
        entry.flag("unverified", default=False)
        entry.finish()
    entries.finish()
    values = Values(plain, where=entries.where)
    mapping = values.nested("programme_policies")
    policies = {code: _policy(mapping, code) for code in mapping.names()}
    mapping.finish()
    parameters = FeeParameters(
        programme_policies=policies,
        default_policy=_policy(values, "default_policy"),
        esd_policy=_policy(values, "esd_policy"),
    )
    values.finish()
    version.finish()
    return FeePolicyVersion(label=label, effective_from=effective_from, source=source, parameters=parameters)


def load_fee_policies(path: Path) -> tuple[FeePolicyVersion, ...]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise RuleDataError(f"{path}: not valid TOML: {error}") from error
    book = Values(data, where=str(path))
    versions = tuple(_read_version(entry, where=f"{path}: {FAMILY}") for entry in book.items(FAMILY))
    book.finish()
    days = [version.effective_from for version in versions]
    if not versions or len(set(days)) != len(days):
        raise RuleDataError(f"{path}: {FAMILY} needs versions with distinct effective dates")
    return tuple(sorted(versions, key=lambda version: version.effective_from))


@functools.cache
def default_fee_policies() -> tuple[FeePolicyVersion, ...]:
    return load_fee_policies(FEES_FILE)


def fee_policies_in_force(on: datetime.date) -> FeePolicyVersion:
    """The newest fee policy version in force on ``on``."""
    versions = default_fee_policies()
    started = [version for version in versions if version.effective_from <= on]
    if not started:
        raise RuleInputError(
            Message(
                _("No %(family)s rules are in force on %(on)s; the earliest apply from %(first)s."),
                family=FAMILY,
                on=on,
                first=versions[0].effective_from,
            )
        )
    return started[-1]


def _choose(version: FeePolicyVersion | None, on: datetime.date | None) -> FeePolicyVersion:
    if version is not None and on is None:
        return version
    if version is None and on is not None:
        return fee_policies_in_force(on)
    raise TypeError("pass either on= (the payment's date) or version=, not both or neither")


def fee_policy_of(
    *,
    sending_programme: str | None,
    residence_programme: Programme | None,
    on: datetime.date | None = None,
    version: FeePolicyVersion | None = None,
) -> Answer[FeePolicy]:
    """The policy that applies to a participant of ``sending_programme`` (its
    code) placed under ``residence_programme`` (None before a placement)."""
    chosen = _choose(version, on)
    parameters = chosen.parameters
    if sending_programme and sending_programme in parameters.programme_policies:
        policy = parameters.programme_policies[sending_programme]
        message = Message(
            _("programme %(programme)s follows the %(policy)s policy"),
            programme=sending_programme,
            policy=_policy_name(policy),
        )
    elif residence_programme == Programme.ESD:
        policy = parameters.esd_policy
        message = Message(_("a placement under ESD follows the %(policy)s policy"), policy=_policy_name(policy))
    else:
        policy = parameters.default_policy
        message = Message(_("the %(policy)s policy applies"), policy=_policy_name(policy))
    return Answer(value=policy, explanation=(message,), rule=chosen.ref)


def _policy_name(policy: FeePolicy) -> Message:
    names = {
        FeePolicy.ZERO_COST: _("zero-cost"),
        FeePolicy.ESD_CAP: _("ESD fee cap"),
        FeePolicy.ILO: _("ILO fair recruitment"),
    }
    return Message(names[policy])


@dataclass(frozen=True, kw_only=True)
class Charge:
    """One payment as the policies read it, in plain values."""

    payer: Payer
    # Whole units of ``currency`` (IDR or JPY), more than zero.
    amount: int
    currency: str
    cost_class: Named
    # From the cost catalogue: whether a participant may bear this class, and
    # whether it is a legitimate cost at all.
    bearable: bool
    legitimate: bool
    to_sending_organization: bool


def _amount(charge: Charge) -> Figure:
    if charge.currency == "JPY":
        return yen(charge.amount)
    if charge.currency == "IDR":
        return rupiah(charge.amount)
    raise RuleInputError(
        Message(_("There is no currency %(currency)s here; amounts are in IDR or JPY."), currency=charge.currency)
    )


@dataclass(frozen=True, kw_only=True)
class EsdFigures:
    """What the ESD cap needs: the plan's monthly wage (None when there is
    none yet), what the participant paid the sending organization before, and
    this charge, all in yen (the charge None when it could not be converted)."""

    monthly_wage_jpy: int | None
    paid_before_jpy: int
    charge_jpy: int | None


def fee_policy_check(
    *,
    charge: Charge,
    sending_programme: str | None,
    residence_programme: Programme | None,
    esd: EsdFigures | None = None,
    on: datetime.date,
    version: FeePolicyVersion | None = None,
    esd_version: RuleVersion[EsdParameters] | None = None,
) -> Answer[bool]:
    """Whether the policy in force on ``on`` (the payment's date) lets the
    payer bear ``charge``. A no names the rule that said it: ``zero_cost``,
    ``illegitimate``, ``not_bearable``, ``fee_cap_months`` or ``wage_unknown``."""
    if charge.amount <= 0:
        raise RuleInputError(
            Message(_("A charge is more than zero, not %(value)s; a correction is a reversal."), value=charge.amount)
        )
    amount = _amount(charge)
    chosen = _choose(version, None if version else on)
    if charge.payer != Payer.PARTICIPANT:
        message = Message(_("paid by someone other than the participant: no fee policy limits it"))
        return verdict((Check("payer", True, message),), rule=chosen.ref)
    policy = fee_policy_of(sending_programme=sending_programme, residence_programme=residence_programme, version=chosen)
    figures: dict[str, Figure] = {"amount": amount, "cost": charge.cost_class}
    if not charge.legitimate:
        message = Message(_("%(cost)s is not a legitimate cost: nobody may charge it, %(amount)s"), **figures)
        return _with_policy(verdict((Check("illegitimate", False, message),), rule=chosen.ref), policy)
    if policy.value == FeePolicy.ZERO_COST:
        message = Message(
            _("the participant paid %(amount)s for %(cost)s, where the zero-cost promise says they pay nothing"),
            **figures,
        )
        return _with_policy(verdict((Check("zero_cost", False, message),), rule=chosen.ref), policy)
    if policy.value == FeePolicy.ESD_CAP and charge.to_sending_organization:
        return _with_policy(_esd_cap(charge, esd, on=on, version=esd_version, rule=chosen.ref), policy)
    if charge.bearable:
        message = Message(_("a participant may bear %(cost)s: %(amount)s"), **figures)
        return _with_policy(verdict((Check("not_bearable", True, message),), rule=chosen.ref), policy)
    message = Message(
        _("%(cost)s is a recruitment fee or related cost the participant may not bear: %(amount)s"), **figures
    )
    return _with_policy(verdict((Check("not_bearable", False, message),), rule=chosen.ref), policy)


def _with_policy(answer: Answer[bool], policy: Answer[FeePolicy]) -> Answer[bool]:
    return Answer(
        value=answer.value,
        explanation=policy.explanation + answer.explanation,
        rule=answer.rule,
        refusals=answer.refusals,
    )


def _esd_cap(
    charge: Charge,
    esd: EsdFigures | None,
    *,
    on: datetime.date,
    version: RuleVersion[EsdParameters] | None,
    rule: RuleRef,
) -> Answer[bool]:
    if esd is None or esd.charge_jpy is None:
        raise RuleInputError(
            Message(
                _("The ESD fee cap is in yen: %(amount)s needs an exchange rate of its date to be checked."),
                amount=_amount(charge),
            )
        )
    if esd.monthly_wage_jpy is None:
        message = Message(
            _("the ESD fee cap rests on the monthly wage in the plan, and there is none yet: %(amount)s is unchecked"),
            amount=_amount(charge),
        )
        return verdict((Check("wage_unknown", False, message),), rule=rule)
    total = esd.paid_before_jpy + esd.charge_jpy
    if version is None:
        return esd_fee_within_cap(fee_jpy=total, monthly_wage_jpy=esd.monthly_wage_jpy, on=on)
    return esd_fee_within_cap(fee_jpy=total, monthly_wage_jpy=esd.monthly_wage_jpy, version=version)
