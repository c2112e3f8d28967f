"""Reading the spreadsheets people keep: XLSX (through python-calamine) and CSV.

Everything a file can do wrong is refused here, before a single row is read,
with a problem code and its parameters (never a sentence: the caller words it
in the reader's language):

* the type comes from the file's first bytes, never its name, so a renamed PDF
  or photo is "not a spreadsheet";
* an empty file, a sheet without data rows, a file or sheet over the limits, a
  zip whose contents would unpack to more than the limit (a "zip bomb");
* formulas and merged cells, named by their cell references: a formula's value
  is whatever Excel last computed, and a merged cell leaves all but one of its
  rows blank, so neither says what the person meant.

Cells are then converted one by one (``text``, ``parse_date``, ``nik_text``,
``parse_decimal``, ``parse_int``), each raising ``CellError`` with a code.
"""

from __future__ import annotations

import concurrent.futures
import csv
import dataclasses
import datetime
import enum
import io
import re
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import IO, NamedTuple, TypeAlias
from xml.etree import ElementTree

from python_calamine import CalamineError, CalamineSheet, CalamineWorkbook

CellValue: TypeAlias = str | int | float | bool | datetime.date | datetime.datetime | datetime.time | datetime.timedelta

ZIP_SIGNATURE = b"PK\x03\x04"
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, and any password-protected Office file
# Files people rename by mistake; text-like formats that would otherwise pass as a one-column CSV.
KNOWN_NOT_SPREADSHEETS = (b"%PDF", b"\xff\xd8\xff", b"\x89PNG", b"GIF8", b"{\\rtf", b"<!DOCTYPE", b"<html", b"<?xml")
MAX_REFERENCES = 5  # cell references named in one error
_SCAN_CHUNK = 1 << 20


class Problem(enum.StrEnum):
    EMPTY = "empty"
    NOT_A_SPREADSHEET = "not_a_spreadsheet"
    OLD_OR_ENCRYPTED = "old_or_encrypted"
    UNSUPPORTED_FORMAT = "unsupported_format"
    UNREADABLE = "unreadable"
    TOO_BIG = "too_big"
    TOO_BIG_UNPACKED = "too_big_unpacked"
    TOO_MANY_ROWS = "too_many_rows"
    NO_DATA_ROWS = "no_data_rows"
    FORMULAS = "formulas"
    MERGED_CELLS = "merged_cells"
    MISSING_COLUMNS = "missing_columns"
    REPEATED_COLUMN = "repeated_column"


class SpreadsheetError(ValueError):
    """The whole file is refused."""

    def __init__(self, problem: Problem, **params: str | int) -> None:
        super().__init__(problem.value)
        self.problem = problem
        self.params = params


class CellProblem(enum.StrEnum):
    REQUIRED = "required"
    BAD_DATE = "bad_date"
    TWO_DIGIT_YEAR = "two_digit_year"
    NIK_AS_NUMBER = "nik_as_number"
    NOT_A_NUMBER = "not_a_number"
    NOT_A_WHOLE_NUMBER = "not_a_whole_number"


class CellError(ValueError):
    def __init__(self, problem: CellProblem, **params: str | int) -> None:
        super().__init__(problem.value)
        self.problem = problem
        self.params = params


class Format(enum.StrEnum):
    XLSX = "xlsx"
    CSV = "csv"


@dataclasses.dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_rows: int
    max_unpacked_bytes: int


@dataclasses.dataclass(frozen=True)
class Column:
    """A column the reader looks for: ``headings`` are the accepted names, the
    first (Indonesian) one is what templates and messages use."""

    key: str
    headings: tuple[str, ...]
    required: bool = False

    @property
    def heading(self) -> str:
        return self.headings[0]


class Row(NamedTuple):  # a tuple: a file has up to a hundred thousand
    number: int  # as the spreadsheet program shows it, headings in row 1
    cells: Mapping[str, CellValue]


Records: TypeAlias = Callable[[], Iterator[Sequence[CellValue]]]


@dataclasses.dataclass(frozen=True)
class Table:
    """The first sheet: which of the wanted columns it has, and its rows."""

    format: Format
    headings: dict[str, str]  # column key -> the heading as written in the file
    letters: dict[str, str]  # column key -> column letter ("C")
    heading_row: int
    row_count: int  # data rows, blank ones included (an upper bound for progress)
    records: Records  # each call reads the sheet from its first row again
    positions: dict[str, int]

    def rows(self) -> Iterator[Row]:
        """The data rows, skipping blank ones. Read lazily: the cells stay in
        calamine's compact form until their row is reached."""
        positions = tuple(self.positions.items())
        width = max(self.positions.values(), default=-1) + 1
        for number, record in enumerate(self.records(), start=1):
            if number <= self.heading_row or not any(map(_present, record)):
                continue
            # A CSV line may stop before the last columns.
            cells = record if len(record) >= width else [*record, *[""] * (width - len(record))]
            yield Row(number, {key: cells[i] for key, i in positions})


