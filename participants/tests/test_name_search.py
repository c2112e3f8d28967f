"""A name search needs three letters or digits in a row: the trigram indexes
look a name up three at a time, and a shorter text would have PostgreSQL read
every participant (3.1 s at a million) to find next to nobody."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from participants.forms import ParticipantFilterForm
from participants.models import NAME_SEARCH_TOO_SHORT, Participant, too_short_to_search
from tests.cast import Cast


@pytest.mark.parametrize("text", ["a", "ab", " ab ", "a b", "ab-cd", "__x", "%%%", "サリ", "12"])
def test_a_text_without_three_letters_in_a_row_is_too_short(text: str) -> None:
    assert too_short_to_search(text)


@pytest.mark.parametrize(
    "text", ["", "   ", "abc", "Budi", "a bcd", "サリー", "12a", "3174 0101 0190 0001", "3174010101900001"]
)
def test_three_letters_in_a_row_or_a_whole_nik_can_be_searched(text: str) -> None:
    # An empty text is no search at all, and a whole NIK has an index of its own.
    assert not too_short_to_search(text)


def test_a_text_too_short_finds_nobody_without_asking_the_database(cast: Cast) -> None:
    with CaptureQueriesContext(connection) as queries:
        assert list(Participant.objects.search("Bu")) == []
    assert len(queries) == 0
    assert list(Participant.objects.search("Bud")) == [cast.budi]


@pytest.mark.django_db
def test_the_list_filters_refuse_it_with_the_reason() -> None:
    form = ParticipantFilterForm({"q": "Bu"})
    assert not form.is_valid()
    assert form.errors["q"] == [str(NAME_SEARCH_TOO_SHORT)]
    assert form.has_error("q", code="too_short")
    assert ParticipantFilterForm({"q": "Bud"}).is_valid()
