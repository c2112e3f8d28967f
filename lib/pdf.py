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
import mimetypes
import re
from collections.abc import Mapping
from typing import IO
from urllib.parse import quote, unquote

from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.template.loader import render_to_string
from PIL import Image, ImageOps, UnidentifiedImageError
from weasyprint import HTML
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

STATIC_SCHEME = "static"
MEDIA_SCHEME = "media"
# The documents' base URL, of a scheme nobody serves. Without a base WeasyPrint
# skips relative URLs with a log line; with this one they reach the fetcher,
# which refuses them, so a template author learns at once that "/static/..."
# is not how a PDF finds its stylesheet.
_BASE_URL = "unresolved:"
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9.+-]+):")


class PdfError(Exception):
    """The PDF could not be made: a missing or broken template, a URL the
    fetcher refused, or WeasyPrint failing on the document."""


class RefusedUrl(FatalURLFetchingError):  # type: ignore[misc]
    """A URL outside the local static files and storage. WeasyPrint lets only
    this kind of error through (it logs and skips the others), so a refusal
    stops the rendering instead of going unnoticed."""


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
    try:
        pdf: bytes = HTML(string=html, base_url=_BASE_URL, url_fetcher=LocalFetcher()).write_pdf()
    except RefusedUrl as refused:
        raise PdfError(f"The PDF template {template_name} refers to {refused}, which is not fetched.") from refused
    except Exception as error:
        raise PdfError(f"WeasyPrint could not print {template_name}: {error}") from error
    return pdf


class LocalFetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint has no type hints
    """Fetches static files and stored files; refuses every other URL."""

    def fetch(self, url: str, headers: Mapping[str, str] | None = None) -> URLFetcherResponse:
        scheme = _SCHEME.match(url)
        rest = unquote(url[scheme.end() :]) if scheme else ""
        match scheme[1].lower() if scheme else None:
            case "data":
                # The bytes are in the URL itself: urllib's data handler reaches nothing.
                return super().fetch(url, headers)
            case "static":
                return _static_file(url, rest)
            case "media":
                return _stored_file(url, rest)
        raise RefusedUrl(url)


def _static_file(url: str, path: str) -> URLFetcherResponse:
    try:
        found = finders.find(path)
    except SuspiciousFileOperation:
        raise RefusedUrl(url) from None
    if not isinstance(found, str):
        raise FileNotFoundError(path)
    with open(found, "rb") as file:
        return _response(url, path, file.read())


def _stored_file(url: str, name: str) -> URLFetcherResponse:
    if not name or name.startswith("/"):
        raise RefusedUrl(url)
    try:
        with default_storage.open(name, "rb") as file:
            return _response(url, name, file.read())
    except SuspiciousFileOperation:
        # A name that climbs out of the storage ("../..").
        raise RefusedUrl(url) from None


def _response(url: str, name: str, body: bytes) -> URLFetcherResponse:
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return URLFetcherResponse(url, body, {"Content-Type": content_type})
