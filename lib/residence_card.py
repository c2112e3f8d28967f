"""The number on a Japanese residence card (在留カード番号): two letters,
eight digits, two letters, e.g. AB12345678CD, printed at the card's top right.

People copy it with spaces or hyphens, in lower case or full-width from a
Japanese form; all of those are the same number.
"""

from __future__ import annotations

import re
import unicodedata

_CARD_NUMBER = re.compile(r"[A-Z]{2}\d{8}[A-Z]{2}")
_SEPARATORS = re.compile(r"[\s\-‐－ー]")


def normalized_card_number(text: str) -> str | None:
    """The number in its printed form, or None when it is not one."""
    folded = _SEPARATORS.sub("", unicodedata.normalize("NFKC", text)).upper()
    return folded if _CARD_NUMBER.fullmatch(folded) else None
