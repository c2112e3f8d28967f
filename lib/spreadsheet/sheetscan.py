"""Reading a worksheet's XML before calamine does.

calamine builds a dense grid from the first to the last cell holding a value:
one value at XFD1048576 in a 5 KB file asks for 17 billion cells and the
process dies. So the sheet's XML is streamed first, and a value beyond the
limits is refused before the grid exists. Empty cells that only carry a
format (they stretch the declared ``<dimension>``, and calamine skips them)
do not count. The same pass notes what the import must report or read
differently: hidden rows and columns, formulas, and the cells whose number
format changes what they mean (``numfmt``).

The usual sheet is read fast, by searching bytes: every cell written as
``<c r="B7" …>``, the way Excel, LibreOffice and openpyxl write them, and only
cells that may lie beyond the limits looked at one by one. Anything the fast
pass cannot vouch for (a cell without its reference first, a namespace prefix
on cells, a row without a number that needs one) sends the sheet through the
exact pass, an XML parser that places cells the way calamine does.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator, Mapping

from lib.spreadsheet.numfmt import NumberFormat
from lib.spreadsheet.problems import Limits
from lib.spreadsheet.sheets import Cell
from lib.spreadsheet.xmlstream import tags

FORMULAS_KEPT = 16  # per column: enough to name five below the headings, whatever sits above
HEADER_MAX = 8 << 20  # what may precede <sheetData>: column widths and views, a few kilobytes in life
ROW_MAX = 8 << 20  # one row of 16,384 cells is well under a megabyte
_BIG = 1 << 40  # a row or column number too long to be real: beyond every limit

_CELL_REF = re.compile(rb'<c r="([A-Za-z]+)([0-9]+)"')
# Literal starts, so each is a fast search rather than a try at every "<".
_PREFIXED = re.compile(rb":(?:c|row|f)[\s/>]")
_FORMULA = re.compile(rb"<f[\s>/]")
_HIDDEN = re.compile(rb'hidden="')
_HIDDEN_ROW = re.compile(rb'<row\b[^>]*?\shidden="(?:1|true)"[^>]*>')
_ROW_NUMBER = re.compile(rb'\sr="([0-9]+)"')
_COLUMN = re.compile(rb"<(?:[\w.-]+:)?col\s([^>]*)>")
_ATTRIBUTE = re.compile(rb'([\w:.-]+)\s*=\s*"([^"]*)"')


class NeedsExactScan(Exception):
    """The fast pass met XML it cannot read with certainty."""


@dataclasses.dataclass
class Findings:
    far: Cell | None = None  # the first value found beyond the limits
    hidden_rows: set[int] = dataclasses.field(default_factory=set)
    hidden_columns: list[tuple[int, int]] = dataclasses.field(default_factory=list)
    formulas: dict[int, list[int]] = dataclasses.field(default_factory=dict)  # column -> first rows
    formats: dict[int, dict[int, NumberFormat]] = dataclasses.field(default_factory=dict)  # row -> column -> format

    def formula(self, cell: Cell) -> None:
        rows = self.formulas.setdefault(cell.column, [])
        if len(rows) < FORMULAS_KEPT:
            rows.append(cell.row)

    def formula_cells(self) -> tuple[Cell, ...]:
        return tuple(Cell(row, column) for column, rows in self.formulas.items() for row in rows)


Chunks = Callable[[], Iterator[bytes]]


def scan(chunks: Chunks, *, limits: Limits, styles: Mapping[int, NumberFormat]) -> Findings:
    """``chunks`` streams the sheet's XML afresh on each call."""
    try:
        return _FastScan(limits, styles).run(chunks())
    except NeedsExactScan:
        return _ExactScan(limits, styles).run(chunks())


def column_index(letters: bytes | str) -> int:
    """``A`` -> 0, ``XFD`` -> 16383, either case."""
    if len(letters) > 4:
        return _BIG
    index = 0
    for letter in letters.upper() if isinstance(letters, str) else letters.decode().upper():
        index = index * 26 + ord(letter) - ord("A") + 1
    return index - 1


def row_number(digits: bytes | str) -> int:
    return int(digits) if len(digits) <= 18 else _BIG


def _beyond(limits: Limits, row: int, column: int) -> bool:
    return row > limits.last_row or column >= limits.max_columns