def normalize_heading(heading: str) -> str:
    """``" Tanggal  lahir "``, ``"TANGGAL_LAHIR"`` and ``"tanggal-lahir"`` all read ``"tanggallahir"``."""
    return re.sub(r"[\W_]+", "", heading.casefold())


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


# --- opening ------------------------------------------------------------------


def detect_format(head: bytes) -> Format:
    if not head:
        raise SpreadsheetError(Problem.EMPTY)
    if head.startswith(OLE_SIGNATURE):
        raise SpreadsheetError(Problem.OLD_OR_ENCRYPTED)
    if head.startswith(ZIP_SIGNATURE):
        return Format.XLSX  # checked to be a workbook when opened
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if any(stripped[: len(sig)].lower() == sig.lower() for sig in KNOWN_NOT_SPREADSHEETS) or b"\x00" in head:
        raise SpreadsheetError(Problem.NOT_A_SPREADSHEET)
    return Format.CSV


def open_table(file: IO[bytes], *, columns: Sequence[Column], limits: Limits) -> Table:
    """Check the file and find the wanted columns in the first sheet."""
    file.seek(0, io.SEEK_END)
    size = file.tell()
    file.seek(0)
    if size > limits.max_bytes:
        raise SpreadsheetError(Problem.TOO_BIG, limit_mb=limits.max_bytes // 1_000_000)
    file_format = detect_format(file.read(4096))
    file.seek(0)
    if file_format == Format.XLSX:
        records, total = _xlsx_records(file, limits)
    else:
        records, total = _csv_records(file.read())
    return _table(file_format, records, total=total, columns=columns, limits=limits)


def _table(file_format: Format, records: Records, *, total: int, columns: Sequence[Column], limits: Limits) -> Table:
    rows = enumerate(records())
    heading_index, headings = next(((i, r) for i, r in rows if any(_present(v) for v in r)), (None, ()))
    if heading_index is None:
        raise SpreadsheetError(Problem.EMPTY)
    row_count = total - heading_index - 1
    if row_count > limits.max_rows:
        raise SpreadsheetError(Problem.TOO_MANY_ROWS, limit=limits.max_rows, rows=row_count)
    positions = _positions(headings, columns)
    if not any(any(_present(v) for v in record) for _, record in rows):
        raise SpreadsheetError(Problem.NO_DATA_ROWS)
    return Table(
        format=file_format,
        headings={key: str(headings[i]).strip() for key, i in positions.items()},
        letters={key: column_letter(i) for key, i in positions.items()},
        heading_row=heading_index + 1,
        row_count=row_count,
        records=records,
        positions=positions,
    )


def _positions(headings: Sequence[CellValue], columns: Sequence[Column]) -> dict[str, int]:
    wanted = {normalize_heading(name): column for column in columns for name in column.headings}
    positions: dict[str, int] = {}
    for index, heading in enumerate(headings):
        column = wanted.get(normalize_heading(str(heading)))
        if column is None:
            continue  # numbering and notes columns are common and harmless
        if column.key in positions:
            raise SpreadsheetError(Problem.REPEATED_COLUMN, column=column.heading)
        positions[column.key] = index
    missing = [column.heading for column in columns if column.required and column.key not in positions]
    if missing:
        raise SpreadsheetError(Problem.MISSING_COLUMNS, columns=", ".join(missing))
    return positions


def _present(value: CellValue) -> bool:
    return not (isinstance(value, str) and not value.strip())


# --- XLSX ---------------------------------------------------------------------


def _xlsx_records(file: IO[bytes], limits: Limits) -> tuple[Records, int]:
    file.seek(0)
    data = file.read()  # at most limits.max_bytes: read once, then scanned and parsed side by side
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError):
        raise SpreadsheetError(Problem.UNREADABLE) from None
    with archive:
        names = set(archive.namelist())
        if "xl/workbook.xml" not in names:
            # A zip, but not a workbook: .docx, .ods, or any archive.
            ods = "mimetype" in names and b"spreadsheet" in archive.read("mimetype")[:100]
            raise SpreadsheetError(Problem.UNSUPPORTED_FORMAT if ods else Problem.NOT_A_SPREADSHEET)
        if sum(info.file_size for info in archive.infolist()) > limits.max_unpacked_bytes:
            raise SpreadsheetError(Problem.TOO_BIG_UNPACKED, limit_mb=limits.max_unpacked_bytes // 1_000_000)
        part = _first_sheet_part(archive)
    # calamine parses the sheet without holding the GIL, so the formula scan
    # (unpacking and searching the sheet's XML: a quarter of calamine's time)
    # runs on another thread meanwhile. Formulas are still reported before
    # anything calamine makes of the file.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        scanning = pool.submit(_formula_cells_in, data, part)
        try:
            sheet: CalamineSheet | None = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
        except CalamineError:
            sheet = None
        formulas = scanning.result()
    if formulas:
        raise SpreadsheetError(Problem.FORMULAS, cells=", ".join(formulas))
    if sheet is None:
        raise SpreadsheetError(Problem.UNREADABLE)
    if sheet.height > limits.max_rows + 1:
        raise SpreadsheetError(Problem.TOO_MANY_ROWS, limit=limits.max_rows, rows=sheet.height - 1)
    merged = sheet.merged_cell_ranges or []
    if merged:
        refs = [f"{_ref(*start)}:{_ref(*end)}" for start, end in merged[:MAX_REFERENCES]]
        raise SpreadsheetError(Problem.MERGED_CELLS, cells=", ".join(refs))
    # iter_rows starts at the sheet's first row but at its first used column.
    padding: list[CellValue] = [""] * (sheet.start or (0, 0))[1]

    def records() -> Iterator[Sequence[CellValue]]:
        for record in sheet.iter_rows():
            yield padding + record if padding else record

    return records, sheet.height + (sheet.start or (0, 0))[0]


def _ref(row: int, column: int) -> str:
    return f"{column_letter(column)}{row + 1}"


_RELATIONSHIPS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _first_sheet_part(archive: zipfile.ZipFile) -> str | None:
    """The zip member holding the workbook's first sheet (the one calamine reads)."""
    try:
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))  # noqa: S314 - expat refuses entity bombs
        relations = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))  # noqa: S314
    except (KeyError, ElementTree.ParseError):
        return None
    sheet = next((el for el in workbook.iter() if el.tag.endswith("}sheet")), None)
    if sheet is None:
        return None
    relation_id = sheet.get(_RELATIONSHIPS)
    target = next((el.get("Target", "") for el in relations if el.get("Id") == relation_id), "")
    return target.lstrip("/") if target.startswith("/") else f"xl/{target}"


