"""The short lists that filter forms offer (provinces, organizations of a
kind), kept in each process's memory for a short while.

Every list page offers them as choices: at a million participants, the
participant list's three lists took three queries and about a ninth of the
page's time. Their records change a few times a year, so each process keeps
the choices (value and label, in each language) for ``FRESH_FOR_SECONDS``.
A save or a delete in the process drops its model's lists at once, and again
once the change is committed (another request may have read them in between);
the other processes read the change when their lists expire. The project's
cache (Redis) was tried first: its round trip took 0.3 ms of the 0.6–0.9 ms
that a list's query took.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save
from django.utils.translation import get_language

FRESH_FOR_SECONDS = 30

Choice = tuple[Any, str]
# By model, then by query and language: when read (time.monotonic()) and the choices.
_kept: dict[str, dict[tuple[str, str], tuple[float, list[Choice]]]] = {}
_lock = threading.Lock()


def choices(
    queryset: models.QuerySet[Any],
    value: Callable[[Any], Any],
    label: Callable[[Any], str],
    *,
    kept_as: str | None = None,
) -> list[Choice]:
    """``(value(record), label(record))`` for each record of ``queryset``, in
    its order: kept from an earlier read when fresh, else read by one plain query.

    A list is kept under its query's SQL, or under ``kept_as`` when the caller
    names it: writing the SQL out took 0.2–0.4 ms a list, and the participant
    list offers four on every page. A name must stand for one query only."""
    if queryset.query.is_empty():
        return []
    try:
        part = (kept_as or str(queryset.query), get_language() or "")
    except EmptyResultSet:  # a filter that can match nothing (pk__in=[])
        return []
    model = queryset.model._meta.label
    now = time.monotonic()
    read_at, kept = _kept.get(model, {}).get(part, (0.0, None))
    if kept is not None and now - read_at < FRESH_FOR_SECONDS:
        return kept
    kept = [(value(record), label(record)) for record in queryset]
    with _lock:
        _kept.setdefault(model, {})[part] = (now, kept)
    return kept


def has_any(queryset: models.QuerySet[Any], kept_as: str | None = None) -> bool:
    """Whether ``queryset`` holds a record, kept like the choices (the menu
    asks on every page whether there is a training centre to register under)."""
    watch(queryset.model)
    first = queryset.values_list("pk", flat=True)[:1]
    return bool(choices(first, value=lambda key: key, label=lambda _key: "", kept_as=kept_as and f"any {kept_as}"))


def watch(model: type[models.Model]) -> None:
    """Forget ``model``'s lists whenever one of its records is saved or deleted."""
    uid = f"short-lists:{model._meta.label}"
    post_save.connect(_forget, sender=model, weak=False, dispatch_uid=uid)
    post_delete.connect(_forget, sender=model, weak=False, dispatch_uid=uid)


def forget_all() -> None:
    """Forget every list: for tests, whose database is rolled back without a signal."""
    with _lock:
        _kept.clear()


def _forget(sender: type[models.Model], **_: Any) -> None:
    model = sender._meta.label

    def forget() -> None:
        with _lock:
            _kept.pop(model, None)

    forget()
    transaction.on_commit(forget)
