"""CSV and the other text files Excel saves: comma- or semicolon-separated
("CSV" where the decimal separator is a comma, as in Indonesia), "CSV UTF-8",
"Unicode Text" (UTF-16, tab-separated), with or without the ``sep=;`` line
Excel reads the separator from."""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
from collections.abc import Iterator, Sequence

from lib.spreadsheet.cells import CellValue
from lib.spreadsheet.problems import Format, Limits, Problem, SpreadsheetError
from lib.spreadsheet.sheets import Sheet
from lib.spreadsheet.tables import column_letter
from lib.spreadsheet.writing import ESCAPE, unescaped_csv_text

MAX_LINE = 100_000  # characters in one line: a row of sixty long addresses fits many times over
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_SEPARATOR_LINE = re.compile(r"sep=(.)\r?\n", re.IGNORECASE)
# Punctuation Windows-1252 has above ASCII that Indonesian and English text uses.
_TYPOGRAPHY = frozenset("€‚„…†‡‰‹›‘’“”•–—™°±·×÷§©®«»¼½¾¹²³¢£¥¤¦¨¬¯´µ¶¸ªº¿¡\xa0")
_NON_ASCII = re.compile("[^\x00-\x7f]")
# Latin text has at most two accented letters in a row ("Noël", "São").
_NON_ASCII_RUN = re.compile("[^\x00-\x7f]{3,}")
# Katakana in Shift_JIS: lead byte 0x83 ("ƒ" here), then a byte in ASCII's range.
_SHIFT_JIS_KANA = re.compile("(?:\u0192[\x40-\x7e]){2}")
# UTF-8 read as Windows-1252: "é" becomes "Ã©", "’" becomes "â€™".
_MISREAD_UTF8 = re.compile("[ÂÃ][€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ\xa0-¿]|â€")


def read_csv(data: bytes, limits: Limits) -> Sheet:
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise SpreadsheetError(Problem.EMPTY)
    text = decoded(data)
    separator = _SEPARATOR_LINE.match(text)
    if separator:
        text, delimiter = text[separator.end() :], separator.group(1)
    else:
        first_line = text.split("\n", 1)[0]
        delimiter = max((",", ";", "\t"), key=first_line.count)

    _refuse_long_lines(text)
    # Fields our own export protected from being read as a formula ("'=…",
    # "'+62…") read as they were; looked for once, so other files pay nothing per row.
    escaped = _has_escaped_field(text, delimiter)

    def records() -> Iterator[Sequence[CellValue]]:
        return _records(text, delimiter, escaped=escaped)

    return Sheet(format=Format.CSV, name="", records=records, total=_count(records(), limits))


def decoded(data: bytes) -> str:
    """The text, from a byte-order mark, or as UTF-8, or as Windows-1252 when
    that reads as Latin text (Excel's plain "CSV" on Indonesian Windows)."""
    try:
        if data.startswith(UTF16_BOMS):
            return data.decode("utf-16")
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        if data.startswith(UTF16_BOMS):
            raise SpreadsheetError(Problem.UNKNOWN_ENCODING) from None
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise SpreadsheetError(Problem.UNKNOWN_ENCODING) from None
    if not _latin_text(text):
        raise SpreadsheetError(Problem.UNKNOWN_ENCODING)
    return text


def _latin_text(text: str) -> bool:
    """Whether text decoded as Windows-1252 is what its writer meant: every
    character above ASCII a letter or common punctuation, and none of the
    patterns other encodings leave when read as Windows-1252: runs of accented
    letters (Cyrillic, Greek, Arabic, kanji), katakana's "ƒV" pairs, UTF-8's
    "Ã©" (a file that mixes encodings)."""
    unusual = set(_NON_ASCII.findall(text))
    if any(char not in _TYPOGRAPHY and not unicodedata.category(char).startswith("L") for char in unusual):
        return False
    return not (_NON_ASCII_RUN.search(text) or _SHIFT_JIS_KANA.search(text) or _MISREAD_UTF8.search(text))


def _records(text: str, delimiter: str, *, escaped: bool) -> Iterator[Sequence[CellValue]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        if not escaped:
            yield from reader
            return
        for record in reader:
            yield [unescaped_csv_text(field) for field in record] if any(f[:1] == ESCAPE for f in record) else record
    except csv.Error:
        # A field longer than the csv module allows: a quote left open runs to the end of the file.
        raise SpreadsheetError(Problem.LINE_TOO_LONG, row=reader.line_num, limit=MAX_LINE) from None


def _refuse_long_lines(text: str) -> None:
    """A line longer than MAX_LINE is refused before the csv module makes a
    field list of it (a megabyte of commas is a million fields). Such a line
    covers a whole stretch of MAX_LINE / 2 characters without a line break:
    only where one is found are the lines measured."""
    half = MAX_LINE // 2
    if all(text.find("\n", start, start + half) >= 0 for start in range(0, len(text) - half, half)):
        return
    for number, line in enumerate(io.StringIO(text, newline=""), start=1):
        if len(line) > MAX_LINE:
            raise SpreadsheetError(Problem.LINE_TOO_LONG, row=number, limit=MAX_LINE)


def _has_escaped_field(text: str, delimiter: str) -> bool:
    """Whether a field starts with the quote ``csv_text`` puts before a formula
    sign (apostrophes inside names, "Ma'ruf", are not at a field's start)."""
    starts = ("", "\n", "\r", delimiter)
    position = text.find(ESCAPE)
    while position >= 0:
        before = text[position - 1 : position] if position else ""
        if before in starts or (before == '"' and text[max(0, position - 2) : position - 1] in starts):
            return True
        position = text.find(ESCAPE, position + 1)
    return False


def _count(records: Iterator[Sequence[CellValue]], limits: Limits) -> int:
    """Rows, blank ones included; a row reaching beyond the columns that can
    be read is refused, naming its last cell."""
    total = 0
    for total, record in enumerate(records, start=1):
        if len(record) > limits.max_columns:
            last = max((i for i, value in enumerate(record) if str(value).strip()), default=0)
            if last >= limits.max_columns:
                cell = f"{column_letter(last)}{total}"
                letter = column_letter(limits.max_columns - 1)
                raise SpreadsheetError(
                    Problem.TOO_FAR_RIGHT, cell=cell, column=column_letter(last), limit=limits.max_columns, last=letter
                )
    return total
