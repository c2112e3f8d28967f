"""One cell at a time: what a reader hands over (``CellValue``) and how a row
checker turns it into text, a NIK, a date or a number. Each converter either
returns a value or raises ``CellError`` with a code; nothing else escapes, so a
strange cell is a row error, never a failed import."""

from __future__ import annotations

import dataclasses
import datetime
import math
import re
from decimal import Decimal, InvalidOperation
from typing import TypeAlias

from lib.spreadsheet.problems import CellError, CellProblem


@dataclasses.dataclass(frozen=True, slots=True)
class Shown:
    """A number cell whose number format changes what the person sees: 0.855
    formatted as a percentage is "85.5%" and means 85.5; 81234567890 formatted
    ``"0"#`` is the phone number "081234567890". ``stored`` is what the file
    holds, ``text`` what the sheet shows, ``number`` what it means as a number."""

    stored: float
    text: str
    number: Decimal


CellValue: TypeAlias = (
    str | int | float | bool | Decimal | Shown | datetime.date | datetime.datetime | datetime.time | datetime.timedelta
)

# Excel counts days from 30 December 1899 (its 1900 system, which takes 1900 for
# a leap year, so serials before March 1900 are off by one: none is plausible
# here) or, in workbooks saved with the 1904 system, from 1 January 1904.
EPOCH_1900 = datetime.date(1899, 12, 30)
EPOCH_1904 = datetime.date(1904, 1, 1)
# A number typed into a date column is taken as a date only in this range:
# outside it, it is more likely a year (2002), a day or an age in the wrong column.
PLAUSIBLE_DATES = (datetime.date(1920, 1, 1), datetime.date(2099, 12, 31))


def text(value: CellValue) -> str:
    if isinstance(value, str):  # nearly every cell: checked first, as this runs for each of them
        return value.strip()
    return value.text if isinstance(value, Shown) else _shown_as_text(value)


def _shown_as_text(value: CellValue) -> str:
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, Decimal):
        return plain(value)
    if isinstance(value, datetime.date):  # a datetime is a date too
        return value.isoformat()
    return str(value).strip()


def unsigned_zero(number: Decimal) -> Decimal:
    """The number, with zero never negative ("-0" is 0)."""
    return number if number else abs(number)


def plain(number: Decimal) -> str:
    """A decimal as people write it: ``85.5``, ``100``, never ``1E+2``."""
    if not number.is_finite():
        return str(number)
    return format(number.normalize(), "f")


_NUMBER_IN_EXPONENT_FORM = re.compile(r"\d[.,]\d+[eE]\+?\d+")  # how a CSV saved by Excel shows a long number


def nik_text(value: CellValue) -> str:
    """A NIK kept as text. Excel keeps only 15 significant digits of a number,
    so a 16-digit NIK typed into a number cell has already lost its last digit
    (whatever number format then shows it)."""
    if isinstance(value, int | float | Decimal | Shown) and not isinstance(value, bool):
        raise CellError(CellProblem.NIK_AS_NUMBER)
    written = str(value).strip()
    # Only a number in exponent form has an "e": most NIKs are ruled out without the pattern.
    if ("e" in written or "E" in written) and _NUMBER_IN_EXPONENT_FORM.fullmatch(written):
        raise CellError(CellProblem.NIK_AS_NUMBER)
    return written


MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("januari", "january", "jan"),
            ("februari", "february", "feb", "pebruari"),
            ("maret", "march", "mar"),
            ("april", "apr"),
            ("mei", "may"),
            ("juni", "june", "jun"),
            ("juli", "july", "jul"),
            ("agustus", "august", "agu", "agt", "ags", "aug"),
            ("september", "sep", "sept"),
            ("oktober", "october", "okt", "oct"),
            ("november", "nopember", "nov", "nop"),
            ("desember", "december", "des", "dec"),
        ],
        start=1,
    )
    for name in names
}
_NUMERIC_DATE = re.compile(r"([0-9]{1,4})[/.-]([0-9]{1,2})[/.-]([0-9]{1,4})")
_NAMED_DATE = re.compile(r"([0-9]{1,2})[\s./-]*([^\W\d_]+)\.?[\s./-]*([0-9]{2,4})")


