"""``itertools.batched`` arrived in Python 3.12; we run on 3.11."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")


def batched(items: Iterable[T], size: int) -> Iterator[tuple[T, ...]]:
    """``batched("abcde", 2)`` → ``("a", "b"), ("c", "d"), ("e",)``."""
    if size < 1:
        raise ValueError("size must be at least 1")
    iterator = iter(items)
    while batch := tuple(itertools.islice(iterator, size)):
        yield batch
