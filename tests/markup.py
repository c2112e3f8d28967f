"""What a page's markup must never hold once numbers are grouped for the
reader: a grouped number where a machine reads it (an id, a URL, a form
value, a data attribute), a decimal comma in a numeric attribute, a year with
a thousands separator, or an id written "#12.345".

``problems(html)`` lists each finding with the tag or the text it was in.
"""

from __future__ import annotations

import datetime
import re
from html.parser import HTMLParser

from django.utils import dateformat
from django.utils.dates import MONTHS, MONTHS_3, MONTHS_AP

# A number written with a thousands separator: 12.345, 12,345, 12 345 (no-break spaces too).
GROUPED = re.compile(r"(?<![\d.,])\d{1,3}(?:[.,\u00a0\u202f]\d{3})+(?![\d])")
# A decimal comma: 0,5 (numeric attributes read only a point).
DECIMAL_COMMA = re.compile(r"\d,\d")
# An id shown to people: "#12345", never "#12.345".
GROUPED_ID = re.compile(r"#\d{1,3}[.,\u00a0\u202f]\d{3}")

# Attributes people read, where a grouped number is right ("1.500 peserta").
READ_BY_PEOPLE = frozenset({"title", "alt", "placeholder", "aria-label", "aria-description", "content", "label"})
# Inputs whose value is text a person typed or reads (a wage typed as "185.000").
TEXT_INPUTS = frozenset({"text", "search", "email", "tel", "url", "password"})
# Attributes a browser reads as a number.
NUMERIC = frozenset({"value", "min", "max", "step", "low", "high", "optimum"})
NUMERIC_TAGS = frozenset({"meter", "progress"})


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.text: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style"}:
            self._skipping += 1
        values = {name: value or "" for name, value in attrs}
        for name, value in values.items():
            if _machine_read(tag, name, values) and GROUPED.search(value):
                self.found.append(f"<{tag} {name}={value!r}>: a grouped number")
            elif _numeric(tag, name, values) and DECIMAL_COMMA.search(value):
                self.found.append(f"<{tag} {name}={value!r}>: a decimal comma in a number")

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style"} and self._skipping:
            self._skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.text.append(data)


def _machine_read(tag: str, name: str, values: dict[str, str]) -> bool:
    if name in READ_BY_PEOPLE:
        return False
    return not (tag == "input" and name == "value" and values.get("type", "text") in TEXT_INPUTS)


def _numeric(tag: str, name: str, values: dict[str, str]) -> bool:
    if name not in NUMERIC:
        return False
    return tag in NUMERIC_TAGS or (tag == "input" and values.get("type") in {"number", "range"})


def _grouped_year() -> re.Pattern[str]:
    """A year written with a separator: after a month's name ("Desember 2.026"),
    before 年 ("2,026年"), or as the first part of a numeric date."""
    months = {str(name) for table in (MONTHS, MONTHS_3, MONTHS_AP) for name in table.values()}
    # The short format's months as the active language abbreviates them ("Des").
    months |= {dateformat.format(datetime.date(2026, month, 1), "M") for month in range(1, 13)}
    names = "|".join(sorted((re.escape(name) for name in months), key=len, reverse=True))
    year = r"[12][.,\u00a0\u202f]\d{3}(?!\d)"
    return re.compile(rf"(?:(?:{names})\.?\s+{year})|(?:{year}\s*年)|(?:{year}[-/]\d{{1,2}}[-/]\d{{1,2}})", re.I)


def problems(html: str) -> list[str]:
    """What is wrong with the numbers in ``html``, read in the active language."""
    collector = _Collector()
    collector.feed(html)
    collector.close()
    text = " ".join(collector.text)
    found = list(collector.found)
    found += [f"text {match.group()!r}: a year with a separator" for match in _grouped_year().finditer(text)]
    found += [f"text {match.group()!r}: an id with a separator" for match in GROUPED_ID.finditer(text)]
    return found
