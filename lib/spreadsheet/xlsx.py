"""Reading an XLSX workbook: the sheet the person sees, within bounded memory
whatever the file declares, every failure a file problem.

1. The zip is opened and every part it holds is unpacked as a stream and
   counted, never trusting the sizes the zip declares, so a zip bomb is
   refused before anything is parsed. Names that differ only in case are
   refused: calamine would read one of them, and this module the other.
2. ``xl/workbook.xml`` names the sheet to read: the active one if it is a
   visible worksheet, else the first visible worksheet (never a hidden one).
3. The sheet's XML is scanned (``sheetscan``) for a value beyond the row and
   column limits, hidden rows and columns, formulas and number formats.
4. Only then does calamine parse the sheet into its grid.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import dataclasses
import io
import struct
import threading
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from queue import Full, Queue
from xml.parsers import expat

from python_calamine import CalamineError, CalamineSheet, CalamineWorkbook

from lib.spreadsheet.cells import CellValue
from lib.spreadsheet.numfmt import BUILTIN, NumberFormat, classify
from lib.spreadsheet.problems import Format, Limits, Problem, SpreadsheetError
from lib.spreadsheet.sheets import Cell, Sheet
from lib.spreadsheet.sheetscan import Findings, scan
from lib.spreadsheet.tables import column_letter
from lib.spreadsheet.xmlstream import Tag, tags

_IN_CHUNK = 1 << 20
_OUT_CHUNK = 1 << 20
_LOCAL_HEADER = struct.Struct("<4s22xHH")
# What a damaged or disguised file raises while it is unpacked or parsed.
_BROKEN = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    EOFError,
    OSError,
    NotImplementedError,  # zipfile: a compression method Excel never writes
    RuntimeError,
    struct.error,
    KeyError,
    IndexError,
    ValueError,
    UnicodeError,
    expat.ExpatError,
    CalamineError,
)


@contextlib.contextmanager
def _unreadable_when_broken() -> Iterator[None]:
    try:
        yield
    except SpreadsheetError:
        raise
    except _BROKEN:
        raise SpreadsheetError(Problem.UNREADABLE) from None


def read_xlsx(data: bytes, limits: Limits) -> Sheet:
    with _unreadable_when_broken():
        package = Package(data, limits)
        choice = package.workbook().visible_sheet()
    try:
        with _unreadable_when_broken():
            return _read_sheet(package, choice, limits)
    except SpreadsheetError as error:
        error.sheet = choice.name
        raise


def _read_sheet(package: Package, choice: SheetEntry, limits: Limits) -> Sheet:
    package.measure(skipping=package.workbook().worksheet_parts())
    part = package.entry(choice.part)
    # calamine opens the workbook (its shared strings, a large part of an Excel
    # file) on another thread while the sheet is scanned: everything it reads
    # now was measured above. Only the sheet's grid waits for the scan.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        opening = pool.submit(_calamine_workbook, package.data)
        findings = scan(
            lambda: _ahead(package.unpacked(part, budget=package.budget_left)),
            limits=limits,
            styles=package.number_formats(),
        )
        workbook = opening.result()
    _refuse_far(findings, limits)
    sheet = _calamine_sheet(workbook, choice.name)
    end_row, end_column = sheet.end or (0, 0)
    if end_row >= limits.last_row or end_column >= limits.max_columns:
        # The scan reads cells as calamine does; should they ever disagree, the grid is not read.
        _refuse_far(Findings(far=Cell(end_row + 1, end_column)), limits)
    start_row, start_column = sheet.start or (0, 0)
    # iter_rows starts at the sheet's first row but at its first used column.
    padding: list[CellValue] = [""] * start_column

    def records() -> Iterator[Sequence[CellValue]]:
        for record in sheet.iter_rows():
            yield [*padding, *record] if padding else record

    return Sheet(
        format=Format.XLSX,
        name=choice.name,
        records=records,
        total=sheet.height + start_row,
        hidden_rows=frozenset(findings.hidden_rows),
        hidden_columns=tuple(findings.hidden_columns),
        formulas=findings.formula_cells(),
        merged=tuple(
            (Cell(start[0] + 1, start[1]), Cell(end[0] + 1, end[1])) for start, end in sheet.merged_cell_ranges or []
        ),
        formats=findings.formats,
        date1904=package.workbook().date1904,
    )


def _refuse_far(findings: Findings, limits: Limits) -> None:
    if findings.far is None:
        return
    row, column = findings.far
    if row > limits.last_row:
        cell = f"{column_letter(column)}{row}"
        raise SpreadsheetError(Problem.TOO_FAR_DOWN, cell=cell, row=row, limit=limits.max_rows)
    letters = column_letter(column)
    raise SpreadsheetError(
        Problem.TOO_FAR_RIGHT,
        cell=f"{letters}{row}",
        column=letters,
        limit=limits.max_columns,
        last=column_letter(limits.max_columns - 1),
    )


def _calamine_workbook(data: bytes) -> CalamineWorkbook:
    with _calamine_errors():
        return CalamineWorkbook.from_filelike(io.BytesIO(data))


def _calamine_sheet(workbook: CalamineWorkbook, name: str) -> CalamineSheet:
    with _calamine_errors():
        return workbook.get_sheet_by_name(name)


@contextlib.contextmanager
def _calamine_errors() -> Iterator[None]:
    try:
        yield
    except CalamineError:
        raise SpreadsheetError(Problem.UNREADABLE) from None
    except BaseException as error:
        # A Rust panic reaches Python as pyo3's PanicException, a BaseException:
        # a file calamine cannot make sense of, not a reason to stop the worker.
        if type(error).__name__ != "PanicException":
            raise
        raise SpreadsheetError(Problem.UNREADABLE) from None


# --- the package ----------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class SheetEntry:
    name: str
    visible: bool
    part: str  # the zip entry, found as calamine finds it

    @property
    def is_worksheet(self) -> bool:
        # calamine tells the kind of sheet by its folder.
        return self.part.split("/")[1:2] == ["worksheets"]


@dataclasses.dataclass(frozen=True)
class Workbook:
    sheets: tuple[SheetEntry, ...]
    active: int
    date1904: bool

    def visible_sheet(self) -> SheetEntry:
        """The sheet the person sees on opening the file."""
        if 0 <= self.active < len(self.sheets):
            active = self.sheets[self.active]
            if active.visible and active.is_worksheet:
                return active
        for sheet in self.sheets:
            if sheet.visible and sheet.is_worksheet:
                return sheet
        raise SpreadsheetError(Problem.NO_VISIBLE_SHEET)

    def worksheet_parts(self) -> set[str]:
        return {sheet.part.casefold() for sheet in self.sheets}


class Package:
    """The zip's parts, each unpacked as a stream within the unpacked-size limit."""

    def __init__(self, data: bytes, limits: Limits) -> None:
        self.data = data
        self.limits = limits
        archive = zipfile.ZipFile(io.BytesIO(data))
        self.entries = {info.filename.casefold(): info for info in archive.infolist()}
        if len(self.entries) != len(archive.infolist()):
            raise SpreadsheetError(Problem.UNREADABLE)  # two entries one name: which one is read?
        if "xl/workbook.xml" not in self.entries:
            # A zip, but not a workbook: .docx, .ods, or any archive.
            mimetype = self.read("mimetype") if "mimetype" in self.entries else b""
            raise SpreadsheetError(
                Problem.UNSUPPORTED_FORMAT if b"spreadsheet" in mimetype[:100] else Problem.NOT_A_SPREADSHEET
            )
        self.budget_left = limits.max_unpacked_bytes
        self._workbook: Workbook | None = None

    def entry(self, name: str) -> zipfile.ZipInfo:
        """The entry calamine would open for ``name``: the same name, in any case."""
        info = self.entries.get(name.casefold())
        if info is None:
            raise SpreadsheetError(Problem.UNREADABLE)
        return info

    def read(self, name: str) -> bytes:
        return b"".join(self.stream(name))

    def stream(self, name: str) -> Iterator[bytes]:
        return self.unpacked(self.entry(name), budget=self.limits.max_unpacked_bytes)

    def unpacked(self, info: zipfile.ZipInfo, *, budget: int) -> Iterator[bytes]:
        """The entry's content in pieces, refused as soon as it passes ``budget``
        bytes, whatever size the zip declares for it."""
        if info.flag_bits & 0x1 or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise SpreadsheetError(Problem.UNREADABLE)  # encrypted, or packed as Excel never packs
        signature, name_length, extra_length = _LOCAL_HEADER.unpack_from(self.data, info.header_offset)
        if signature != b"PK\x03\x04":
            raise SpreadsheetError(Problem.UNREADABLE)
        start = info.header_offset + _LOCAL_HEADER.size + name_length + extra_length
        raw = memoryview(self.data)[start : start + info.compress_size]
        pieces = _inflated(raw) if info.compress_type == zipfile.ZIP_DEFLATED else _stored(raw)
        produced = 0
        for piece in pieces:
            produced += len(piece)
            if produced > budget:
                raise SpreadsheetError(Problem.TOO_BIG_UNPACKED, limit_mb=self.limits.max_unpacked_bytes // 1_000_000)
            yield piece

    def measure(self, *, skipping: set[str]) -> None:
        """Unpack every part but the worksheets (only the one read is unpacked,
        by the scan) to count what they really hold."""
        strings = 0
        for name, info in self.entries.items():
            if name in skipping:
                continue
            for piece in self.unpacked(info, budget=self.budget_left):
                self.budget_left -= len(piece)
                if name == "xl/sharedstrings.xml":
                    strings += piece.count(b"<si") + piece.count(b":si")
        # calamine keeps every shared string, even an empty one: more of them than
        # the grid has cells serves no sheet and only fills memory.
        if strings > self.limits.last_row * self.limits.max_columns:
            raise SpreadsheetError(Problem.TOO_BIG_UNPACKED, limit_mb=self.limits.max_unpacked_bytes // 1_000_000)

    def workbook(self) -> Workbook:
        if self._workbook is None:
            self._workbook = self._read_workbook()
        return self._workbook

    def _read_workbook(self) -> Workbook:
        targets = {
            tag.attributes.get("Id", ""): tag.attributes.get("Target", "")
            for tag in _elements(self.stream("xl/_rels/workbook.xml.rels"), "Relationship")
        }
        sheets: list[SheetEntry] = []
        active: int | None = None
        date1904 = False
        for tag in _elements(self.stream("xl/workbook.xml"), "sheet", "workbookView", "workbookPr"):
            if tag.name == "workbookView" and active is None:
                active = int(tag.attributes.get("activeTab", "0"))
            elif tag.name == "workbookPr":
                date1904 = tag.attributes.get("date1904", "") in ("1", "true")
            elif tag.name == "sheet":
                sheets.append(self._sheet_entry(tag.attributes, targets))
        if len({sheet.name.casefold() for sheet in sheets}) != len(sheets):
            raise SpreadsheetError(Problem.UNREADABLE)  # Excel never allows it; which one would be read?
        return Workbook(sheets=tuple(sheets), active=active or 0, date1904=date1904)

    def _sheet_entry(self, attributes: dict[str, str], targets: dict[str, str]) -> SheetEntry:
        # The attribute calamine reads, by its written name.
        target = targets.get(attributes.get("r:id", attributes.get("relationships:id", "")), "")
        # As calamine resolves it: "/xl/…" and "xl/…" as they are, anything else inside "xl/".
        part = target[1:] if target.startswith("/xl/") else target if target.startswith("xl/") else f"xl/{target}"
        info = self.entries.get(part.casefold())
        return SheetEntry(
            name=attributes.get("name", ""),
            visible=attributes.get("state", "visible") == "visible",
            part=info.filename if info is not None else part,
        )

    def number_formats(self) -> dict[int, NumberFormat]:
        """The cell styles (by index) whose number format changes what a number means."""
        if "xl/styles.xml" not in self.entries:
            return {}
        codes = dict(BUILTIN)
        styles: dict[int, NumberFormat] = {}
        index = 0
        for tag in _elements(self.stream("xl/styles.xml"), "numFmt", "xf", context="cellXfs"):
            if tag.name == "numFmt":
                codes[int(tag.attributes.get("numFmtId", "0"))] = tag.attributes.get("formatCode", "")
                continue
            found = classify(codes.get(int(tag.attributes.get("numFmtId", "0")), ""))
            if found is not None:
                styles[index] = found
            index += 1
        return styles


def _ahead(pieces: Iterator[bytes], depth: int = 4) -> Iterator[bytes]:
    """The same pieces, unpacked on another thread while this one reads the
    ones before: zlib lets go of the interpreter while it inflates, so the
    scan's searching and the unpacking overlap."""
    queue: Queue[bytes | BaseException | None] = Queue(depth)
    stop = threading.Event()

    def hand(item: bytes | BaseException | None) -> bool:
        """Give the reader the next item; False once it has stopped reading."""
        while not stop.is_set():
            with contextlib.suppress(Full):
                queue.put(item, timeout=0.05)
                return True
        return False

    def unpack() -> None:
        try:
            for piece in pieces:
                if not hand(piece):
                    return
            hand(None)
        except BaseException as error:  # handed to the reader, which raises it
            hand(error)

    worker = threading.Thread(target=unpack, name="xlsx-unpack", daemon=True)
    worker.start()
    try:
        while (item := queue.get()) is not None:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        worker.join()


def _stored(raw: memoryview) -> Iterator[bytes]:
    for offset in range(0, len(raw), _OUT_CHUNK):
        yield bytes(raw[offset : offset + _OUT_CHUNK])


def _inflated(raw: memoryview) -> Iterator[bytes]:
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    for offset in range(0, len(raw), _IN_CHUNK):
        pending: bytes | memoryview = raw[offset : offset + _IN_CHUNK]
        while pending and not inflater.eof:
            # Bounded output per call: a megabyte of input may unpack to a gigabyte.
            yield inflater.decompress(pending, _OUT_CHUNK)
            pending = inflater.unconsumed_tail
    if not inflater.eof:
        raise SpreadsheetError(Problem.UNREADABLE)  # the stream stops short: a truncated file


def _elements(chunks: Iterator[bytes], *names: str, context: str = "") -> Iterator[Tag]:
    """The opening tags with one of these local names, in document order. With
    ``context``, ``xf`` counts only inside an element of that name
    (``cellXfs``, not ``cellStyleXfs``)."""
    inside = 0
    for tag in tags(chunks):
        if tag.name == context:
            inside += 1 if tag.start else -1
        elif tag.start and tag.name in names and (tag.name != "xf" or not context or inside):
            yield tag
