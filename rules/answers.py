"""What every rule returns: a value, the sentences that explain it, the rule
version it came from and, when the answer is no, which rule said no."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Generic, TypeAlias, TypeVar

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext

from lib import money
from lib.languages import page_language

T = TypeVar("T")

Figure: TypeAlias = "str | int | datetime.date | Yen | Rupiah | Named | Message"


@dataclass(frozen=True)
class Yen:
    """An amount of yen in a message, written the reader's way when shown
    (¥192,000; ¥192.000 in Indonesian)."""

    amount: int


@dataclass(frozen=True)
class Rupiah:
    """An amount of rupiah in a message, written the reader's way when shown
    (Rp 25.000.000 in Indonesian, Rp 25,000,000 in English and Japanese)."""

    amount: int


@dataclass(frozen=True)
class Named:
    """A listed thing's name in each language of the pages (an SSW field:
    飲食料品製造業, Industri makanan dan minuman, Food and beverage
    manufacturing), written in the reader's language when shown. Empty names
    fall back to English, then to Japanese, the language of Japan's lists."""

    ja: str
    en: str
    id: str = ""

    def in_language(self, language: str) -> str:
        names = {"ja": self.ja, "en": self.en, "id": self.id}
        return names.get(language) or self.en or self.ja


@dataclass(frozen=True, init=False)
class Message:
    """A translatable sentence with its figures, translated only when shown.

    Keeping the English msgid and the figures (instead of a translated string)
    lets a page show the same answer in Indonesian, English or Japanese, and lets
    a decision store what it said. Msgids are marked with ``gettext_noop`` where
    they are written so that ``makemessages`` finds them."""

    msgid: str
    params: tuple[tuple[str, Figure], ...]

    def __init__(self, msgid: str, /, **params: Figure) -> None:
        object.__setattr__(self, "msgid", msgid)
        object.__setattr__(self, "params", tuple(sorted(params.items())))

    def __str__(self) -> str:
        return gettext(self.msgid) % {name: _shown(value) for name, value in self.params}


def _shown(value: Figure) -> str:
    """A figure as the reader writes it, in the language active when the
    message is shown (not when it was made or stored)."""
    if isinstance(value, Message):
        return str(value)
    if isinstance(value, Yen | Rupiah):
        return money.yen(value.amount) if isinstance(value, Yen) else money.rupiah(value.amount)
    if isinstance(value, Named):
        return value.in_language(page_language())
    if isinstance(value, datetime.date):
        return date_format(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return number_format(value)
    return str(value)


def yen(amount: int) -> Yen:
    return Yen(amount)


def rupiah(amount: int) -> Rupiah:
    return Rupiah(amount)


class RuleInputError(ValueError):
    """A question the rules cannot answer because its input is wrong: a staff
    count of 0, a wage in rupiah, a job category missing from the list. The
    message is translatable and says what was wrong."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.msgid)
        self.message = message

    def __str__(self) -> str:
        return str(self.message)


@dataclass(frozen=True)
class RuleRef:
    """The rule version an answer used; a decision stores ``family`` and ``label``."""

    family: str
    label: str
    effective_from: datetime.date

    def __str__(self) -> str:
        return f"{self.family} {self.label} (from {self.effective_from.isoformat()})"


@dataclass(frozen=True, kw_only=True)
class Refusal:
    """One reason for a no. ``rule`` names the parameter or condition that
    refused (``bands``, ``caps``, ``home_return`` …), for code to act on."""

    rule: str
    message: Message


@dataclass(frozen=True, kw_only=True)
class Answer(Generic[T]):
    value: T
    # Every reason behind the value, refusals included, in reading order.
    explanation: tuple[Message, ...]
    # None only where the answer rests on values the caller supplied alone
    # (a sending programme's age range, a field's status in the reference list).
    rule: RuleRef | None
    refusals: tuple[Refusal, ...] = ()
    # How many of the requested positions would fit (quota checks only).
    would_fit: int | None = None

    @property
    def refused(self) -> bool:
        return bool(self.refusals)

    @property
    def refused_by(self) -> tuple[str, ...]:
        return tuple(refusal.rule for refusal in self.refusals)

    def explain(self) -> str:
        """The whole explanation in the active language, as one line."""
        # Translators: joins the sentences of one explanation.
        return gettext("; ").join(str(message) for message in self.explanation)


@dataclass(frozen=True)
class Check:
    """One condition of a yes/no rule, with the sentence that says how it went."""

    rule: str
    met: bool
    message: Message


def verdict(checks: tuple[Check, ...], *, rule: RuleRef | None) -> Answer[bool]:
    """Yes when every check is met; each unmet check becomes a refusal."""
    refusals = tuple(Refusal(rule=check.rule, message=check.message) for check in checks if not check.met)
    return Answer(
        value=not refusals,
        explanation=tuple(check.message for check in checks),
        rule=rule,
        refusals=refusals,
    )


def refusal(rule_name: str, message: Message, *, rule: RuleRef | None) -> Answer[bool]:
    return verdict((Check(rule_name, False, message),), rule=rule)
