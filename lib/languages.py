"""The language a page is read in, as the names of things choose by it."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.utils.translation import get_language, pgettext

# The languages of the pages (settings.LANGUAGES), as get_language() names them.
PAGE_LANGUAGES = ("id", "en", "ja")


def page_language(language: str | None = None) -> str:
    """``language`` (default: the one in force) as one of the page languages.
    English where none is active: management commands run without one, and
    English is the language the code is written in."""
    code = (language if language is not None else get_language()) or "en"
    base = code.split("-", maxsplit=1)[0].lower()
    return base if base in PAGE_LANGUAGES else "en"


# Kana (hiragana, katakana and their half-width forms) and kanji, with the
# marks written among them (々 in 佐々木, ヶ in 霞ヶ関).
_JAPANESE_SCRIPT = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uff66-\uff9f々〆ヶ]")


def writes_japanese(text: str) -> bool:
    """Whether ``text`` is written at least partly in Japanese script: 仙台市
    and さいたま市 are, "Sendai" and "Sendai-shi" are not."""
    return _JAPANESE_SCRIPT.search(text) is not None


def listed(items: Iterable[str]) -> str:
    """Items written as a list in the page's language: "a, b" in Indonesian
    and English, "a、b" in Japanese (a half-width comma reads as a typo there)."""
    return pgettext("list separator", ", ").join(items)
