"""Storing uploaded files when the disk may be full.

Django's FileSystemStorage writes an upload straight under its final name, so
a disk that fills up half-way (ENOSPC) or a user over quota (EDQUOT) leaves a
truncated file there. ``SafeFileSystemStorage`` writes it beside the final
name under a hidden temporary name, flushed to disk, and only then renames it
into place (a rename within one folder is atomic): the final name holds the
whole file or does not exist. A write the disk refuses removes the temporary
file and raises ``StorageFull``, before any database row names the file (the
models' FileFields store the file first, then save the row), so no row points
to a missing or broken file.

``StorageFullMiddleware`` answers a ``StorageFull`` that no view turned into a
form error with a page (or, for the API, JSON) saying nothing was saved.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Callable
from typing import Any

from django.core.files import File
from django.core.files.storage import FileSystemStorage
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext, gettext_lazy

# The disk or the user's quota is full: the only write errors that waiting
# (or an operator freeing space) fixes, so the only ones answered as "full".
FULL = frozenset({errno.ENOSPC, errno.EDQUOT})
# RFC 4918's "Insufficient Storage": the request was fine, the server had no room.
INSUFFICIENT_STORAGE = 507

FULL_MESSAGE = gettext_lazy(
    "The server has no room left to store files, so this file was not saved and nothing was changed. "
    "Try again later; if it happens again, tell your system administrator."
)


class StorageFull(OSError):
    """The disk refused the file (``FULL``); nothing of it was kept."""

    def __init__(self, error: OSError) -> None:
        super().__init__(error.errno, error.strerror)

    def __str__(self) -> str:
        return str(FULL_MESSAGE)


class _Written(File):  # type: ignore[type-arg]
    """A file already on the storage's disk: FileSystemStorage moves it into
    place (``temporary_file_path``) instead of copying it again."""

    def __init__(self, path: str) -> None:
        super().__init__(None, name=path)
        self._path = path

    def temporary_file_path(self) -> str:
        return self._path


class SafeFileSystemStorage(FileSystemStorage):
    def _save(self, name: str, content: File) -> str:  # type: ignore[type-arg]
        directory = os.path.dirname(self.path(name))
        try:
            os.makedirs(directory, exist_ok=True)
            descriptor, temporary = tempfile.mkstemp(dir=directory, prefix=".upload-")
        except OSError as error:
            raise _full_or(error) from error
        try:
            with os.fdopen(descriptor, "wb") as out:
                if hasattr(content, "seek"):
                    content.seek(0)
                for chunk in content.chunks():
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())  # ENOSPC may only show when the data reaches the disk
            saved: str = super()._save(name, _Written(temporary))  # type: ignore[misc]  # not in django-stubs
            return saved
        except OSError as error:
            raise _full_or(error) from error
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.remove(temporary)  # gone already once moved into place


def _full_or(error: OSError) -> OSError:
    return StorageFull(error) if error.errno in FULL else error


class StorageFullMiddleware:
    """A full disk met by any upload: a clear answer, never a 500 page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, StorageFull):
            return None
        if request.path.startswith("/api/"):
            # The API's error shape (api/errors.py), for a client that branches on the code.
            error = {"code": "storage_full", "message": gettext(str(FULL_MESSAGE)), "fields": {}}
            return JsonResponse({"error": error}, status=INSUFFICIENT_STORAGE)
        context: dict[str, Any] = {"message": FULL_MESSAGE}
        return render(request, "storage_full.html", context, status=INSUFFICIENT_STORAGE)