_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_CELL = re.compile(rb'<(?:\w+:)?c\s[^>]*?\br="([A-Z]+[0-9]+)"')


def _formula_cells_in(data: bytes, part: str | None) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return _formula_cells(archive, part)


def _formula_cells(archive: zipfile.ZipFile, part: str | None) -> list[str]:
    """References of the first cells holding a formula, read as a stream: the
    sheet's XML can be a hundred megabytes, and only its ``<f>`` tags matter."""
    if part is None or part not in archive.namelist():
        return []
    found: list[str] = []
    tail = b""
    with archive.open(part) as stream:
        while chunk := stream.read(_SCAN_CHUNK):
            text = tail + chunk
            # Most sheets have no formula: a plain search rules that out much faster than the pattern.
            maybe = b"<f" in text or b":f" in text
            for match in _FORMULA.finditer(text) if maybe else ():
                cells = list(_CELL.finditer(text, 0, match.start()))
                found.append(cells[-1].group(1).decode() if cells else "?")
                if len(found) >= MAX_REFERENCES:
                    return found
            # Keep the end of the chunk: a tag or its cell may straddle the boundary.
            tail = text[-512:]
            tail = tail[tail.rfind(b"<c ") :] if b"<c " in tail else tail
    return list(dict.fromkeys(found))


def estimate_rows(file: IO[bytes]) -> int:
    """Data rows, cheaply, to decide whether validating belongs in the
    background: the sheet's declared dimension, or the CSV's line count."""
    file.seek(0)
    head = file.read(4)
    file.seek(0)
    if head != ZIP_SIGNATURE:
        return max(0, file.read().count(b"\n") - 1)
    try:
        with zipfile.ZipFile(file) as archive:
            part = _first_sheet_part(archive)
            with archive.open(part or "xl/worksheets/sheet1.xml") as stream:
                start = stream.read(4096)
    except (zipfile.BadZipFile, KeyError, OSError):
        return 0
    dimension = re.search(rb'<(?:\w+:)?dimension ref="[A-Z]+\d+:[A-Z]+(\d+)"', start)
    return int(dimension.group(1)) - 1 if dimension else 0


