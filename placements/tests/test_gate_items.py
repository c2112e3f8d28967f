"""Entries for the gate's items (placements.gate_items): formats, dates in
order, and the COE's expiry."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

import pytest
from django.utils import translation

from placements.gate_items import GateEntry, coe_expiry, entry_problems, normalized, normalized_coe_number
from placements.models import normalized_flight_number
from reference.models import GateItem

TODAY = datetime.date(2026, 6, 1)


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    ("issued", "last_day"),
    [
        (datetime.date(2026, 1, 10), datetime.date(2026, 4, 10)),
        (datetime.date(2026, 3, 19), datetime.date(2026, 6, 19)),
        # No 30th in February: the period ends on its last day.
        (datetime.date(2025, 11, 30), datetime.date(2026, 2, 28)),
        (datetime.date(2027, 11, 30), datetime.date(2028, 2, 29)),
        (datetime.date(2026, 1, 31), datetime.date(2026, 4, 30)),
        (datetime.date(2026, 12, 31), datetime.date(2027, 3, 31)),
    ],
)
def test_it_counts_three_months_from_the_coes_issue(issued: datetime.date, last_day: datetime.date) -> None:
    assert coe_expiry(issued) == last_day


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("AB12345678", "AB12345678"),
        ("ab 1234 5678", "AB12345678"),
        ("EFG-000123456", "EFG000123456"),
        ("123456789012", "123456789012"),
    ],
)
def test_it_reads_a_coe_number_in_its_usual_spellings(typed: str, stored: str) -> None:
    assert normalized_coe_number(typed) == stored


@pytest.mark.parametrize(
    "typed",
    ["12345", "AB12X45678", "2026-05-01", "01/05/2026", "ABCDE123456", "1234567890123", "Budi Santoso", "AB123456/7"],
    ids=[
        "too short",
        "letter inside",
        "a date",
        "a date the other way",
        "five letters",
        "too long",
        "a name",
        "a slash",
    ],
)
def test_it_refuses_what_is_not_a_coe_number(typed: str) -> None:
    problems = entry_problems(GateItem.COE, GateEntry(applied_on=TODAY, done_on=TODAY, number=typed), today=TODAY)

    assert problems == {
        "number": "This is not a COE number: up to four letters followed by 6 to 12 digits, as printed on the "
        "certificate."
    }


def test_it_refuses_an_issue_before_the_application() -> None:
    problems = entry_problems(
        GateItem.COE,
        GateEntry(applied_on=datetime.date(2026, 5, 2), done_on=datetime.date(2026, 5, 1), number="AB12345678"),
        today=TODAY,
    )

    assert problems == {"done_on": "This is before the application (2 May 2026): check both dates."}


def test_it_refuses_an_issue_in_the_future() -> None:
    problems = entry_problems(
        GateItem.VISA, GateEntry(done_on=TODAY + datetime.timedelta(days=1), number="V1"), today=TODAY
    )

    assert problems == {"done_on": "This cannot be dated in the future: record it once it has happened."}


def test_it_asks_for_the_number_of_an_issued_certificate() -> None:
    problems = entry_problems(
        GateItem.PLAN_CERTIFICATION, GateEntry(applied_on=datetime.date(2026, 3, 1), done_on=TODAY), today=TODAY
    )

    assert problems == {"number": "A certificate that has been issued has a number: give it."}


def test_it_takes_an_application_alone() -> None:
    assert entry_problems(GateItem.COE, GateEntry(applied_on=datetime.date(2026, 3, 1)), today=TODAY) == {}


def test_it_requires_each_items_fields() -> None:
    assert set(entry_problems(GateItem.INSURANCE, GateEntry(), today=TODAY)) == {"note", "number", "valid_until"}
    assert set(entry_problems(GateItem.FLIGHT, GateEntry(), today=TODAY)) == {
        "done_on",
        "flight_number",
        "route_from",
        "route_to",
    }


def test_it_takes_a_skill_test_as_passed_or_exempt() -> None:
    passed = GateEntry(done_on=datetime.date(2026, 4, 1), note="評価試験")
    exempt = GateEntry(exempt=True, note="TITP 2号")

    assert entry_problems(GateItem.SKILL_TEST, passed, today=TODAY) == {}
    assert entry_problems(GateItem.SKILL_TEST, exempt, today=TODAY) == {}
    assert set(entry_problems(GateItem.SKILL_TEST, GateEntry(note="評価試験"), today=TODAY)) == {"done_on"}


@pytest.mark.parametrize(
    ("entry", "fields"),
    [
        (GateEntry(done_on=TODAY, flight_number="GA874", route_from="CGK", route_to="SDJ"), set()),
        (GateEntry(done_on=TODAY, flight_number="Garuda", route_from="CGK", route_to="SDJ"), {"flight_number"}),
        (
            GateEntry(done_on=TODAY, flight_number="GA 874", route_from="CGKX", route_to="SD"),
            {"route_from", "route_to"},
        ),
        (GateEntry(done_on=TODAY, flight_number="GA 874", route_from="CG1", route_to="SDJ"), {"route_from"}),
        (GateEntry(done_on=TODAY, flight_number="GA 874", route_from="CGK", route_to="cgk"), {"route_to"}),
        (
            GateEntry(
                done_on=TODAY - datetime.timedelta(days=31), flight_number="GA 874", route_from="CGK", route_to="SDJ"
            ),
            {"done_on"},
        ),
        (
            GateEntry(
                done_on=TODAY - datetime.timedelta(days=30), flight_number="GA 874", route_from="CGK", route_to="SDJ"
            ),
            set(),
        ),
    ],
    ids=[
        "valid",
        "not a flight number",
        "codes of the wrong length",
        "a digit in a code",
        "the same airport",
        "31 days ago",
        "30 days ago",
    ],
)
def test_it_checks_a_flight(entry: GateEntry, fields: set[str]) -> None:
    assert set(entry_problems(GateItem.FLIGHT, entry, today=TODAY)) == fields


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("GA874", "GA 874"), ("ga 874", "GA 874"), ("JL726", "JL 726"), ("NH 836A", "NH 836A"), ("3K 1", "3K 1")],
)
def test_it_writes_flight_numbers_one_way(typed: str, stored: str) -> None:
    assert normalized_flight_number(typed) == stored


@pytest.mark.parametrize("typed", ["GA", "874", "GA 87456", "G 874", "22 874", "GA-874!"])
def test_it_refuses_what_is_not_a_flight_number(typed: str) -> None:
    assert normalized_flight_number(typed) is None


def test_it_stores_the_coe_with_its_expiry_and_only_its_own_fields() -> None:
    entry = GateEntry(
        applied_on=datetime.date(2026, 3, 1),
        done_on=datetime.date(2026, 3, 19),
        number=" ab 1234 5678 ",
        hours=12,
        note="ignored",
    )

    stored = normalized(GateItem.COE, entry)

    assert stored == GateEntry(
        applied_on=datetime.date(2026, 3, 1),
        done_on=datetime.date(2026, 3, 19),
        number="AB12345678",
        valid_until=datetime.date(2026, 6, 19),
    )
