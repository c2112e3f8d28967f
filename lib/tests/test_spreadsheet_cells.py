"""Cells, one at a time: dates, NIKs and numbers read the way Indonesians
write them, and every value a spreadsheet can hold either read or refused
with a code, never an exception of another kind."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lib.spreadsheet import (
    CellError,
    CellProblem,
    CellValue,
    Shown,
    nik_text,
    parse_date,
    parse_decimal,
    parse_int,
    text,
)


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("17/05/2002", datetime.date(2002, 5, 17)),
        ("17-05-2002", datetime.date(2002, 5, 17)),
        ("2002-05-17", datetime.date(2002, 5, 17)),
        ("17 Mei 2002", datetime.date(2002, 5, 17)),
        ("17 Agustus 1945", datetime.date(1945, 8, 17)),
        ("1 Des 2000", datetime.date(2000, 12, 1)),
        (datetime.datetime(2002, 5, 17, 0, 0, tzinfo=datetime.UTC), datetime.date(2002, 5, 17)),
        (datetime.date(2002, 5, 17), datetime.date(2002, 5, 17)),
    ],
)
def test_it_reads_dates_as_cells_or_as_text(written: object, expected: datetime.date) -> None:
    assert parse_date(written) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("written", "problem"),
    [
        ("31/02/2002", CellProblem.BAD_DATE),
        ("05/17/2002", CellProblem.BAD_DATE),  # month first is not how Indonesians write it
        ("17 Mai 2002", CellProblem.BAD_DATE),
        ("kemarin", CellProblem.BAD_DATE),
        ("17/05/02", CellProblem.TWO_DIGIT_YEAR),
        ("", CellProblem.REQUIRED),
    ],
)
def test_it_refuses_dates_it_cannot_be_sure_of(written: str, problem: CellProblem) -> None:
    with pytest.raises(CellError) as refused:
        parse_date(written)
    assert refused.value.problem == problem


@pytest.mark.parametrize("stored", [3216011705020000.0, 3216011705020001, "3.21601E+15", "3,21601E+15"])
def test_it_refuses_a_nik_stored_as_a_number(stored: object) -> None:
    with pytest.raises(CellError) as refused:
        nik_text(stored)  # type: ignore[arg-type]
    assert refused.value.problem == CellProblem.NIK_AS_NUMBER


def test_it_keeps_a_nik_written_as_text_with_its_spaces_for_the_nik_reader() -> None:
    assert nik_text(" 3216 0117 0502 0001 ") == "3216 0117 0502 0001"


def test_it_reads_numbers_with_a_decimal_comma() -> None:
    assert parse_decimal("85,5") == Decimal("85.5")
    assert parse_decimal(85.5) == Decimal("85.5")
    assert parse_int(320.0) == 320
    assert text(81234567890.0) == "81234567890"
    with pytest.raises(CellError):
        parse_decimal("delapan puluh")
    with pytest.raises(CellError):
        parse_int("1,5")


# --- dates typed as Excel day numbers ---------------------------------------------


@pytest.mark.parametrize(
    ("serial", "date1904", "expected"),
    [
        (37393, False, datetime.date(2002, 5, 17)),  # typed into a cell formatted General
        (37393.75, False, datetime.date(2002, 5, 17)),  # with a time of day
        (35931, True, datetime.date(2002, 5, 17)),  # a workbook counting from 1904
        (Shown(stored=37393.0, text="0037393", number=Decimal(37393)), False, datetime.date(2002, 5, 17)),
    ],
)
def test_it_reads_a_day_number_in_a_date_column_as_a_date(
    serial: float | Shown, date1904: bool, expected: datetime.date
) -> None:
    assert parse_date(serial, date1904=date1904) == expected


@pytest.mark.parametrize("serial", [2002, 17, 0, -5, 1e30, float("nan"), float("inf"), 80000, True])
def test_it_refuses_a_number_that_is_no_plausible_date(serial: float) -> None:
    # 2002 is a year typed alone, 17 a day: taken as Excel day numbers they would be 1905 and 1900.
    with pytest.raises(CellError) as refused:
        parse_date(serial)
    assert refused.value.problem == CellProblem.BAD_DATE


def test_a_percentage_in_a_date_column_is_not_a_date() -> None:
    with pytest.raises(CellError):
        parse_date(Shown(stored=0.5, text="50%", number=Decimal(50)))


# --- numbers ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("85,5", Decimal("85.5")),
        ("85.5", Decimal("85.5")),
        (" 90 ", Decimal(90)),
        ("85,5 %", Decimal("85.5")),  # a CSV shows a percentage as it was displayed
        ("-0", Decimal(0)),
        ("-0,0", Decimal(0)),
        ("+7", Decimal(7)),
        (85.5, Decimal("85.5")),
        (-0.0, Decimal(0)),
        (320, Decimal(320)),
        (Shown(stored=0.855, text="85.5%", number=Decimal("85.500")), Decimal("85.5")),
    ],
)
def test_it_reads_numbers_as_written(written: object, expected: Decimal) -> None:
    number = parse_decimal(written)  # type: ignore[arg-type]
    assert number == expected
    assert not number.is_signed()  # never a negative zero


@pytest.mark.parametrize(
    "written",
    [
        "1e30",
        "1E+30",
        "NaN",
        "nan",
        "Infinity",
        "-inf",
        "sNaN",
        "1_000",
        "٣",
        "85,5,1",
        "1.234,5",
        "",
        "delapan",
        "--1",
    ],
)
def test_it_refuses_text_that_is_not_a_number_as_people_write_one(written: str) -> None:
    with pytest.raises(CellError) as refused:
        parse_decimal(written)
    assert refused.value.problem == CellProblem.NOT_A_NUMBER


@pytest.mark.parametrize("stored", [float("nan"), float("inf"), float("-inf"), True])
def test_it_refuses_number_cells_that_are_no_number(stored: float) -> None:
    with pytest.raises(CellError) as refused:
        parse_decimal(stored)
    assert refused.value.problem == CellProblem.NOT_A_NUMBER


@pytest.mark.parametrize(
    ("written", "problem"),
    [
        ("1,5", CellProblem.NOT_A_WHOLE_NUMBER),
        (1.5, CellProblem.NOT_A_WHOLE_NUMBER),
        ("1.000", CellProblem.AMBIGUOUS_NUMBER),  # a thousand in Indonesia, one in English
        ("2,500", CellProblem.AMBIGUOUS_NUMBER),
        ("1e3", CellProblem.NOT_A_NUMBER),
    ],
)
def test_it_refuses_whole_numbers_it_cannot_be_sure_of(written: object, problem: CellProblem) -> None:
    with pytest.raises(CellError) as refused:
        parse_int(written)  # type: ignore[arg-type]
    assert refused.value.problem == problem


def test_it_reads_whole_numbers() -> None:
    assert [parse_int(value) for value in ("320", " 1000 ", 320.0, "1,0", Decimal("40"))] == [320, 1000, 320, 1, 40]


def test_a_number_shown_through_a_format_reads_as_shown() -> None:
    phone = Shown(stored=81234567890.0, text="081234567890", number=Decimal(81234567890))
    assert text(phone) == "081234567890"
    with pytest.raises(CellError) as refused:
        nik_text(phone)  # still a number: its 16th digit was lost before any format
    assert refused.value.problem == CellProblem.NIK_AS_NUMBER


# --- any value at all ------------------------------------------------------------------

CELLS = st.one_of(
    st.text(),
    st.text(alphabet="0123456789.,+-%eE /-: ").map(str),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.dates(),
    st.datetimes(),
    st.times(),
    st.timedeltas(),
)


PARSERS: tuple[Callable[[CellValue], object], ...] = (parse_decimal, parse_int, parse_date, nik_text, text)


def _parsed(parse: Callable[[CellValue], object], value: CellValue) -> object:
    """The value, or the CellError: anything else raised fails the test."""
    try:
        return parse(value)
    except CellError as error:
        return error


@given(CELLS)
def test_every_cell_parses_or_is_refused_with_a_code(value: CellValue) -> None:
    for parse in PARSERS:
        result = _parsed(parse, value)
        if isinstance(result, CellError):
            assert isinstance(result.problem, CellProblem)
        elif isinstance(result, Decimal):
            assert result.is_finite()
            assert not (result == 0 and result.is_signed())


@given(st.decimals(min_value=-(10**6), max_value=10**6, places=2, allow_nan=False, allow_infinity=False))
def test_a_number_written_with_a_comma_or_point_reads_back(number: Decimal) -> None:
    written = format(number, "f")
    assert parse_decimal(written) == number
    assert parse_decimal(written.replace(".", ",")) == number


@given(st.dates(min_value=datetime.date(1920, 1, 1), max_value=datetime.date(2099, 12, 31)))
def test_a_date_as_excel_stores_it_reads_back(day: datetime.date) -> None:
    assert parse_date((day - datetime.date(1899, 12, 30)).days) == day
    assert parse_date(day.strftime("%d/%m/%Y")) == day
