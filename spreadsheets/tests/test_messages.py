"""Import problems read in the reader's language and format: counts grouped
their way, dates in their format, row numbers as the spreadsheet shows them."""

from __future__ import annotations

import pytest
from django.utils import translation

from lib.spreadsheet import Problem
from spreadsheets.messages import describe_file_problem, describe_row_issue


@pytest.mark.parametrize(
    ("language", "rows", "limit"),
    [("id", "250.000", "100.000"), ("en", "250,000", "100,000"), ("ja", "250,000", "100,000")],
)
def test_it_groups_counts_the_readers_way(language: str, rows: str, limit: str) -> None:
    with translation.override(language):
        text = describe_file_problem(Problem.TOO_MANY_ROWS, {"rows": 250_000, "limit": 100_000})

    assert rows in text
    assert limit in text


def test_it_writes_a_row_number_as_the_spreadsheet_shows_it() -> None:
    with translation.override("id"):
        text = describe_file_problem(Problem.TOO_FAR_DOWN, {"cell": "A123456", "row": 123_456, "limit": 100_000})
        repeated = describe_row_issue("duplicate_in_file", {"first": 12_345})

    assert "123456" in text
    assert "100.000" in text
    assert "12345" in repeated


@pytest.mark.parametrize(("language", "day"), [("id", "17 Mei 2002"), ("ja", "2002年5月17日"), ("en", "17 May 2002")])
def test_it_writes_the_niks_birth_date_in_the_readers_format(language: str, day: str) -> None:
    with translation.override(language):
        assert day in describe_row_issue("nik_birth_date", {"date": "2002-05-17"})


def test_it_keeps_a_date_stored_as_text_before_as_it_was() -> None:
    with translation.override("en"):
        assert "17-05-2002" in describe_row_issue("nik_birth_date", {"date": "17-05-2002"})
