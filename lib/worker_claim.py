"""Which worker holds a piece of background work, told by its database session.

Celery acknowledges a task once it has finished (CELERY_TASK_ACKS_LATE), so a
task whose worker was killed is delivered again; one that runs longer than
CELERY_TASK_REDELIVER_AFTER_SECONDS is delivered again while its first worker
is still at it. A delivery that finds the work started must tell the two apart:
take it over from a dead worker, leave it to a live one.

On PostgreSQL the worker holds a session advisory lock for as long as it works.
The server lets go of it the moment the worker's connection ends, however the
worker ends (SIGKILL, out of memory, a lost machine), so "the lock is free"
means exactly "nobody is working on it". The embedded default (SQLite) runs
tasks in the process that queued them, one at a time: nobody else can hold it.
"""

from __future__ import annotations

import contextlib
import zlib
from collections.abc import Iterator

from django.db import DatabaseError, connection


def _key(kind: str) -> int:
    # The lock's first number names the kind of work, stable across processes
    # (Python's hash() is salted per process); signed 32 bits as PostgreSQL wants.
    return zlib.crc32(kind.encode()) - 2**31


@contextlib.contextmanager
def claim(kind: str, pk: int) -> Iterator[bool]:
    """Hold the work ``kind`` on row ``pk`` for the ``with`` block: yields True
    when this process has it, False when a live worker holds it."""
    if connection.vendor != "postgresql":
        yield True
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [_key(kind), pk])
        held = bool(cursor.fetchone()[0])
    try:
        yield held
    finally:
        if held:
            _release(kind, pk)


def _release(kind: str, pk: int) -> None:
    # A connection that broke mid-task has released the lock with it.
    with contextlib.suppress(DatabaseError), connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [_key(kind), pk])
