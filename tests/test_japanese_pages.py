"""The pages as the Japanese partners read them: full-width punctuation inside
Japanese sentences, as OTIT and JITCO write them, and no version label glued
to 版.

The catalogue test (test_japanese_catalogue.py) checks each translation on its
own; this one reads what the pages make of them, where a template joins a
date and a mode with ", ", puts ": " after a question, or a form puts ":"
after a label. Each Japanese persona of the demo walks every page it is shown
(one per URL name, as the browser test does) in Japanese."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from accounts.models import User
from demo.seed import seed_demo
from tests.test_japanese_catalogue import ascii_punctuation_in_japanese
from tests.test_numbers_in_pages import _client, _pages

# The demo's logins on the Japanese side.
JAPANESE_PERSONAS = ("coop.officer", "company.officer", "support.officer", "miyagi.officer")
# Elements that end a line of text as a reader sees it.
_BLOCKS = frozenset(
    [
        "p",
        "li",
        "dt",
        "dd",
        "td",
        "th",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "br",
        "label",
        "legend",
        "option",
        "summary",
        "section",
        "tr",
        "ul",
        "ol",
        "dl",
        "form",
        "fieldset",
        "header",
        "nav",
        "main",
        "button",
        "a",
    ]
)


class _Lines(HTMLParser):
    """The visible text of a page, one line per block."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = [""]
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style", "template"}:
            self._hidden += 1
        if tag in _BLOCKS:
            self.lines.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style", "template"}:
            self._hidden -= 1
        if tag in _BLOCKS:
            self.lines.append("")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.lines[-1] += data


# A version's label glued to 版 ("2026-initial版"): a label is quoted (版：「2026-initial」).
GLUED_VERSION = re.compile(r"[A-Za-z][\w-]*版")


def not_as_written(line: str) -> bool:
    """Whether a line of a Japanese page breaks how OTIT and JITCO write."""
    return bool(ascii_punctuation_in_japanese(line)) or GLUED_VERSION.search(line) is not None


def lines_of(html: str) -> list[str]:
    parser = _Lines()
    parser.feed(html)
    return [" ".join(line.split()) for line in parser.lines if line.strip()]


def test_it_reads_lines_as_a_reader_sees_them() -> None:
    html = "<dl><dt>面接</dt><dd>2026年11月24日<span>, </span>対面</dd></dl><script>a(1, 2)</script>"

    assert lines_of(html) == ["面接", "2026年11月24日, 対面"]


@pytest.fixture
def demo(db: None, settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.IMPORT_FILES_DIR = tmp_path / "imports"
    seed_demo(participants=300, seed=11)


def test_it_writes_japanese_pages_with_full_width_punctuation(demo: None, subtests: Any) -> None:
    reached = set()
    for username in JAPANESE_PERSONAS:
        with subtests.test(persona=username):
            client = _client("ja")
            client.force_login(User.objects.get(username=username))
            found = set()
            for name, url, html in _pages(client):
                reached.add(name)
                found |= {f"{url}: {line[:80]}" for line in lines_of(html) if not_as_written(line)}
            assert not found, "\n".join(sorted(found))
    # The pages the partners read most, with the most Japanese on them.
    assert {"home", "job_order_detail", "job_order_create", "job_order_shortlist", "organization_detail"} <= reached


@pytest.mark.parametrize(
    ("line", "wrong"),
    [
        ("2026年11月24日, 対面", True),
        ("ルール（2026-initial版、2017年11月1日から適用）", True),
        ("版：「2026-initial」（2022年11月1日から適用）。", False),
        ("JLPT N4, N5", False),
    ],
)
def test_it_tells_what_japanese_pages_do_not_write(line: str, wrong: bool) -> None:
    assert not_as_written(line) is wrong
