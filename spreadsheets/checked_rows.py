"""The valid rows of a participant import as the preview checked them, kept
next to the uploaded file until the job ends.

Checking the rows (NIK, dates, names, katakana, codes) is most of what an
import costs; the commit reads these instead of checking the file a second
time, and checks again only what the database decides
(``participant_rows.Recheck``). The file holds NIKs and addresses, like the
upload: it lives in the same private storage and goes when the upload goes.

JSON lines: a header (format and the file's columns), then one line per
thousand rows, each row a ``StoredRow`` as a JSON array.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import tempfile
from collections.abc import Iterator, Sequence
from typing import IO

from django.core.files import File

from spreadsheets.models import ImportJob
from spreadsheets.participant_rows import StoredRow

FORMAT = 1
ROWS_PER_LINE = 1000


class Writer:
    """Collects the rows during validation in a temporary file, then saves them for the job."""

    def __init__(self, *, fields: Sequence[str]) -> None:
        self._file: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 - closed on leaving the with block
        self._pending: list[StoredRow] = []
        self._write({"format": FORMAT, "fields": list(fields)})

    def __enter__(self) -> Writer:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._file.close()

    def add(self, row: StoredRow) -> None:
        self._pending.append(row)
        if len(self._pending) >= ROWS_PER_LINE:
            self._flush()

    def save(self, job: ImportJob) -> None:
        self._flush()
        self._file.seek(0)
        storage, name = job.file.storage, job.checked_rows_name
        storage.delete(name)  # left by an earlier attempt at validating this job
        saved = storage.save(name, File(self._file))
        if saved != name:
            raise RuntimeError(f"checked rows saved as {saved}, not {name}")

    def _flush(self) -> None:
        if self._pending:
            self._write(self._pending)
            self._pending = []

    def _write(self, value: object) -> None:
        self._file.write(json.dumps(value, ensure_ascii=False).encode())
        self._file.write(b"\n")


@dataclasses.dataclass(frozen=True)
class Kept:
    fields: list[str]  # the columns the file has: an update changes only these
    rows: Iterator[StoredRow]


@contextlib.contextmanager
def kept(job: ImportJob) -> Iterator[Kept | None]:
    """The job's kept rows, read lazily; None if there are none (a job
    previewed before rows were kept, or one that is not about participants)."""
    storage, name = job.file.storage, job.checked_rows_name
    if not job.file.name or not storage.exists(name):
        yield None
        return
    with storage.open(name, "rb") as stream:
        header = json.loads(stream.readline())
        if header.get("format") != FORMAT:
            yield None
            return
        yield Kept(fields=header["fields"], rows=_rows(stream))


def _rows(stream: IO[bytes]) -> Iterator[StoredRow]:
    # readline, not iteration: a Django File iterates from its start again.
    while line := stream.readline():
        for values in json.loads(line):
            yield StoredRow._make(values)


def delete(job: ImportJob) -> None:
    if job.file.name:
        job.file.storage.delete(job.checked_rows_name)
