from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from lib.seek import seek_page
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


@pytest.mark.parametrize("ordering", [("full_name", "id"), ("-registered_at", "-id"), ("status", "id")])
def test_it_walks_every_row_once_forwards_and_back(many: list[int], ordering: tuple[str, str]) -> None:
    queryset = Participant.objects.all()
    expected = list(queryset.order_by(*ordering).values_list("pk", flat=True))
    seen: list[int] = []
    pages = []
    cursor = None
    while True:
        page = seek_page(queryset, ordering=ordering, after=cursor, size=4)
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
        page = seek_page(queryset, ordering=ordering, before=page.previous_cursor, size=4)
        back = [row.pk for row in page.rows] + back
    assert back == expected


def test_it_treats_a_garbled_cursor_as_the_first_page(many: list[int]) -> None:
    first = seek_page(Participant.objects.all(), ordering=("full_name", "id"), size=3)
    garbled = seek_page(Participant.objects.all(), ordering=("full_name", "id"), after="not-a-cursor!", size=3)
    assert [r.pk for r in garbled.rows] == [r.pk for r in first.rows]
    assert first.previous_cursor is None
