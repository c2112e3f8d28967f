"""The short lists that filter forms offer (provinces, organizations of a
kind), kept in the project's cache.

Every list page offers them as choices: at a million participants, the
participant list's three lists took three queries and about a ninth of the
page's time. Their records change a few times a year, so the choices (value
and label, in each language) are kept in the cache: Redis in production,
shared by every process. One entry per model holds each of its lists by query
and language, and it is dropped when a record of that model is saved or
deleted, and again once that change is committed (another request may have
read the records in between). A change that sends no signal (a queryset's
``update()``) shows after ``FRESH_FOR_SECONDS`` at the latest.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save
from django.utils.translation import get_language

FRESH_FOR_SECONDS = 5 * 60
# Part of every key: a release that changes what an entry holds does not read the old ones.
_FORMAT = 1

Choice = tuple[Any, str]


def choices(queryset: models.QuerySet[Any], value: Callable[[Any], Any], label: Callable[[Any], str]) -> list[Choice]:
    """``(value(record), label(record))`` for each record of ``queryset``, in
    its order, from the cache when there; read by one plain query otherwise."""
    if queryset.query.is_empty():
        return []
    model = queryset.model
    key = _key(model)
    try:
        part = f"{get_language()}:{hashlib.sha256(str(queryset.query).encode()).hexdigest()}"
    except EmptyResultSet:  # a filter that can match nothing (pk__in=[])
        return []
    entry: dict[str, list[Choice]] = cache.get(key) or {}
    if part not in entry:
        entry = {**entry, part: [(value(record), label(record)) for record in queryset]}
        cache.set(key, entry, FRESH_FOR_SECONDS)
    return entry[part]


def watch(model: type[models.Model]) -> None:
    """Forget ``model``'s lists whenever one of its records is saved or deleted."""
    uid = f"short-lists:{model._meta.label}"
    post_save.connect(_forget, sender=model, weak=False, dispatch_uid=uid)
    post_delete.connect(_forget, sender=model, weak=False, dispatch_uid=uid)


def _forget(sender: type[models.Model], **_: Any) -> None:
    key = _key(sender)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


def _key(model: type[models.Model]) -> str:
    return f"short-lists:{_FORMAT}:{model._meta.label}"
