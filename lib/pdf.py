"""Django templates printed to PDF by WeasyPrint: résumés, offers, manifests.

A PDF template extends ``pdf/base.html`` (A4, Debian's Noto CJK fonts, which
carry Latin letters too, so Japanese and Indonesian text embed from one
family). Nothing is fetched from the network: these documents carry personal
data, and a template that pointed at a remote URL would announce every
rendering to that server. The fetcher serves two schemes only:

- ``static:<path>``: one of the app's static files (``static:pdf/base.css``);
- ``media:<name>``: a file in the default storage as it is stored
  (``media_url(document.file.name)``), whatever backend holds it.

``data:`` URLs, which hold their bytes inline, pass too: a photo goes in as
one, read from the storage and scaled to its box (``photo_data_url``). Anything else
(``http:``, ``https:``, ``file:``, a relative path such as ``{% static %}``
gives) stops the rendering with ``PdfError``; a local file that is missing
only leaves its image out, as a browser would.
"""

from __future__ import annotations

import base64
import io
import logging
from collections.abc import Mapping
from typing import IO
from urllib.parse import quote

from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.template.loader import render_to_string
from PIL import Image, ImageOps, UnidentifiedImageError

logger = logging.getLogger(__name__)

STATIC_SCHEME = "static"
MEDIA_SCHEME = "media"
# The documents' base URL, of a scheme nobody serves. Without a base WeasyPrint
# skips relative URLs with a log line; with this one they reach the fetcher,
# which refuses them, so a template author learns at once that "/static/..."
# is not how a PDF finds its stylesheet.
BASE_URL = "unresolved:"


class PdfError(Exception):
    """The PDF could not be made: a missing or broken template, a URL the
    fetcher refused, or WeasyPrint failing on the document."""


def media_url(name: str) -> str:
    """The URL under which a PDF template shows a file of the default storage."""
    return f"{MEDIA_SCHEME}:{quote(name)}"


MM_PER_INCH = 25.4
# Enough for print: a photo finer than this only makes the file larger.
PRINT_DPI = 300


def photo_data_url(file: IO[bytes], *, width_mm: float, height_mm: float) -> str:
    """A photo as a ``data:`` URL for a box of this size: turned upright as
    the camera meant, scaled to print resolution, re-encoded without its
    metadata (a phone photo's EXIF may hold where it was taken). A phone's
    4 MB photo becomes some 30 kB, so a shortlist of résumés stays small and
    quick. An unreadable image gives "" (the box stays empty) and a warning."""
    size = (round(width_mm / MM_PER_INCH * PRINT_DPI), round(height_mm / MM_PER_INCH * PRINT_DPI))
    try:
        with Image.open(file) as image:
            # A JPEG is decoded at the nearest smaller scale directly, not in full.
            image.draft("RGB", (size[0] * 2, size[1] * 2))
            upright = ImageOps.exif_transpose(image).convert("RGB")
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as error:
        logger.warning("A photo could not be read for a PDF: %s", error)
        return ""
    upright.thumbnail(size)
    out = io.BytesIO()
    upright.save(out, "JPEG", quality=85)
    return "data:image/jpeg;base64," + base64.b64encode(out.getvalue()).decode()


def render_pdf(template_name: str, context: Mapping[str, object]) -> bytes:
    """The template rendered with ``context``, printed to PDF bytes."""
    try:
        html = render_to_string(template_name, dict(context))
    except (TemplateDoesNotExist, TemplateSyntaxError) as error:
        raise PdfError(f"The PDF template {template_name} cannot be rendered: {error}") from error
    # Imported here, not with this module: WeasyPrint takes most of a second to
    # import, which every process that loads the URLs would otherwise pay.
    from weasyprint import HTML  # noqa: PLC0415

    from lib.pdf_fetcher import LocalFetcher, RefusedUrl  # noqa: PLC0415

    try:
        pdf: bytes = HTML(string=html, base_url=BASE_URL, url_fetcher=LocalFetcher()).write_pdf()
    except RefusedUrl as refused:
        raise PdfError(f"The PDF template {template_name} refers to {refused}, which is not fetched.") from refused
    except Exception as error:
        raise PdfError(f"WeasyPrint could not print {template_name}: {error}") from error
    return pdf
