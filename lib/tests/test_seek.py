from __future__ import annotations

import base64
import datetime
import json
import re
import time

import pytest
import redis
from django.core.cache import cache
from django.db import connection
from django.db.models import QuerySet
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lib import seek
from lib.query import BadQuery
from lib.seek import Count, count_up_to, seek_page
from participants.models import Participant
from tests.cast import Cast, details
from tests.nik import make_nik


@pytest.fixture
def many(cast: Cast) -> list[int]:
    """25 more participants, some sharing a name, registered at shared times."""
    start = timezone.now()
    rows = []
    for i in range(25):
        birth = datetime.date(2000, 1, 1) + datetime.timedelta(days=i)
        data = details(cast, full_name=f"Name {i % 4}", nik=make_nik(birth, serial=100 + i), birth_date=birth)
        rows.append(Participant(**data.__dict__, registered_at=start + datetime.timedelta(minutes=i // 3)))
    Participant.objects.bulk_create(rows)
    return list(Participant.objects.values_list("pk", flat=True))


@pytest.mark.parametrize("keys_first", [True, False])
@pytest.mark.parametrize("ordering", [("full_name", "id"), ("-registered_at", "-id"), ("status", "id")])
def test_it_walks_every_row_once_forwards_and_back(
    many: list[int], ordering: tuple[str, str], keys_first: bool
) -> None:
    queryset = Participant.objects.all()
    expected = list(queryset.order_by(*ordering).values_list("pk", flat=True))
    seen: list[int] = []
    pages = []
    cursor = None
    while True:
        page = seek_page(queryset, ordering=ordering, after=cursor, size=4, keys_first=keys_first)
        pages.append(page)
        seen += [row.pk for row in page.rows]
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert seen == expected
    # And back from the last page to the first, one page at a time.
    back: list[int] = []
    page = pages[-1]
    back = [row.pk for row in page.rows]
    while page.previous_cursor:
        page = seek_page(queryset, ordering=ordering, before=page.previous_cursor, size=4, keys_first=keys_first)
        back = [row.pk for row in page.rows] + back
    assert back == expected


def _cursor(value: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode()


@pytest.mark.parametrize(
    "cursor",
    [
        "not-a-cursor!",  # not base64 of JSON
        _cursor({"a": 1}),  # JSON, not a list
        _cursor(["2026-01-01T00:00:00+07:00"]),  # too few values for the order
        _cursor(["yesterday", 5]),  # not a time
        _cursor(["2026-01-01T00:00:00", 5]),  # a time without its offset
        _cursor(["2026-02-30T00:00:00+07:00", 5]),  # no such day
        _cursor(["2026-01-01T00:00:00+07:00", 10**30]),  # an id no database column holds
        _cursor(["2026-01-01T00:00:00+07:00", "five"]),
        _cursor(["2026-01-01T00:00:00+07:00", [5]]),
        _cursor([None, 5]),
        _cursor(["2026-01-01T00:00:00+07:00", float("inf")]),
        base64.urlsafe_b64encode(b"[" * 5000).decode(),  # deeper than the JSON reader goes
    ],
)
def test_it_refuses_a_cursor_it_did_not_write(many: list[int], cursor: str) -> None:
    with pytest.raises(BadQuery) as refused:
        seek_page(Participant.objects.all(), ordering=("-registered_at", "-id"), after=cursor, size=3)
    assert refused.value.name == "after"


def test_it_refuses_text_with_nul_in_a_cursor(many: list[int]) -> None:
    with pytest.raises(BadQuery):
        seek_page(Participant.objects.all(), ordering=("full_name", "id"), before=_cursor(["a\x00b", 1]), size=3)


def test_it_continues_after_any_cursor_whose_values_fit_the_order(many: list[int]) -> None:
    # Not refused: a text and an id are a place in the name order, wherever the cursor came from.
    page = seek_page(Participant.objects.all(), ordering=("full_name", "id"), after=_cursor(["Name 2", 0]), size=50)
    assert {row.full_name for row in page.rows} <= {"Name 2", "Name 3", "Siti Aminah"}


@pytest.mark.parametrize(
    ("limit", "expected"), [(100, Count(27, False)), (27, Count(27, False)), (26, Count(26, True)), (1, Count(1, True))]
)
def test_it_counts_exactly_up_to_the_limit_and_no_further(many: list[int], limit: int, expected: Count) -> None:
    assert len(many) == 27
    assert count_up_to(Participant.objects.all(), limit) == expected


def test_it_counts_what_the_filter_leaves(many: list[int]) -> None:
    assert count_up_to(Participant.objects.filter(full_name="Name 1"), 3) == Count(3, True)
    assert count_up_to(Participant.objects.filter(full_name="Name 1"), 10) == Count(6, False)


def counted(queryset: QuerySet[Participant], limit: int) -> tuple[Count, int]:
    """The count kept past its limit, and how many queries it took."""
    with CaptureQueriesContext(connection) as queries:
        count = count_up_to(queryset, limit, keep_more=True)
    return count, len(queries.captured_queries)


def test_a_count_past_its_limit_is_kept_a_while_then_counted_again(
    many: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert counted(Participant.objects.all(), 10) == (Count(10, True), 1)
    assert counted(Participant.objects.all(), 10) == (Count(10, True), 0)

    pass_time(monkeypatch, seek.MORE_KEPT_SECONDS)
    assert counted(Participant.objects.all(), 10) == (Count(10, True), 1)


def pass_time(monkeypatch: pytest.MonkeyPatch, seconds: float) -> None:
    """Both clocks: the process's own (monotonic) and the one it shares (time)."""
    monotonic_later, wall_later = time.monotonic() + seconds, time.time() + seconds
    monkeypatch.setattr(time, "monotonic", lambda: monotonic_later)
    monkeypatch.setattr(time, "time", lambda: wall_later)


def in_another_process() -> None:
    seek._past_limit.clear()


def test_a_count_past_its_limit_found_by_another_process_is_not_counted_again(many: list[int]) -> None:
    assert counted(Participant.objects.all(), 10) == (Count(10, True), 1)
    in_another_process()
    assert counted(Participant.objects.all(), 10) == (Count(10, True), 0)


def test_what_another_process_found_is_kept_for_what_is_left_of_its_time(
    many: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    counted(Participant.objects.all(), 10)
    pass_time(monkeypatch, seek.MORE_KEPT_SECONDS - 5)
    in_another_process()
    assert counted(Participant.objects.all(), 10) == (Count(10, True), 0)

    pass_time(monkeypatch, seek.MORE_KEPT_SECONDS)  # 5 s more than it was kept for
    assert counted(Participant.objects.all(), 10) == (Count(10, True), 1)


def test_with_the_cache_down_each_process_counts_for_itself(many: list[int], monkeypatch: pytest.MonkeyPatch) -> None:
    def down(*_args: object, **_kwargs: object) -> None:
        raise redis.ConnectionError("Connection refused")

    monkeypatch.setattr(cache, "get", down)
    monkeypatch.setattr(cache, "set", down)
    assert counted(Participant.objects.all(), 10) == (Count(10, True), 1)
    assert counted(Participant.objects.all(), 10) == (Count(10, True), 0)
    in_another_process()
    assert counted(Participant.objects.all(), 10) == (Count(10, True), 1)


def test_a_count_under_its_limit_is_always_counted_afresh(many: list[int]) -> None:
    assert counted(Participant.objects.filter(full_name="Name 1"), 10) == (Count(6, False), 1)
    Participant.objects.filter(pk=many[-1]).update(full_name="Name 1")
    assert counted(Participant.objects.filter(full_name="Name 1"), 10) == (Count(7, False), 1)


def test_what_is_kept_is_by_query_and_limit(many: list[int]) -> None:
    counted(Participant.objects.all(), 10)
    assert counted(Participant.objects.all(), 100) == (Count(27, False), 1)
    assert counted(Participant.objects.filter(full_name="Name 1"), 10) == (Count(6, False), 1)
    assert counted(Participant.objects.filter(full_name="Name 1"), 3) == (Count(3, True), 1)
    assert counted(Participant.objects.filter(full_name="Name 2"), 3) == (Count(3, True), 1)


def test_without_keep_more_every_count_is_read(many: list[int]) -> None:
    counted(Participant.objects.all(), 10)
    with CaptureQueriesContext(connection) as queries:
        assert count_up_to(Participant.objects.all(), 10) == Count(10, True)
    assert len(queries.captured_queries) == 1


def test_a_search_word_is_not_kept_in_memory_nor_in_the_cache(many: list[int]) -> None:
    counted(Participant.objects.filter(full_name__icontains="Name"), 3)
    assert seek._past_limit
    assert all(re.fullmatch("[0-9a-f]{64}", key) for key in seek._past_limit)  # digests only
    assert all(cache.get(f"seek:past-limit:{key}") for key in seek._past_limit)


def test_the_memory_is_bounded(many: list[int], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(seek, "MORE_KEPT_QUERIES", 3)
    for limit in range(1, 8):
        counted(Participant.objects.all(), limit)
        assert len(seek._past_limit) <= 3


def test_a_filter_that_matches_nothing_counts_nothing(many: list[int]) -> None:
    assert counted(Participant.objects.filter(pk__in=[]), 10) == (Count(0, False), 0)


@pytest.mark.parametrize("keys_first", [True, False])
def test_a_page_is_read_by_one_query_or_by_its_keys_then_rows(many: list[int], keys_first: bool) -> None:
    with CaptureQueriesContext(connection) as queries:
        page = seek_page(Participant.objects.all(), ordering=("-registered_at", "-id"), size=4, keys_first=keys_first)
    assert len(page.rows) == 4
    assert len(queries.captured_queries) == (2 if keys_first else 1)