# --- CSV ----------------------------------------------------------------------


def _csv_records(data: bytes) -> tuple[Records, int]:
    if not data.strip():
        raise SpreadsheetError(Problem.EMPTY)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            # Excel's plain "CSV" on Indonesian Windows.
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise SpreadsheetError(Problem.NOT_A_SPREADSHEET) from None
    first_line = text.split("\n", 1)[0]
    # Excel writes ";" where the decimal separator is a comma, as in Indonesia.
    delimiter = max((",", ";", "\t"), key=first_line.count)

    def records() -> Iterator[Sequence[CellValue]]:
        return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)

    return records, sum(1 for _ in records())


# --- cells --------------------------------------------------------------------


def text(value: CellValue) -> str:
    if isinstance(value, str):  # nearly every cell: checked first, as this runs for each of them
        return value.strip()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.date):  # a datetime is a date too
        return value.isoformat()
    return str(value).strip()


_NUMBER_IN_EXPONENT_FORM = re.compile(r"\d[.,]\d+[eE]\+?\d+")  # how a CSV saved by Excel shows a long number


def nik_text(value: CellValue) -> str:
    """A NIK kept as text. Excel keeps only 15 significant digits of a number,
    so a 16-digit NIK typed into a number cell has already lost its last digit."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise CellError(CellProblem.NIK_AS_NUMBER)
    written = str(value).strip()
    # Only a number in exponent form has an "e": most NIKs are ruled out without the pattern.
    if ("e" in written or "E" in written) and _NUMBER_IN_EXPONENT_FORM.fullmatch(written):
        raise CellError(CellProblem.NIK_AS_NUMBER)
    return written


MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("januari", "january", "jan"),
            ("februari", "february", "feb", "pebruari"),
            ("maret", "march", "mar"),
            ("april", "apr"),
            ("mei", "may"),
            ("juni", "june", "jun"),
            ("juli", "july", "jul"),
            ("agustus", "august", "agu", "agt", "ags", "aug"),
            ("september", "sep", "sept"),
            ("oktober", "october", "okt", "oct"),
            ("november", "nopember", "nov", "nop"),
            ("desember", "december", "des", "dec"),
        ],
        start=1,
    )
    for name in names
}
_NUMERIC_DATE = re.compile(r"(\d{1,4})[/.-](\d{1,2})[/.-](\d{1,4})")
_NAMED_DATE = re.compile(r"(\d{1,2})[\s./-]*([^\W\d_]+)\.?[\s./-]*(\d{2,4})")


def parse_date(value: CellValue) -> datetime.date:
    """A date cell, or text: ``17/05/2002``, ``17-05-2002``, ``2002-05-17``,
    ``17 Mei 2002`` (Indonesian or English month names). Day before month, as
    Indonesians write it; a two-digit year is refused rather than guessed."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    written = str(value).strip()
    if not written:
        raise CellError(CellProblem.REQUIRED)
    numeric, named = _NUMERIC_DATE.fullmatch(written), _NAMED_DATE.fullmatch(written.casefold())
    if numeric:
        first, month, last = numeric.groups()
        year, day = (first, last) if len(first) == 4 else (last, first)
    elif named and named.group(2) in MONTHS:
        day, month, year = named.group(1), str(MONTHS[named.group(2)]), named.group(3)
    else:
        raise CellError(CellProblem.BAD_DATE, value=written)
    if len(year) != 4:
        raise CellError(CellProblem.TWO_DIGIT_YEAR, value=written)
    try:
        return datetime.date(int(year), int(month), int(day))
    except ValueError:
        raise CellError(CellProblem.BAD_DATE, value=written) from None


def parse_decimal(value: CellValue) -> Decimal:
    """A number cell, or text with a decimal point or (Indonesian) comma."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    written = str(value).strip()
    if written.count(",") == 1 and "." not in written:
        written = written.replace(",", ".")
    try:
        number = Decimal(written)
    except InvalidOperation:
        raise CellError(CellProblem.NOT_A_NUMBER, value=written) from None
    if not number.is_finite():
        raise CellError(CellProblem.NOT_A_NUMBER, value=written)
    return number


def parse_int(value: CellValue) -> int:
    number = parse_decimal(value)
    if number != number.to_integral_value():
        raise CellError(CellProblem.NOT_A_WHOLE_NUMBER, value=text(value))
    return int(number)
