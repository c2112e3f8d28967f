"""Uploads on a full disk: refused with a clear message, no half-written file,
no row naming a missing file. The disk fills while the file is written
(``filling_disk``), the way ENOSPC and EDQUOT arrive: after part of it went."""

from __future__ import annotations

import errno
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any, cast

import pytest
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.test import Client, RequestFactory
from django.utils import translation
from pytest_django.fixtures import Settings

from lib import storage
from lib.storage import SafeFileSystemStorage, StorageFull, StorageFullMiddleware
from lib.tests import samples
from participants.models import Document
from reference.models import DocumentKind
from spreadsheets.models import ImportJob
from spreadsheets.tests.files import person, upload, xlsx
from tests.cast import Cast

CONTENT = b"x" * 200_000


class _FillingFile:
    """A file on a disk with ``room`` bytes left: writes up to the room, then fails."""

    def __init__(self, file: IO[bytes], room: int, code: int) -> None:
        self._file, self._room, self._code = file, room, code

    def write(self, data: bytes) -> int:
        if len(data) > self._room:
            self._file.write(data[: self._room])
            self._room = 0
            raise OSError(self._code, os.strerror(self._code))
        self._room -= len(data)
        return self._file.write(data)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._file, name)

    def __enter__(self) -> _FillingFile:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._file.close()


def disk_with_room(monkeypatch: pytest.MonkeyPatch, room: int, code: int) -> None:
    """Files opened for writing from now on get ``room`` bytes, then fail with ``code``."""
    opened = os.fdopen

    def fdopen(descriptor: int, mode: str = "rb") -> _FillingFile:
        return _FillingFile(cast("IO[bytes]", opened(descriptor, mode)), room, code)

    monkeypatch.setattr(os, "fdopen", fdopen)


@pytest.fixture
def filling_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """The disk has 1,000 bytes left, then says it is full."""
    disk_with_room(monkeypatch, 1_000, errno.ENOSPC)


def _files_under(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file()] if folder.exists() else []


def _temporary_upload(content: bytes) -> TemporaryUploadedFile:
    # Large uploads arrive on disk (FILE_UPLOAD_MAX_MEMORY_SIZE): FileSystemStorage would copy them across.
    uploaded = TemporaryUploadedFile("big.pdf", "application/pdf", len(content), None)
    uploaded.write(content)
    uploaded.seek(0)
    return uploaded


CONTENTS: dict[str, Callable[[], File[bytes]]] = {
    "in memory": lambda: SimpleUploadedFile("a.pdf", CONTENT),
    "on disk": lambda: _temporary_upload(CONTENT),
    "made by the system": lambda: ContentFile(CONTENT, name="report.pdf"),
}


@pytest.mark.parametrize("make", CONTENTS.values(), ids=CONTENTS.keys())
@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EDQUOT], ids=["ENOSPC", "EDQUOT"])
def test_it_leaves_nothing_of_a_file_the_disk_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make: Callable[[], File[bytes]], code: int
) -> None:
    disk_with_room(monkeypatch, 1_000, code)
    store = SafeFileSystemStorage(location=tmp_path)

    with pytest.raises(StorageFull) as refused:
        store.save("documents/a.pdf", make())

    assert refused.value.errno == code
    assert _files_under(tmp_path) == []


def test_it_stores_the_whole_file_under_its_name(tmp_path: Path) -> None:
    store = SafeFileSystemStorage(location=tmp_path)
    for make in CONTENTS.values():
        name = store.save("documents/a.pdf", make())
        assert (tmp_path / name).read_bytes() == CONTENT
    assert len(_files_under(tmp_path)) == 3  # no temporary file left beside them
    assert oct((tmp_path / name).stat().st_mode & 0o777) == oct(0o644)  # FILE_UPLOAD_PERMISSIONS


def test_it_passes_on_other_write_errors_as_they_are(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    disk_with_room(monkeypatch, 10, errno.EIO)

    with pytest.raises(OSError, match="Input/output") as failed:
        SafeFileSystemStorage(location=tmp_path).save("a.pdf", ContentFile(CONTENT))

    assert not isinstance(failed.value, StorageFull)
    assert _files_under(tmp_path) == []


def test_it_refuses_a_document_on_a_full_disk_at_the_form(
    client: Client, cast: Cast, media: Path, filling_disk: None
) -> None:
    client.force_login(cast.lpk_officer)
    client.cookies["django_language"] = "id"
    data: dict[str, object] = {"kind": DocumentKind.IDENTITY_CARD, "number": "", "issued_on": "", "expires_on": ""}
    data["file"] = SimpleUploadedFile("ktp.pdf", samples.pdf() + b"%" * 5_000)

    response = client.post(f"/participants/{cast.budi.pk}/documents/new/", data)

    assert response.status_code == 400
    with translation.override("id"):
        assert str(storage.FULL_MESSAGE) in response.content.decode()
    assert not Document.objects.filter(participant=cast.budi).exists()
    assert _files_under(media) == []


def test_it_refuses_an_import_on_a_full_disk_at_the_form(
    client: Client, cast: Cast, settings: Settings, tmp_path: Path, filling_disk: None
) -> None:
    settings.IMPORT_FILES_DIR = tmp_path / "imports"
    client.force_login(cast.lpk_officer)
    client.cookies["django_language"] = "en"

    response = client.post("/spreadsheets/", {"kind": "participants", "file": upload(xlsx([person(cast, 1)]))})

    assert response.status_code == 400
    assert "The server has no room left to store files" in response.content.decode()
    assert not ImportJob.objects.exists()
    assert _files_under(tmp_path / "imports") == []


@pytest.mark.parametrize("language", ["id", "ja", "en"])
def test_it_answers_any_other_upload_on_a_full_disk_with_a_translated_page(db: None, language: str) -> None:
    request = RequestFactory().post("/ledger/entries/new/")
    full = StorageFull(OSError(errno.ENOSPC, "No space left on device"))

    with translation.override(language):
        response = StorageFullMiddleware(lambda r: None).process_exception(request, full)  # type: ignore[arg-type,return-value]
        message = str(storage.FULL_MESSAGE)

    assert response is not None
    assert response.status_code == 507
    assert message in response.content.decode()
    assert "Traceback" not in response.content.decode()


def test_it_answers_the_api_on_a_full_disk_in_json(db: None) -> None:
    request = RequestFactory().post("/api/v1/anything/")
    full = StorageFull(OSError(errno.EDQUOT, "Disk quota exceeded"))

    response = StorageFullMiddleware(lambda r: None).process_exception(request, full)  # type: ignore[arg-type,return-value]

    assert response is not None
    assert (response.status_code, response["Content-Type"]) == (507, "application/json")
    assert json.loads(response.content)["error"] == {
        "code": "storage_full",
        "message": str(storage.FULL_MESSAGE),
        "fields": {},
    }


def test_it_leaves_other_errors_to_django(db: None) -> None:
    request = RequestFactory().post("/ledger/entries/new/")
    middleware = StorageFullMiddleware(lambda r: None)  # type: ignore[arg-type,return-value]

    assert middleware.process_exception(request, OSError(errno.ENOSPC, "not from a storage")) is None