def parse_date(value: CellValue, *, date1904: bool = False) -> datetime.date:
    """A date cell; a day number as Excel stores dates, typed into a column
    that is not formatted as a date (``date1904``: the workbook counts from
    1904); or text: ``17/05/2002``, ``17-05-2002``, ``2002-05-17``, ``17 Mei
    2002`` (Indonesian or English month names). Day before month, as
    Indonesians write it; a two-digit year is refused rather than guessed."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, Shown) and value.number == Decimal(repr(value.stored)):
        return _serial_date(value.stored, value.text, date1904=date1904)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _serial_date(value, text(value), date1904=date1904)
    written = text(value)
    if not written:
        raise CellError(CellProblem.REQUIRED)
    return _written_date(written)


def _serial_date(serial: float, shown: str, *, date1904: bool) -> datetime.date:
    if not math.isfinite(serial):
        raise CellError(CellProblem.BAD_DATE, value=shown)
    earliest, latest = PLAUSIBLE_DATES
    epoch = EPOCH_1904 if date1904 else EPOCH_1900
    # Compared as day numbers first: a huge serial must not reach timedelta.
    if not (earliest - epoch).days <= serial < (latest - epoch).days + 1:
        raise CellError(CellProblem.BAD_DATE, value=shown)
    return epoch + datetime.timedelta(days=math.floor(serial))


def _written_date(written: str) -> datetime.date:
    numeric, named = _NUMERIC_DATE.fullmatch(written), _NAMED_DATE.fullmatch(written.casefold())
    if numeric:
        first, month, last = numeric.groups()
        year, day = (first, last) if len(first) == 4 else (last, first)
    elif named and named.group(2) in MONTHS:
        day, month, year = named.group(1), str(MONTHS[named.group(2)]), named.group(3)
    else:
        raise CellError(CellProblem.BAD_DATE, value=written)
    if len(year) != 4:
        raise CellError(CellProblem.TWO_DIGIT_YEAR, value=written)
    try:
        return datetime.date(int(year), int(month), int(day))
    except ValueError:
        raise CellError(CellProblem.BAD_DATE, value=written) from None


# A number as people type it: ASCII digits, at most one decimal point or
# (Indonesian) comma, an optional sign and percent sign. Decimal() alone would
# also take "NaN", "Infinity", "1e30", "1_000" and digits of other scripts.
_WRITTEN_NUMBER = re.compile(r"([+-]?)\s*([0-9]+)(?:[.,]([0-9]+))?\s*(%?)")
# "1.000" is a thousand in Indonesia and one in English.
_THOUSANDS_OR_DECIMALS = re.compile(r"[+-]?\s*[0-9]{1,3}[.,][0-9]{3}")


def parse_decimal(value: CellValue) -> Decimal:
    """A number cell, or text with a decimal point or comma; a percentage
    means its number of hundredths ("85.5%" is 85.5). Always finite; zero is
    never negative."""
    if isinstance(value, Shown):
        return value.number
    if isinstance(value, bool):
        raise CellError(CellProblem.NOT_A_NUMBER, value=text(value))
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float | Decimal):
        number = Decimal(repr(value)) if isinstance(value, float) else value
        if not number.is_finite():
            raise CellError(CellProblem.NOT_A_NUMBER, value=text(value))
        return unsigned_zero(number)
    return _written_number(text(value))


def _written_number(written: str) -> Decimal:
    match = _WRITTEN_NUMBER.fullmatch(written)
    if match is None:
        raise CellError(CellProblem.NOT_A_NUMBER, value=written)
    # A percent sign changes nothing: "85.5%" of a score is the 85.5 it shows.
    sign, whole, fraction, _percent = match.groups()
    try:
        number = Decimal(f"{sign}{whole}.{fraction}" if fraction else f"{sign}{whole}")
    except InvalidOperation:
        raise CellError(CellProblem.NOT_A_NUMBER, value=written) from None
    return unsigned_zero(number)


def parse_int(value: CellValue) -> int:
    if isinstance(value, str) and _THOUSANDS_OR_DECIMALS.fullmatch(value.strip()):
        raise CellError(CellProblem.AMBIGUOUS_NUMBER, value=value.strip())
    number = parse_decimal(value)
    if number != number.to_integral_value():
        raise CellError(CellProblem.NOT_A_WHOLE_NUMBER, value=text(value))
    return int(number)
