"""The one way a PDF (lib.pdf) reaches files: the app's static files and the
default storage, by the schemes lib.pdf names. Every other URL is refused, so
a document with personal data never announces itself to a server.

Kept apart from lib.pdf because it subclasses WeasyPrint's classes, and
importing WeasyPrint costs most of a second: lib.pdf imports this module only
when it prints.
"""

from __future__ import annotations

import mimetypes
import re
from collections.abc import Mapping
from urllib.parse import unquote

from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9.+-]+):")


class RefusedUrl(FatalURLFetchingError):  # type: ignore[misc]
    """A URL outside the local static files and storage. WeasyPrint lets only
    this kind of error through (it logs and skips the others), so a refusal
    stops the rendering instead of going unnoticed."""


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