class _FastScan:
    def __init__(self, limits: Limits, styles: Mapping[int, NumberFormat]) -> None:
        self.limits = limits
        self.styles = styles
        self.found = Findings()
        # Every "<c" except a cell whose reference comes first and is surely
        # within the limits (few letters and digits): what is left is looked at.
        self.hits = re.compile(rb'<c(?! r="' + _within(limits) + rb'")')
        self.styled = (
            re.compile(
                rb'<c r="([A-Za-z]+)([0-9]+)"[^>]*?\ss="(?:' + b"|".join(b"%d" % s for s in styles) + rb')"[^>]*>'
            )
            if styles
            else None
        )

    def run(self, chunks: Iterator[bytes]) -> Findings:
        text = b""
        in_data = False
        for chunk in chunks:
            searched = max(0, len(text) - len(b"</sheetData>"))  # what came before was searched already
            text += chunk
            if not in_data:
                start = text.find(b"<sheetData")
                if start < 0:
                    if len(text) > HEADER_MAX:
                        raise NeedsExactScan
                    continue
                self._header(text[:start])
                text, in_data, searched = text[start:], True, 0
            end = text.find(b"</sheetData>", searched)
            cut = end if end >= 0 else text.rfind(b"</row>") + len(b"</row>")
            if cut < len(b"</row>"):
                if len(text) > ROW_MAX:
                    raise NeedsExactScan
                continue
            self._body(text[:cut])
            if self.found.far is not None or end >= 0:
                return self.found
            text = text[cut:]
        if not in_data:
            raise NeedsExactScan  # no unprefixed sheetData: let the parser say what this is
        self._body(text)
        return self.found

    def _header(self, header: bytes) -> None:
        for match in _COLUMN.finditer(header):
            attributes = dict(_ATTRIBUTE.findall(match.group(1)))
            if attributes.get(b"hidden") in (b"1", b"true"):
                try:
                    first, last = int(attributes[b"min"]), int(attributes[b"max"])
                except (KeyError, ValueError):
                    raise NeedsExactScan from None
                self.found.hidden_columns.append((first - 1, last - 1))

    def _body(self, body: bytes) -> None:
        if _PREFIXED.search(body):
            raise NeedsExactScan
        for match in self.hits.finditer(body):
            self._look_at(body, match.start())
            if self.found.far is not None:
                return
        for match in _FORMULA.finditer(body):
            self.found.formula(self._cell_before(body, match.start()))
        if _HIDDEN.search(body):
            for match in _HIDDEN_ROW.finditer(body):
                number = _ROW_NUMBER.search(match.group(0))
                if number is None:
                    raise NeedsExactScan
                self.found.hidden_rows.add(row_number(number.group(1)))
        if self.styled is not None:
            for match in self.styled.finditer(body):
                self._styled(match)

    def _look_at(self, body: bytes, start: int) -> None:
        follows = body[start + 2 : start + 3]
        if follows.isalnum() or follows in (b"_", b"-", b".", b":"):
            return  # another element: <col>, <color>, <charset> in rich text
        cell = _CELL_REF.match(body, start)
        if cell is None:
            raise NeedsExactScan  # a cell placed by counting, or by a reference not first
        row, column = row_number(cell.group(2)), column_index(cell.group(1))
        if not _beyond(self.limits, row, column):
            return
        tag_end = body.find(b">", start)
        empty = body[tag_end - 1 : tag_end] == b"/" or body.startswith(b"</", tag_end + 1)
        if not empty:
            self.found.far = Cell(row, column)

    def _cell_before(self, body: bytes, position: int) -> Cell:
        start = body.rfind(b"<c ", 0, position)
        cell = _CELL_REF.match(body, start) if start >= 0 else None
        if cell is None:
            raise NeedsExactScan
        return Cell(row_number(cell.group(2)), column_index(cell.group(1)))

    def _styled(self, match: re.Match[bytes]) -> None:
        attributes = dict(_ATTRIBUTE.findall(match.group(0)))
        if attributes.get(b"t", b"n") != b"n":
            return  # text, a boolean or an error: no number to format
        number_format = self.styles[int(attributes[b"s"])]
        row, column = row_number(match.group(2)), column_index(match.group(1))
        self.found.formats.setdefault(row, {})[column] = number_format


def _within(limits: Limits) -> bytes:
    """A pattern for references surely within the limits: fewer letters than
    the last column has, fewer digits than the last row has. References at
    the edge are looked at one by one."""
    letters = len(_letters(limits.max_columns - 1))
    digits = len(str(limits.last_row))
    letter_pattern = b"[A-Za-z]{1,%d}" % (letters - 1) if letters > 1 else b"[A-Aa-a]"
    digit_pattern = b"[0-9]{1,%d}" % (digits - 1) if digits > 1 else b"[1-1]"
    return letter_pattern + digit_pattern


def _letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


class _ExactScan:
    """An XML parser placing cells the way calamine does: a cell at its
    reference, or one column right of the cell before it in the row; a row at
    its number, or one below the row before it."""

    def __init__(self, limits: Limits, styles: Mapping[int, NumberFormat]) -> None:
        self.limits = limits
        self.styles = styles
        self.found = Findings()
        self.row = 0
        self.column = -1
        self.cell = Cell(0, 0)
        self.cell_style: NumberFormat | None = None
        self.has_value = False

    def run(self, chunks: Iterator[bytes]) -> Findings:
        for tag in tags(chunks):
            if tag.start:
                self._start(tag.name, tag.attributes)
            elif tag.name == "c":
                self._end_cell()
                if self.found.far is not None:
                    break
        return self.found

    def _start(self, name: str, attributes: dict[str, str]) -> None:
        if name == "col" and attributes.get("hidden") in ("1", "true"):
            first, last = int(attributes.get("min", "0")), int(attributes.get("max", "0"))
            self.found.hidden_columns.append((first - 1, last - 1))
        elif name == "row":
            number = attributes.get("r", "")
            self.row = row_number(number) if number.isdigit() else self.row + 1
            self.column = -1
            if attributes.get("hidden") in ("1", "true"):
                self.found.hidden_rows.add(self.row)
        elif name == "c":
            self._start_cell(attributes)
        elif name in ("v", "is"):
            self.has_value = True
        elif name == "f":
            self.found.formula(self.cell)

    def _start_cell(self, attributes: dict[str, str]) -> None:
        reference = re.fullmatch(r"([A-Za-z]+)([0-9]+)", attributes.get("r", ""))
        if reference:
            self.cell = Cell(row_number(reference.group(2)), column_index(reference.group(1)))
        else:
            self.cell = Cell(self.row, self.column + 1)
        self.column = self.cell.column
        style = attributes.get("s", "")
        numeric = attributes.get("t", "n") == "n"
        self.cell_style = self.styles.get(int(style)) if style.isdigit() and numeric else None
        self.has_value = False

    def _end_cell(self) -> None:
        if not self.has_value:
            return
        if _beyond(self.limits, *self.cell):
            self.found.far = self.cell
        if self.cell_style is not None:
            self.found.formats.setdefault(self.cell.row, {})[self.cell.column] = self.cell_style
