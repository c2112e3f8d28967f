"""Read the facts an Indonesian NIK encodes: province, birth date and sex,
and refuse the serial 0000, which is never issued.

Format and length come from python-stdnum (``stdnum.id.nik``). Two things are
decided here instead:

* the century: stdnum prefers 19xx whenever that date exists, which would make
  a participant born in 2004 a 122-year-old; we take the latest century that
  does not put the birth date in the future;
* the province: stdnum's place list predates Kalimantan Utara (65) and the
  2022 Papua provinces, so the caller checks the code against the editable
  reference table instead.
"""

from __future__ import annotations

import datetime
import functools
import re
from enum import Enum
from typing import NamedTuple

from stdnum import exceptions as stdnum_errors
from stdnum.id import nik as stdnum_nik

FEMALE_DAY_OFFSET = 40
UNISSUED_SERIAL = "0000"
# Sixteen ASCII digits and nothing else: how nearly every NIK in a file is
# written. Such a number is its own compact form and has the right format and
# length, so stdnum (whose Unicode clean-up is most of a row's checking time in
# a 100,000-row import) has nothing to add.
_PLAIN_NIK = re.compile(r"[0-9]{16}")


class NikProblem(Enum):
    NOT_DIGITS = "not_digits"
    WRONG_LENGTH = "wrong_length"
    BAD_DATE = "bad_date"
    # The last four digits number the people born on one day in one district,
    # from 0001: a NIK ending in 0000 was never issued (Excel's rounding of a
    # NIK typed as a number makes such ones, among others).
    NO_SERIAL = "no_serial"


class InvalidNik(ValueError):
    def __init__(self, problem: NikProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


class NikFacts(NamedTuple):  # a tuple: an import reads a hundred thousand of them
    number: str
    province_code: str
    regency_code: str
    birth_date: datetime.date
    sex: str  # "M" or "F", the values of participants.Sex


def compact(raw: str) -> str:
    """The NIK without the spaces, dots and dashes people type into it."""
    return str(stdnum_nik.compact(raw))


def parse_nik(raw: str, *, today: datetime.date) -> NikFacts:
    number = raw if _PLAIN_NIK.fullmatch(raw) else _checked_format(raw)
    sex, birth_date = _born(number[6:12], today)
    if number.endswith(UNISSUED_SERIAL):
        raise InvalidNik(NikProblem.NO_SERIAL)
    return NikFacts(number, number[:2], number[:4], birth_date, sex)


# A file's NIKs share a few thousand birth dates: each is read once.
@functools.lru_cache(maxsize=32_768)
def _born(day_month_year: str, today: datetime.date) -> tuple[str, datetime.date]:
    """Sex and birth date from the NIK's six date digits (DDMMYY, women's day plus 40)."""
    day_field = int(day_month_year[:2])
    sex = "F" if day_field > FEMALE_DAY_OFFSET else "M"
    birth_date = _birth_date(
        # Subtract rather than take the remainder: day 99 must stay invalid (59), not become 19.
        day=day_field - FEMALE_DAY_OFFSET if sex == "F" else day_field,
        month=int(day_month_year[2:4]),
        two_digit_year=int(day_month_year[4:6]),
        today=today,
    )
    return sex, birth_date


def _checked_format(raw: str) -> str:
    """The compact NIK, once stdnum has checked its format and length."""
    number = compact(raw)
    try:
        stdnum_nik.validate(number)
    except stdnum_errors.InvalidLength:  # a subclass of InvalidFormat: catch it first
        raise InvalidNik(NikProblem.WRONG_LENGTH) from None
    except stdnum_errors.InvalidFormat:
        raise InvalidNik(NikProblem.NOT_DIGITS) from None
    except stdnum_errors.InvalidComponent:
        pass  # date or place: both are decided by parse_nik, with our own rules
    return number


def _birth_date(*, day: int, month: int, two_digit_year: int, today: datetime.date) -> datetime.date:
    for century in (2000, 1900):
        try:
            candidate = datetime.date(century + two_digit_year, month, day)
        except ValueError:
            continue
        if candidate <= today:
            return candidate
    raise InvalidNik(NikProblem.BAD_DATE)


def mask(number: str) -> str:
    """Province and last four digits only: enough to tell records apart on screen."""
    if len(number) != 16:
        return "•" * len(number)
    return f"{number[:4]}{'•' * 8}{number[12:]}"
