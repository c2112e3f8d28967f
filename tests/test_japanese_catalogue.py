"""Japanese sentences take full-width punctuation (、。：（）！？), as OTIT and
JITCO write them: an ASCII comma, colon, parenthesis, exclamation or question
mark touching Japanese text in the catalogue is a mistake. ASCII stays right
inside placeholders, URLs and markup, and between two ASCII words ("N4, N5",
"TITP, SSW")."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest

CATALOGUE = Path(__file__).resolve().parents[1] / "locale" / "ja" / "LC_MESSAGES" / "django.po"

ASCII_PUNCTUATION = frozenset(",:()!?")
# Kana, kanji, CJK symbols and punctuation, full-width forms.
JAPANESE = re.compile(r"[\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
ASCII_WORD = re.compile(r"[A-Za-z0-9]")
# Stretches that are not prose: Python and brace placeholders, URLs, HTML tags.
NOT_PROSE = re.compile(r"%\([^)]*\)[sdfir]|%[sdfir]|\{[^{}]*\}|https?://\S+|<[^<>]*>")
OPAQUE = "\x00"  # stands for a stretch that is not prose: neither Japanese nor an ASCII word


def ascii_punctuation_in_japanese(text: str) -> list[str]:
    """Each ASCII punctuation mark next to Japanese text, shown in its context."""
    if not JAPANESE.search(NOT_PROSE.sub("", text)):
        return []
    prose = NOT_PROSE.sub(OPAQUE, text)
    found = []
    for at, mark in enumerate(prose):
        if mark not in ASCII_PUNCTUATION:
            continue
        before, after = prose[:at].rstrip()[-1:], prose[at + 1 :].lstrip()[:1]
        if ASCII_WORD.fullmatch(before) and ASCII_WORD.fullmatch(after):
            continue
        if JAPANESE.fullmatch(before) or JAPANESE.fullmatch(after):
            found.append(prose[max(0, at - 8) : at + 9].replace(OPAQUE, "…"))
    return found


def japanese_offenders(catalogue: polib.POFile) -> dict[str, list[str]]:
    """msgid (with its context) -> the marks found in its translations."""
    offenders = {}
    for entry in catalogue.translated_entries():
        if entry.obsolete or entry.fuzzy:
            continue
        translations = [entry.msgstr, *entry.msgstr_plural.values()]
        found = [mark for text in translations for mark in ascii_punctuation_in_japanese(text)]
        if found:
            key = f"{entry.msgctxt}|{entry.msgid}" if entry.msgctxt else entry.msgid
            offenders[key] = found
    return offenders


@pytest.mark.parametrize(
    "text",
    [
        "保存しました!",
        "よろしいですか?",
        "はい, いいえ",
        "名前: %(name)s",
        "技能実習(TITP)",
        "%(name)s(%(kind)s)の一覧",
        "N4以上(JFT-Basic A2)",
        "%(label)s: 未提出",
    ],
)
def test_it_finds_ascii_punctuation_touching_japanese(text: str) -> None:
    assert ascii_punctuation_in_japanese(text)


@pytest.mark.parametrize(
    "text",
    [
        "名前：%(name)s",
        "技能実習（TITP）、特定技能",
        "JLPT N4, N5 に対応",
        "TITP, SSW の求人",
        "%(count)s件の候補者",
        "%(name)s: %(value)s",
        "詳しくは https://example.org/a?b=c,d をご覧ください",
        '<a href="mailto:info@example.org">連絡先</a>',
        "{name}さん",
        "Only English: fine (really)!",
    ],
)
def test_it_leaves_full_width_marks_placeholders_urls_and_ascii_phrases(text: str) -> None:
    assert ascii_punctuation_in_japanese(text) == []


def test_it_reads_plural_forms_and_skips_fuzzy_entries(tmp_path: Path) -> None:
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "%(n)s row"\nmsgid_plural "%(n)s rows"\nmsgstr[0] "%(n)s行(確認済み)"\n\n'
        '#, fuzzy\nmsgid "Draft"\nmsgstr "下書き!"\n\n'
        'msgctxt "verb"\nmsgid "Open"\nmsgstr "開く"\n',
        encoding="utf-8",
    )

    assert list(japanese_offenders(polib.pofile(str(po)))) == ["%(n)s row"]


def test_the_japanese_catalogue_uses_full_width_punctuation_in_sentences() -> None:
    offenders = japanese_offenders(polib.pofile(str(CATALOGUE)))

    assert not offenders, "\n".join(f"{msgid!r}: {marks}" for msgid, marks in sorted(offenders.items()))
