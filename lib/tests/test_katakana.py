from __future__ import annotations

import pytest

from lib.katakana import suggest_katakana


@pytest.mark.parametrize(
    ("name", "katakana"),
    [
        ("Budi Santoso", "ブディ・サントソ"),
        ("Siti Nurhaliza", "シティ・ヌルハリザ"),
        ("Bambang Wijaya", "バンバン・ウィジャヤ"),
        ("Muhammad Fajar", "ムハンマド・ファジャル"),
        ("Dewi Lestari", "デウィ・レスタリ"),
        ("Rizky Pratama", "リズキ・プラタマ"),
        ("Nyoman", "ニョマン"),
        ("Joko Susilo", "ジョコ・スシロ"),
        ("Abdullah", "アブドゥッラー"),
        ("Ilham Ramadhan", "イルハム・ラマダン"),
    ],
)
def test_it_reads_indonesian_spelling(name: str, katakana: str) -> None:
    assert suggest_katakana(name) == katakana


def test_it_reads_old_spellings_like_new_ones() -> None:
    assert suggest_katakana("Soekarno") == suggest_katakana("Sukarno") == "スカルノ"
    assert suggest_katakana("Djoko") == suggest_katakana("Joko")


def test_it_ignores_punctuation_and_case() -> None:
    assert suggest_katakana("  BUDI  santoso, ") == "ブディ・サントソ"
    assert suggest_katakana("Ma'ruf") == "マルフ"
    assert suggest_katakana("") == ""
