"""Serving an uploaded file that only the access check may open (MEDIA_ROOT
has no URL): participants' documents, protection case attachments."""

from __future__ import annotations

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404

from lib import filecheck

# Shown in the browser rather than downloaded: pictures only. Browsers refuse
# to run their PDF viewer under the sandbox policy below, so PDFs download.
_INLINE_TYPES = frozenset({filecheck.JPEG, filecheck.PNG})


def private_file_response(file: FieldFile, *, content_type: str, filename: str) -> FileResponse:
    """The file, or 404 when it is gone from storage."""
    try:
        stream = file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        stream, content_type=content_type, as_attachment=content_type not in _INLINE_TYPES, filename=filename
    )
    # Belt and braces for a file that is not what its signature claimed: the
    # browser must not guess another type, nor run anything inside it.
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, no-store"
    return response
