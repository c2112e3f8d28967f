"""What an uploaded file really is, read from its content, never its name.

A file called ``ktp.pdf`` may be a renamed program or web page; we store and
serve only PDF, JPEG and PNG, so the bytes at the start of the file decide
(via ``puremagic``, a pure-Python reader of file signatures). The size and
SHA-256 are read in chunks, so an 8 MB photo never sits in memory twice.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection
from dataclasses import dataclass
from typing import IO

import puremagic

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"

# The extension a stored file gets, from its content: the stored name then
# never carries a misleading suffix from the uploader's device.
EXTENSIONS = {PDF: "pdf", JPEG: "jpg", PNG: "png"}

# Every signature of our three types sits in the first bytes; reading a few
# kilobytes keeps the check cheap however large the file is.
HEAD_BYTES = 8192
_CHUNK = 64 * 1024


class ContentRefused(ValueError):
    """The content is not one of the allowed types (``detected`` is what it
    looks like instead, or None when nothing was recognised)."""

    def __init__(self, detected: str | None) -> None:
        super().__init__(f"content is {detected or 'unrecognised'}")
        self.detected = detected


@dataclass(frozen=True)
class Fingerprint:
    size: int
    sha256: str


def content_type(head: bytes) -> str | None:
    """The type the signature at the start of ``head`` shows, or None.

    Only the best-matching signatures count: a renamed program also matches
    weaker patterns here and there, and a file is what its strongest match
    says it is. Of the best matches, one of ours wins a tie (a PDF also
    matches the PDF-based form format at the same strength).
    """
    if not head:
        return None
    try:
        matches = [match for match in puremagic.magic_string(head) if match.offset == 0]
    except puremagic.PureError:
        return None
    if not matches:
        return None
    best = max(match.confidence for match in matches)
    types = [match.mime_type for match in matches if match.confidence == best]
    ours = [kind for kind in types if kind in EXTENSIONS]
    return ours[0] if ours else (types[0] or None)


def check_content(head: bytes, *, allowed: Collection[str]) -> str:
    """The content type of ``head`` if it is one of ``allowed``; otherwise
    ContentRefused."""
    detected = content_type(head)
    if detected is None or detected not in allowed:
        raise ContentRefused(detected)
    return detected


def read_head(stream: IO[bytes]) -> bytes:
    """The first bytes of ``stream``, leaving it at the start for the next reader."""
    stream.seek(0)
    head = stream.read(HEAD_BYTES)
    stream.seek(0)
    return head


def fingerprint(stream: IO[bytes]) -> Fingerprint:
    """Size and SHA-256 of the whole stream, read in chunks; rewinds it after."""
    stream.seek(0)
    digest = hashlib.sha256()
    size = 0
    while chunk := stream.read(_CHUNK):
        digest.update(chunk)
        size += len(chunk)
    stream.seek(0)
    return Fingerprint(size=size, sha256=digest.hexdigest())
