"""Suggest a katakana spelling for a name written in Indonesian orthography.

Japanese partners need names in katakana (residence cards, contracts), and
no library transliterates *Indonesian* spelling: romaji converters read
"c" as /k/ and "j" as Hepburn. The result is only a suggestion that staff
can always edit.
"""

from __future__ import annotations

import functools
import re

VOWELS = "aiueo"

# consonant onset -> katakana for the vowels a, i, u, e, o
_SYLLABLES: dict[str, tuple[str, str, str, str, str]] = {
    "": ("ア", "イ", "ウ", "エ", "オ"),
    "k": ("カ", "キ", "ク", "ケ", "コ"),
    "g": ("ガ", "ギ", "グ", "ゲ", "ゴ"),
    "s": ("サ", "シ", "ス", "セ", "ソ"),
    "z": ("ザ", "ジ", "ズ", "ゼ", "ゾ"),
    "t": ("タ", "ティ", "トゥ", "テ", "ト"),
    "d": ("ダ", "ディ", "ドゥ", "デ", "ド"),
    "n": ("ナ", "ニ", "ヌ", "ネ", "ノ"),
    "h": ("ハ", "ヒ", "フ", "ヘ", "ホ"),
    "kh": ("ハ", "ヒ", "フ", "ヘ", "ホ"),
    "f": ("ファ", "フィ", "フ", "フェ", "フォ"),
    "v": ("ファ", "フィ", "フ", "フェ", "フォ"),
    "b": ("バ", "ビ", "ブ", "ベ", "ボ"),
    "p": ("パ", "ピ", "プ", "ペ", "ポ"),
    "m": ("マ", "ミ", "ム", "メ", "モ"),
    "y": ("ヤ", "イ", "ユ", "イェ", "ヨ"),
    "r": ("ラ", "リ", "ル", "レ", "ロ"),
    "l": ("ラ", "リ", "ル", "レ", "ロ"),
    "w": ("ワ", "ウィ", "ウ", "ウェ", "ウォ"),
    "c": ("チャ", "チ", "チュ", "チェ", "チョ"),
    "j": ("ジャ", "ジ", "ジュ", "ジェ", "ジョ"),
    "ny": ("ニャ", "ニ", "ニュ", "ニェ", "ニョ"),
    "sy": ("シャ", "シ", "シュ", "シェ", "ショ"),
    "ng": ("ンガ", "ンギ", "ング", "ンゲ", "ンゴ"),
}

# A consonant that closes a syllable (no vowel follows).
_CODAS = {
    "n": "ン",
    "ng": "ン",
    "m": "ム",
    "t": "ト",
    "d": "ド",
    "k": "ク",
    "r": "ル",
    "l": "ル",
}
_CODA_FALLBACK_VOWEL = "u"

# Old (pre-1972) spellings still common in names: Soekarno, Djoko, Tjahjo.
_OLD_SPELLINGS = (
    ("oe", "u"),
    ("dj", "j"),
    ("tj", "c"),
    ("ch", "c"),
    ("dh", "d"),
    ("th", "t"),
    ("q", "k"),
    ("x", "ks"),
)
_ONSETS = sorted(_SYLLABLES, key=len, reverse=True)


_WORDS = re.compile(r"[a-z]+")


def suggest_katakana(full_name: str) -> str:
    return "・".join(map(_word_to_katakana, _WORDS.findall(_normalise(full_name))))


def _normalise(text: str) -> str:
    text = text.lower().replace("'", "").replace("’", "")
    for old, new in _OLD_SPELLINGS:
        text = text.replace(old, new)
    return text


# Each word is spelled on its own, and names are made of far fewer words than
# there are names: an import of a hundred thousand people spells each word once.
@functools.lru_cache(maxsize=16_384)
def _word_to_katakana(word: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(word):
        onset = _match_onset(word, i)
        j = i + len(onset)
        vowel = _vowel_at(word, j)
        if vowel is not None:
            out.append(_SYLLABLES[onset][VOWELS.index(vowel)])
            i = j + 1
            continue
        next_letter = word[j] if j < len(word) else ""
        if onset in {"m", "n"} and next_letter in {"m", "n", "b", "p"}:
            out.append("ン")  # Bambang, Muhammad: a nasal before a labial or nasal
        elif onset and next_letter == onset:
            out.append("ッ")  # a doubled consonant (Abdullah) is a geminate
        else:
            out.append(_coda(onset, is_final=not next_letter))
        i = max(j, i + 1)
    return "".join(out)


def _match_onset(word: str, i: int) -> str:
    for onset in _ONSETS:
        if onset and word.startswith(onset, i):
            return onset
    return ""


def _vowel_at(word: str, j: int) -> str | None:
    if j >= len(word):
        return None
    letter = word[j]
    if letter in VOWELS:
        return letter
    # "y" after a consonant reads as /i/ (Rizky, Yanty); before a vowel it is a consonant.
    if letter == "y" and (j + 1 >= len(word) or word[j + 1] not in VOWELS):
        return "i"
    return None


def _coda(onset: str, *, is_final: bool) -> str:
    if onset in _CODAS:
        return _CODAS[onset]
    if onset == "h":
        return "ー" if is_final else "フ"
    if onset in _SYLLABLES:
        return _SYLLABLES[onset][VOWELS.index(_CODA_FALLBACK_VOWEL)]
    return ""
