"""Reading a monthly wage as people type it: "¥185,000", "185.000", "18.5万円".

Job orders state wages in yen per month. Partners in Japan write 万 (ten
thousand); staff in Indonesia group thousands with dots; some paste an amount
in rupiah or an hourly rate. This module only reads the text and says what it
is not (another currency, another unit); whether the amount is plausible for a
month is a programme rule (``rules``), asked by the form.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation


class WageProblem(enum.Enum):
    EMPTY = "empty"
    NOT_A_NUMBER = "not_a_number"
    NOT_WHOLE_YEN = "not_whole_yen"
    NEGATIVE = "negative"
    OTHER_CURRENCY = "other_currency"
    OTHER_UNIT = "other_unit"


@dataclass(frozen=True)
class WageInputError(ValueError):
    problem: WageProblem
    # The currency or unit found, as typed (e.g. "Rp", "/jam").
    found: str = ""


# Longest first, so "US$" is found before "$".
_CURRENCIES = (
    ("IDR", "IDR"),
    ("RP", "IDR"),
    ("USD", "USD"),
    ("US$", "USD"),
    ("SGD", "SGD"),
    ("EUR", "EUR"),
    ("€", "EUR"),
    ("$", "USD"),
    ("元", "CNY"),
    ("₩", "KRW"),
)
_YEN_MARKS = re.compile(r"JPY|YEN|¥|￥|円", re.IGNORECASE)
# What a wage is paid per, in English, Indonesian and Japanese, when it is not a month.
_OTHER_UNITS = re.compile(
    r"(/\s*|per\s*)(h|hr|hour|jam|day|hari|week|minggu|year|yr|tahun|annum)\b"
    r"|時給|時間給|日給|週給|年収|年俸|/\s*(時間?|日|週|年)",
    re.IGNORECASE,
)
_MONTH_MARKS = re.compile(r"(/|per\s*)\s*(month|mo|bulan|bln|月)\b|月給|月額|/\s*月|sebulan", re.IGNORECASE)
_MAN = "万"
_NUMBER = re.compile(r"^-?[0-9][0-9.,' ]*$")


def parse_monthly_yen(text: str) -> int:
    """The amount in whole yen; raises WageInputError saying what is wrong."""
    raw = text.strip()
    if not raw:
        raise WageInputError(WageProblem.EMPTY)
    unit = _OTHER_UNITS.search(raw)
    if unit:
        raise WageInputError(WageProblem.OTHER_UNIT, unit.group(0).strip())
    upper = raw.upper()
    for mark, currency in _CURRENCIES:
        if mark in upper:
            raise WageInputError(WageProblem.OTHER_CURRENCY, currency)
    rest = _MONTH_MARKS.sub(" ", _YEN_MARKS.sub(" ", raw)).replace("\u3000", " ").strip()
    multiplier = 1
    if rest.endswith(_MAN):
        rest, multiplier = rest[: -len(_MAN)].strip(), 10_000
    amount = _number(rest, allow_fraction=multiplier > 1) * multiplier
    if amount < 0:
        raise WageInputError(WageProblem.NEGATIVE)
    if amount != amount.to_integral_value():
        raise WageInputError(WageProblem.NOT_WHOLE_YEN)
    return int(amount)


def _number(text: str, *, allow_fraction: bool) -> Decimal:
    """Digits with thousands grouped by commas, dots, spaces or apostrophes;
    a fraction only before 万 (18.5万)."""
    if not _NUMBER.match(text):
        raise WageInputError(WageProblem.NOT_A_NUMBER)
    compact = re.sub(r"[ ']", "", text)
    groups = re.split(r"[.,]", compact)
    if len(groups) > 1 and all(len(group) == 3 for group in groups[1:]) and groups[0].lstrip("-"):
        digits = "".join(groups)  # 185,000 / 185.000 / 1.250.000
    elif len(groups) == 2 and (allow_fraction or set(groups[1]) <= {"0"}):
        digits = f"{groups[0]}.{groups[1]}"  # 18.5 (万), or 185000.00
    elif len(groups) == 1:
        digits = compact
    else:
        raise WageInputError(WageProblem.NOT_WHOLE_YEN if len(groups) == 2 else WageProblem.NOT_A_NUMBER)
    try:
        return Decimal(digits)
    except InvalidOperation:
        raise WageInputError(WageProblem.NOT_A_NUMBER) from None
