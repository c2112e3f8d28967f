"""The XML of a workbook as a stream of tags, without building a tree.

Names are read as calamine reads them: by their local part, whatever prefix
they carry (declared or not), attributes by their full written name ("r:id").
A document type or entity declaration is refused: workbooks have none, and
an entity is how a few kilobytes of XML expand to gigabytes.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple
from xml.parsers import expat

from lib.spreadsheet.problems import Problem, SpreadsheetError


class Tag(NamedTuple):
    start: bool  # an opening tag (an empty element gives an opening and a closing one)
    name: str  # the local name: "c" for <c> and <x:c>
    attributes: dict[str, str]


def tags(chunks: Iterator[bytes]) -> Iterator[Tag]:
    """Every opening and closing tag, in document order."""
    parser = expat.ParserCreate()
    pending: list[Tag] = []

    def start(name: str, attributes: dict[str, str]) -> None:
        pending.append(Tag(True, name.rpartition(":")[2], attributes))

    def end(name: str) -> None:
        pending.append(Tag(False, name.rpartition(":")[2], {}))

    def refuse(*_args: object) -> None:
        raise SpreadsheetError(Problem.UNREADABLE)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    for chunk in chunks:
        parser.Parse(chunk, False)
        yield from pending
        pending.clear()
    parser.Parse(b"", True)
    yield from pending
