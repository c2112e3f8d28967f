"""HTML templates rendered to PDF with WeasyPrint, in Japanese as well as
Latin script.

Every document extends ``pdf/base.html`` and is drawn with ``lib/pdf.css``,
which sets Noto Sans CJK JP (Debian's fonts-noto-cjk, installed by
scripts/services.sh pdf): without a CJK font WeasyPrint draws katakana as
empty boxes. The stylesheet is a file, not a ``<style>`` element, as in every
template (tests/test_headers.py). The page's ``lang`` is the reader's
language, so Japanese text takes Japanese glyph forms.

Nothing is fetched while rendering: a document shows what the server puts in
it (an image as a ``data:`` URL), never an address a user could have typed,
which a server-side renderer would otherwise go and fetch.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path

from django.template.loader import render_to_string
from django.utils.translation import get_language

# WeasyPrint logs each rendering step at INFO ("Step 2 - Fetching and parsing
# CSS"), which the root handler (LOG_LEVEL, INFO by default) would print for
# every PDF and at its import; its warnings still come through.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

STYLESHEET = Path(__file__).with_name("pdf.css")


def render_pdf(template_name: str, context: Mapping[str, object]) -> bytes:
    """``template_name`` rendered with ``context`` (and the reader's language), as PDF bytes."""
    # Imported here: WeasyPrint takes about a second to import, which every
    # process loading the URL configuration would otherwise pay at start.
    from weasyprint import CSS, HTML, URLFetcher  # noqa: PLC0415

    html = render_to_string(template_name, {"language": get_language() or "en", **context})
    fetcher = URLFetcher(allowed_protocols={"data"})
    stylesheet = CSS(string=STYLESHEET.read_text(encoding="utf-8"), url_fetcher=fetcher)
    document: bytes = HTML(string=html, url_fetcher=fetcher).write_pdf(stylesheets=[stylesheet])
    return document
