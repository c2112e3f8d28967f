"""The language a page is read in, as the names of things choose by it."""

from __future__ import annotations

from django.utils.translation import get_language

# The languages of the pages (settings.LANGUAGES), as get_language() names them.
PAGE_LANGUAGES = ("id", "en", "ja")


def page_language(language: str | None = None) -> str:
    """``language`` (default: the one in force) as one of the page languages.
    English where none is active: management commands run without one, and
    English is the language the code is written in."""
    code = (language if language is not None else get_language()) or "en"
    base = code.split("-", maxsplit=1)[0].lower()
    return base if base in PAGE_LANGUAGES else "en"
