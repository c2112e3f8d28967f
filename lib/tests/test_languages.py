from __future__ import annotations

import pytest
from django.utils import translation

from lib.languages import listed, page_language, writes_japanese


@pytest.mark.parametrize(
    "text",
    [
        "仙台市",
        "さいたま市",
        "ヶ",
        "佐々木",
        "ｾﾝﾀﾞｲ",
        "AP2LN（インドネシア送出し機関協会）",
        "みちのく技能交流協同組合",
        "Sendai 仙台",
    ],
)
def test_it_sees_kana_and_kanji(text: str) -> None:
    assert writes_japanese(text)


@pytest.mark.parametrize("text", ["", "Sendai", "Sendai-shi", "Higashi-Ōsaka", "LPK Karya Nusantara", "（）", "１２３"])
def test_latin_letters_digits_and_punctuation_are_not_japanese(text: str) -> None:
    assert not writes_japanese(text)


@pytest.mark.parametrize(
    ("active", "expected"), [("id", "id"), ("ja", "ja"), ("en", "en"), ("en-us", "en"), ("ja-JP", "ja"), ("fr", "en")]
)
def test_it_names_the_page_language(active: str, expected: str) -> None:
    with translation.override(active):
        assert page_language() == expected
    assert page_language(active) == expected


def test_it_reads_english_with_no_language_active() -> None:
    with translation.override(None):
        assert page_language() == "en"


@pytest.mark.parametrize(("language", "expected"), [("id", "a, b, c"), ("en", "a, b, c"), ("ja", "a、b、c")])
def test_it_lists_items_the_way_the_language_writes_a_list(language: str, expected: str) -> None:
    with translation.override(language):
        assert listed(["a", "b", "c"]) == expected
