"""Number formats that change what a number cell means to the person who
typed it, so the import reads it as they see it.

calamine hands over the stored number (and turns date formats into dates on
its own); the style sheet says how each cell shows it. Two kinds matter:

* a percentage: 0.855 shown as "85.5%" is a score of 85.5;
* digits with fixed zeros or literal text: 81234567890 formatted ``"0"#`` or
  ``000000000000`` is the phone number "081234567890", and 320 formatted
  ``0" jam"`` is "320 jam" (and still the number 320).

Every other format (General, ``0.00``, ``#,##0``, dates, text) leaves the
reading to the plain value.
"""

from __future__ import annotations

import dataclasses
import math
import re
from decimal import Decimal

from lib.spreadsheet.cells import CellValue, Shown, plain, unsigned_zero

# The built-in formats (ECMA-376 §18.8.30) that matter here; the others are
# General, plain numbers, dates and text.
BUILTIN = {9: "0%", 10: "0.00%"}
_TOKEN = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.|.', re.DOTALL)
_PLACEHOLDERS = frozenset("0#")
# Anything that makes a format more than digits and literal text: decimals,
# thousands, exponents, fractions, text, dates and times.
_NOT_DIGITS = frozenset(".,Ee?/@yYmMdDhHsSbBgGnN")


@dataclasses.dataclass(frozen=True)
class NumberFormat:
    percent: bool
    # For a format of digits and literal text only, in order: each placeholder
    # ("0" or "#") or piece of literal text, and whether it is a placeholder.
    parts: tuple[tuple[str, bool], ...] = ()

    def show(self, value: CellValue) -> CellValue:
        """The cell as the sheet shows it; other than a number, as it is."""
        if not isinstance(value, int | float) or isinstance(value, bool) or not math.isfinite(value):
            return value
        stored = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        if self.percent:
            number = stored * 100
            return Shown(stored=value, text=f"{plain(number)}%", number=unsigned_zero(number))
        if stored != stored.to_integral_value():
            return value  # a fraction shown through a digits format: read as the number it is
        digits = _digits(self.parts, abs(int(stored))).strip()
        return Shown(stored=value, text=f"-{digits}" if stored < 0 else digits, number=stored)


def classify(code: str) -> NumberFormat | None:
    """The format's kind, or None when the plain value reads as it shows."""
    tokens = [token for token in _TOKEN.findall(_first_section(code)) if not _ignored(token)]
    if "%" in tokens:
        return NumberFormat(percent=True)
    if any(len(token) == 1 and token in _NOT_DIGITS for token in tokens):
        return None
    zeros = tokens.count("0")
    literal = any(token not in _PLACEHOLDERS and _literal(token).strip() for token in tokens)
    if zeros + tokens.count("#") == 0 or (zeros < 2 and not literal):
        return None
    parts = tuple((token, True) if token in _PLACEHOLDERS else (_literal(token), False) for token in tokens)
    return NumberFormat(percent=False, parts=parts)


def _first_section(code: str) -> str:
    """Positive numbers use the part before the first ``;`` outside quotes."""
    quoted = False
    for index, char in enumerate(code):
        if char == '"':
            quoted = not quoted
        elif char == ";" and not quoted:
            return code[:index]
    return code


def _ignored(token: str) -> bool:
    # Colours and locales ([Red], [$-421]), padding (_x) and fill (*x) change no character shown.
    return token[0] in "[_*"


def _literal(token: str) -> str:
    if token.startswith('"'):
        return token[1:-1]
    if token.startswith("\\"):
        return token[1:]
    return token


def _digits(parts: tuple[tuple[str, bool], ...], number: int) -> str:
    """Fill the placeholders from the right: ``0`` shows a zero where no digit
    is left, ``#`` nothing, and the leftmost one takes every digit left over."""
    digits = str(number)
    left = len(digits)
    remaining = sum(1 for _, placeholder in parts if placeholder)
    shown: list[str] = []
    for part, placeholder in reversed(parts):
        if not placeholder:
            shown.append(part)
            continue
        remaining -= 1
        take = left if remaining == 0 else min(1, left)
        piece = digits[left - take : left]
        left -= take
        shown.append(piece or ("0" if part == "0" else ""))
    return "".join(reversed(shown))
