"""The markup check of tests/test_numbers_in_pages.py finds what it is for,
and leaves grouped numbers alone where people read them."""

from __future__ import annotations

import pytest
from django.utils import translation

from tests.markup import problems


@pytest.mark.parametrize(
    "html",
    [
        '<a href="/audit/?type=participants.participant&amp;id=12.345">',
        '<a href="?page=1,234">',
        '<input type="hidden" name="version" value="1.002">',
        '<input type="checkbox" name="participants" value="12,345">',
        '<input type="checkbox" id="pick-12.345">',
        '<label for="pick-12\u00a0345">',
        '<section id="flag-12.345">',
        '<div hx-get="/matching/plans/12,345/">',
        '<tr data-row="1.234">',
        '<button name="language" value="1.000">',
    ],
)
def test_it_finds_a_grouped_number_where_a_machine_reads_it(html: str) -> None:
    assert problems(html)


@pytest.mark.parametrize(
    "html",
    [
        '<meter min="0" max="100" value="50,5">',
        '<progress max="100" value="0,5">',
        '<input type="number" name="hours" value="1,5">',
        '<input type="number" step="0,5">',
    ],
)
def test_it_finds_a_decimal_comma_in_a_number_a_browser_reads(html: str) -> None:
    assert problems(html)


@pytest.mark.parametrize(
    ("language", "html"),
    [
        ("id", "<p>Lahir 5 Desember 2.026</p>"),
        ("id", "<td>5 Des 2.026</td>"),
        ("en", "<p>from 1 April 2,027</p>"),
        ("ja", "<p>2,026年12月2日</p>"),
        ("en", "<p>2,026-12-02</p>"),
        ("en", "<p>Job orders · #12,345</p>"),
        ("id", "<p>Planning run #12.345</p>"),
    ],
)
def test_it_finds_a_year_or_an_id_with_a_separator_in_the_text(language: str, html: str) -> None:
    with translation.override(language):
        assert problems(html)


@pytest.mark.parametrize(
    "html",
    [
        "<p>2.000 peserta · ¥192.000 · Rp\u00a010.512.000 · 5 Desember 2026 · #12345</p>",
        '<input type="text" name="monthly_wage" value="185.000">',
        '<input name="q" value="1.234">',
        '<span title="1.234 peserta" aria-label="1.234 peserta">',
        '<meter min="0" max="100" value="50">',
        '<a href="/participants/12345/?page=2">',
        '<time datetime="2026-12-05T10:00:00+07:00">',
        "<script>var x = '1.234';</script>",
        '<input type="number" step="0.5" value="7.5">',
    ],
)
def test_it_leaves_numbers_alone_where_people_read_them_or_machines_read_them_plain(html: str) -> None:
    with translation.override("id"):
        assert problems(html) == []
