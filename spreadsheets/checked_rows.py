"""The valid rows of a participant import as the preview checked them, kept
next to the uploaded file until the job ends.

Checking the rows (NIK, dates, names, katakana, codes) is most of what an
import costs; the commit reads these instead of checking the file a second
time, and checks again only what the database decides
(``participant_rows.Recheck``). The file holds NIKs and addresses, like the
upload: it lives in the same private storage and goes when the upload goes.

Pickle: a header (format and the file's columns), then one pickled list per
thousand rows, each row a ``StoredRow`` as a plain tuple. Pickle rather than
JSON lines: writing and reading back a hundred thousand rows took 0.4 s as
JSON, half that pickled. Unpickling runs code named by the stream, so it must
only read what this server wrote: the file never leaves the private import
storage, which nothing but this code writes, and even so it is read by an
unpickler that refuses every class and function (``_PlainValues``), so a file
that did not come from ``Writer`` cannot make it run anything.
"""

from __future__ import annotations

import contextlib
import dataclasses
import pickle
import tempfile
from collections.abc import Iterator, Sequence
from typing import IO, Any

from django.core.files import File

from spreadsheets.models import ImportJob
from spreadsheets.participant_rows import StoredRow

FORMAT = 2  # 1 was JSON lines, kept under another name (_legacy_name)
ROWS_PER_CHUNK = 1000


class Writer:
    """Collects the rows during validation in a temporary file, then saves them for the job."""

    def __init__(self, *, fields: Sequence[str]) -> None:
        self._file: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 - closed on leaving the with block
        self._pending: list[tuple[Any, ...]] = []
        self._write({"format": FORMAT, "fields": list(fields)})

    def __enter__(self) -> Writer:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._file.close()

    def add(self, row: StoredRow) -> None:
        # A plain tuple: the reader accepts no classes, not even StoredRow.
        self._pending.append(tuple(row))
        if len(self._pending) >= ROWS_PER_CHUNK:
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
        pickle.dump(value, self._file, protocol=pickle.HIGHEST_PROTOCOL)


class _PlainValues(pickle.Unpickler):
    """Reads lists, tuples, dicts, text, numbers and None, nothing else: the
    only way a pickle runs code is through a class or function it names."""

    def find_class(self, module_name: str, global_name: str, /) -> Any:
        raise pickle.UnpicklingError(f"checked rows name {module_name}.{global_name}: not written by Writer")


@dataclasses.dataclass(frozen=True)
class Kept:
    fields: list[str]  # the columns the file has: an update changes only these
    rows: Iterator[StoredRow]


@contextlib.contextmanager
def kept(job: ImportJob) -> Iterator[Kept | None]:
    """The job's kept rows, read lazily; None if there are none (a job
    previewed before rows were kept in this format, or one that is not about
    participants): the commit then checks the upload again."""
    storage, name = job.file.storage, job.checked_rows_name
    if not job.file.name or not storage.exists(name):
        yield None
        return
    with storage.open(name, "rb") as stream:
        header = _PlainValues(stream).load()
        if not isinstance(header, dict) or header.get("format") != FORMAT:
            yield None
            return
        yield Kept(fields=list(header["fields"]), rows=_rows(stream))


def _rows(stream: IO[bytes]) -> Iterator[StoredRow]:
    make = StoredRow._make
    while True:
        # An unpickler per chunk, as each was pickled on its own: the numbers
        # by which a pickle refers back to values it has already written start
        # again in each.
        try:
            chunk = _PlainValues(stream).load()
        except EOFError:
            return
        yield from map(make, chunk)


def delete(job: ImportJob) -> None:
    if job.file.name:
        job.file.storage.delete(job.checked_rows_name)
        job.file.storage.delete(_legacy_name(job))


def _legacy_name(job: ImportJob) -> str:
    """Where format 1 (JSON lines) kept the rows: a job previewed before the
    format changed has its rows there, read by nobody but still to be deleted."""
    return f"{job.file.name}.checked.jsonl"
