from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.http import QueryDict

from lib.query import BIGINT_MAX, BadQuery, query_id, query_ids, query_int, query_text, whole_number


@pytest.mark.parametrize(("raw", "expected"), [("", None), ("  ", None), ("7", 7), (" 42 ", 42), ("-3", -3)])
def test_it_reads_a_whole_number_or_nothing(raw: str, expected: int | None) -> None:
    assert query_int(QueryDict(f"n={raw}"), "n") == expected
    assert query_int(QueryDict(""), "n") is None


@pytest.mark.parametrize("raw", ["abc", "1.5", "1e30", "²", "２", "--1", "0x10", "9" * 20, "9" * 5000, "1 2"])
def test_it_refuses_what_is_not_a_whole_number(raw: str) -> None:
    with pytest.raises(BadQuery) as refused:
        query_int(QueryDict(urlencode({"n": raw})), "n")
    assert refused.value.name == "n"


def test_it_refuses_numbers_outside_the_range() -> None:
    assert query_int(QueryDict(f"n={BIGINT_MAX}"), "n") == BIGINT_MAX
    with pytest.raises(BadQuery):
        query_int(QueryDict(f"n={BIGINT_MAX + 1}"), "n")
    with pytest.raises(BadQuery):
        query_int(QueryDict("n=4"), "n", minimum=1, maximum=3)


@pytest.mark.parametrize("raw", ["0", "-1", str(BIGINT_MAX + 1)])
def test_it_takes_only_positive_ids(raw: str) -> None:
    with pytest.raises(BadQuery):
        query_id(QueryDict(f"id={raw}"), "id")


def test_it_reads_repeated_ids_once_each_in_order() -> None:
    assert query_ids(QueryDict("p=3&p=&p=7&p=3"), "p") == [3, 7]
    with pytest.raises(BadQuery):
        query_ids(QueryDict(f"p=3&p={10**30}"), "p")


def test_it_reads_text_without_nul_and_within_its_length() -> None:
    assert query_text(QueryDict("q=+Budi+"), "q") == "Budi"
    with pytest.raises(BadQuery):
        query_text(QueryDict("q=a%00b"), "q")
    with pytest.raises(BadQuery):
        query_text(QueryDict("q=" + "x" * 201), "q")


@pytest.mark.parametrize(
    ("raw", "expected"), [("12", 12), (" -3 ", -3), (7, 7), ("²", None), ("1.0", None), ("9" * 19, None), ("", None)]
)
def test_it_reads_a_whole_number_a_column_can_hold(raw: object, expected: int | None) -> None:
    assert whole_number(raw) == expected
