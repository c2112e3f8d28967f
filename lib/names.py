"""Comparing people's names the way a reviewer would read them.

Indonesian names are spelled inconsistently across documents: capitals,
spacing, punctuation, the odd accent, and the ``Muhammad``/``Muhamad``/``M.``
kind of variant. Only the first few are safe to normalize without a human:
two records that agree after this and share a birth date are flagged for a
person to review, never merged automatically.
"""

from __future__ import annotations

import re
import unicodedata

_NOT_LETTERS = re.compile(r"[^0-9a-z]+")


def name_key(name: str) -> str:
    """``"  Siti  Nurhaliza-Putri "`` and ``"SITI NURHALIZA PUTRI"`` give the same key."""
    if name.isascii():  # most names: nothing to decompose, and imports key a hundred thousand at once
        return _NOT_LETTERS.sub(" ", name.lower()).strip()
    decomposed = unicodedata.normalize("NFKD", name)
    without_accents = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _NOT_LETTERS.sub(" ", without_accents.casefold()).strip()
