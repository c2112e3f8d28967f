from __future__ import annotations

import datetime

import pytest

from lib.nik import InvalidNik, NikProblem, compact, mask, parse_nik

TODAY = datetime.date(2026, 11, 23)


def test_it_reads_province_birth_date_and_sex_of_a_man() -> None:
    facts = parse_nik("3216011705020001", today=TODAY)
    assert (facts.province_code, facts.regency_code) == ("32", "3216")
    assert facts.birth_date == datetime.date(2002, 5, 17)
    assert facts.sex == "M"


def test_it_reads_a_womans_day_plus_forty() -> None:
    facts = parse_nik("3216015705020001", today=TODAY)
    assert facts.birth_date == datetime.date(2002, 5, 17)
    assert facts.sex == "F"


def test_it_takes_the_latest_century_that_is_not_in_the_future() -> None:
    assert parse_nik("3216011705020001", today=TODAY).birth_date.year == 2002
    assert parse_nik("3216011705980001", today=TODAY).birth_date.year == 1998
    assert parse_nik("3216011705260001", today=datetime.date(2026, 5, 16)).birth_date.year == 1926


@pytest.mark.parametrize("typed", ["3216 0117 0502 0001", " 3216-0117-0502-0001 ", "3216.011705020001"])
def test_it_ignores_spaces_dots_and_dashes(typed: str) -> None:
    assert parse_nik(typed, today=TODAY).number == "3216011705020001"
    assert compact(typed) == "3216011705020001"


def test_it_reads_full_width_digits_as_the_digits_they_are() -> None:
    # As typed with a Japanese input method; python-stdnum turns them into ASCII.
    assert parse_nik("３２１６０１１７０５０２０００１", today=TODAY).number == "3216011705020001"


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("321601170502001", NikProblem.WRONG_LENGTH),
        ("32160117050200011", NikProblem.WRONG_LENGTH),
        ("3216A11705020001", NikProblem.NOT_DIGITS),
        ("٣٢١٦٠١١٧٠٥٠٢٠٠٠١", NikProblem.NOT_DIGITS),  # Arabic-Indic digits
        ("3216013205020001", NikProblem.BAD_DATE),  # day 32
        ("3216017205020001", NikProblem.BAD_DATE),  # woman's day 72 = 32
        ("3216019905020001", NikProblem.BAD_DATE),  # day 99: neither 1-31 nor 41-71
        ("3216011713020001", NikProblem.BAD_DATE),  # month 13
        ("3216013002010001", NikProblem.BAD_DATE),  # 30 February
        ("3216010000000001", NikProblem.BAD_DATE),
        ("3216011705020000", NikProblem.NO_SERIAL),  # serials start at 0001
        ("3216015705020000", NikProblem.NO_SERIAL),  # a woman's too
        ("3216 0117 0502 0000", NikProblem.NO_SERIAL),  # however it is typed
    ],
)
def test_it_names_what_is_wrong(typed: str, problem: NikProblem) -> None:
    with pytest.raises(InvalidNik) as raised:
        parse_nik(typed, today=TODAY)
    assert raised.value.problem == problem


@pytest.mark.parametrize("serial", ["0001", "0010", "0100", "1000", "9999"])
def test_it_reads_serials_that_end_in_zeros_but_are_not_all_zeros(serial: str) -> None:
    assert parse_nik(f"321601170502{serial}", today=TODAY).number.endswith(serial)


def test_it_leaves_the_province_check_to_the_reference_table() -> None:
    # 65 (Kalimantan Utara, since 2012) is missing from python-stdnum's list.
    assert parse_nik("6501011705020001", today=TODAY).province_code == "65"


def test_it_masks_all_but_the_region_and_serial() -> None:
    assert mask("3216011705020001") == "3216••••••••0001"


def test_the_same_nik_is_read_again_for_another_day() -> None:
    # Birth dates are remembered by their digits and the day they were read on.
    assert parse_nik("3216011705260001", today=datetime.date(2026, 5, 17)).birth_date.year == 2026
    assert parse_nik("3216011705260001", today=datetime.date(2026, 5, 16)).birth_date.year == 1926
