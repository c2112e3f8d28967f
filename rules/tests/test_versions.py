"""Rule versions: the version in force on a decision's date answers it, a later
version never changes an earlier answer, every answer names its version, and
the parameters travel as plain data (the packaged file, the administrators'
copy) with a clear error when malformed."""

from __future__ import annotations

import copy
import dataclasses
import datetime
import json
from pathlib import Path
from typing import Any

import pytest

from rules import (
    Family,
    RuleBook,
    RuleDataError,
    RuleInputError,
    Stage,
    TitpQuotaParameters,
    default_rule_book,
    in_force,
    labelled,
    load_rule_book,
    read_version,
    titp_quota_check,
    titp_yearly_quota,
    versions_in_force,
)
from rules.versions import DEFAULT_FILE

CHANGE_DAY = datetime.date(2028, 4, 1)
DAY_BEFORE = datetime.date(2028, 3, 31)

# A made-up 2028 table, for the tests only: smaller companies get more.
HYPOTHETICAL_2028 = """
[[titp_quota]]
label = "2028-hypothetical"
effective_from = 2028-04-01
source = "Invented for the tests."

[titp_quota.parameters.bands]
value = [[20, 4], [50, 6]]
source = "Invented."

[titp_quota.parameters.above_divisor]
value = 10
source = "Invented."

[titp_quota.parameters.multipliers_normal]
value = { i = 1, ii = 2, iii = 0 }
source = "Invented."

[titp_quota.parameters.multipliers_excellent]
value = { i = 2, ii = 4, iii = 6 }
source = "Invented."

[titp_quota.parameters.caps]
value = { i = 1, ii = 2, iii = 3 }
source = "Invented."

[titp_quota.parameters.construction_total_cap]
value = 1
source = "Invented."

[titp_quota.parameters.own_tables]
value = []
source = "Invented."
"""


@pytest.fixture
def book_with_2028(tmp_path: Path) -> RuleBook:
    """The packaged file with the made-up 2028 version appended, read like the real one."""
    path = tmp_path / "rule_versions.toml"
    path.write_text(DEFAULT_FILE.read_text(encoding="utf-8") + HYPOTHETICAL_2028, encoding="utf-8")
    return load_rule_book(path)


def _quota(book: RuleBook, on: datetime.date, staff: int = 25) -> tuple[int | None, str]:
    answer = titp_yearly_quota(
        full_time_staff=staff, excellent=False, stage=Stage.I, version=in_force(book.titp_quota, on)
    )
    assert answer.rule is not None
    return answer.value, answer.rule.label


def test_a_later_version_answers_from_its_effective_date(book_with_2028: RuleBook) -> None:
    assert _quota(book_with_2028, CHANGE_DAY, staff=15) == (4, "2028-hypothetical")
    assert _quota(book_with_2028, CHANGE_DAY, staff=25) == (6, "2028-hypothetical")
    assert _quota(book_with_2028, CHANGE_DAY, staff=70) == (7, "2028-hypothetical")


def test_a_later_version_never_changes_an_answer_for_a_day_before_it(book_with_2028: RuleBook) -> None:
    assert _quota(book_with_2028, DAY_BEFORE, staff=15) == (3, "2026-initial")
    assert _quota(book_with_2028, DAY_BEFORE, staff=25) == (3, "2026-initial")
    assert _quota(book_with_2028, DAY_BEFORE, staff=70) == (6, "2026-initial")


def test_a_stored_decision_is_answered_again_by_the_version_it_names(book_with_2028: RuleBook) -> None:
    decided = titp_quota_check(
        full_time_staff=25,
        excellent=False,
        stage=Stage.I,
        new_positions=4,
        current_trainees_in_stage=0,
        construction=False,
        current_trainees_total=0,
        version=in_force(book_with_2028.titp_quota, datetime.date(2027, 10, 1)),
    )
    assert decided.rule is not None
    stored_label = decided.rule.label

    again = titp_quota_check(
        full_time_staff=25,
        excellent=False,
        stage=Stage.I,
        new_positions=4,
        current_trainees_in_stage=0,
        construction=False,
        current_trainees_total=0,
        version=labelled(book_with_2028.titp_quota, stored_label),
    )

    assert (stored_label, decided.value, decided.would_fit) == ("2026-initial", False, 3)
    assert again == decided


def test_the_versions_in_force_on_a_day_are_one_per_family(book_with_2028: RuleBook) -> None:
    rules = versions_in_force(CHANGE_DAY, book=book_with_2028)

    assert [rules.titp_quota.label, rules.titp_stages.label, rules.esd.label] == [
        "2028-hypothetical",
        "2026-initial",
        "2027-04",
    ]


def test_no_rules_are_in_force_before_the_first_version() -> None:
    with pytest.raises(RuleInputError) as refused:
        titp_yearly_quota(full_time_staff=25, excellent=False, stage=Stage.I, on=datetime.date(2017, 10, 31))

    assert str(refused.value) == (
        "No titp_quota rules are in force on 31 October 2017; the earliest apply from 1 November 2017."
    )


def test_an_unknown_label_is_refused() -> None:
    with pytest.raises(RuleInputError, match="There is no rule version labelled 1999"):
        labelled(default_rule_book().titp_quota, "1999")


@pytest.mark.parametrize(
    "choice",
    [{}, {"on": datetime.date(2026, 6, 1), "version": default_rule_book().titp_quota[0]}],
    ids=["neither", "both"],
)
def test_a_rule_needs_either_a_date_or_a_version(choice: dict[str, Any]) -> None:
    with pytest.raises(TypeError, match="pass either on="):
        titp_yearly_quota(full_time_staff=25, excellent=False, stage=Stage.I, **choice)


def test_the_packaged_rules_survive_a_round_trip_through_plain_json() -> None:
    book = default_rule_book()
    plain = json.loads(json.dumps(book.to_dict()))

    assert RuleBook.from_dict(plain) == book


def test_one_version_survives_a_round_trip_through_its_dict() -> None:
    version = default_rule_book().esd[0]

    assert read_version(version.to_dict(), family=Family.ESD, kind=type(version.parameters)) == version


def test_a_configured_table_of_its_own_gives_nursing_care_a_quota() -> None:
    """What an administrator's copy does once nursing care's figures are confirmed
    (made-up figures here)."""
    data: dict[str, Any] = copy.deepcopy(default_rule_book().titp_quota[0].to_dict())
    data["label"] = "admin-2026-07"
    data["parameters"]["own_tables"]["value"] = [
        {"job_category_code": "7-13", "name": "nursing care", "bands": [[10, 1]], "above_divisor": 10}
    ]
    version = read_version(data, family=Family.TITP_QUOTA, kind=TitpQuotaParameters)

    answer = titp_yearly_quota(
        full_time_staff=25, excellent=False, stage=Stage.I, job_category_code="7-13", version=version
    )

    assert answer.value == 2
    assert answer.explain().startswith(
        "quota 2: 25 full-time staff > 10, supervising organization and company not both excellent, stage i; "
        "nursing care (job category 7-13) has its own quota table; basic quota 2: 25 full-time staff ÷ 10"
    )


def test_every_packaged_parameter_names_its_source() -> None:
    book = default_rule_book()
    for field in dataclasses.fields(book):
        for version in getattr(book, field.name):
            assert set(version.notes) == set(version.parameters.to_values())
            assert all(note.source.strip() for note in version.notes.values())


def test_the_figures_the_domain_notes_could_not_confirm_are_marked_unverified() -> None:
    book = default_rule_book()

    assert book.titp_quota[0].unverified == ("caps", "own_tables")
    assert book.ssw[0].unverified == ("titp_categories_by_field",)
    assert (book.titp_stages[0].unverified, book.esd[0].unverified, book.wages[0].unverified) == ((), (), ())


def _broken(change: Any) -> dict[str, Any]:
    data: dict[str, Any] = copy.deepcopy(default_rule_book().to_dict())
    change(data)
    return data


def _quota_parameters(data: dict[str, Any]) -> dict[str, Any]:
    return data["titp_quota"][0]["parameters"]  # type: ignore[no-any-return]


MALFORMED = {
    "a parameter without its source": (
        lambda data: _quota_parameters(data)["bands"].pop("source"),
        "titp_quota '2026-initial': parameters: bands: source is missing",
    ),
    "bands that do not go up": (
        lambda data: _quota_parameters(data)["bands"].update(value=[[30, 3], [30, 4]]),
        "bands: bands must go up in staff, each above the one before",
    ),
    "a band that is not a pair": (
        lambda data: _quota_parameters(data)["bands"].update(value=[[30, 3, 1]]),
        "each band is [up_to_staff, basic_quota]",
    ),
    "a count that is true": (
        lambda data: _quota_parameters(data)["above_divisor"].update(value=True),
        "above_divisor: expected a whole number, got True",
    ),
    "a divisor of zero": (
        lambda data: _quota_parameters(data)["above_divisor"].update(value=0),
        "above_divisor: expected at least 1, got 0",
    ),
    "a stage missing from a multiplier table": (
        lambda data: _quota_parameters(data)["caps"].update(value={"i": 1, "ii": 2}),
        "caps: iii is missing",
    ),
    "a parameter nobody reads": (
        lambda data: _quota_parameters(data).update(cap_for_robots={"value": 1, "source": "typo"}),
        "unknown cap_for_robots",
    ),
    "a missing parameter": (
        lambda data: _quota_parameters(data).pop("construction_total_cap"),
        "construction_total_cap is missing",
    ),
    "an unverified mark that is not true or false": (
        lambda data: _quota_parameters(data)["caps"].update(unverified="yes"),
        "caps: unverified: expected true or false",
    ),
    "an own table with bands but no divisor": (
        lambda data: _quota_parameters(data)["own_tables"].update(
            value=[{"job_category_code": "7-13", "name": "nursing care", "bands": [[10, 1]]}]
        ),
        "own_tables[0]: above_divisor is missing",
    ),
    "a date that is not a date": (
        lambda data: data["esd"][0]["parameters"]["starts_on"].update(value="1 April 2027"),
        "starts_on: expected a date (YYYY-MM-DD), got '1 April 2027'",
    ),
    "two versions from the same day": (
        lambda data: data["wages"].append({**data["wages"][0], "label": "again"}),
        "wages: two versions share the effective_from 2017-11-01",
    ),
    "two versions with one label": (
        lambda data: data["wages"].append({**data["wages"][0], "effective_from": "2030-01-01"}),
        "wages: two versions share the label 2026-initial",
    ),
    "a missing family": (lambda data: data.pop("ssw"), "rule book: ssw is missing"),
    "a family with no version": (lambda data: data.update(esd=[]), "esd: no version"),
    "a home return range upside down": (
        lambda data: data["titp_stages"][0]["parameters"]["home_return_min_months"].update(value=12),
        "home_return_min_months: must be less than home_return_max_months",
    ),
}


@pytest.mark.parametrize(("change", "message"), MALFORMED.values(), ids=MALFORMED.keys())
def test_malformed_rule_data_is_refused_with_a_clear_message(change: Any, message: str) -> None:
    with pytest.raises(RuleDataError) as refused:
        RuleBook.from_dict(_broken(change))

    assert message in str(refused.value)


def test_a_file_that_is_not_toml_is_refused_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "rule_versions.toml"
    path.write_text("[[titp_quota]\nlabel = ", encoding="utf-8")

    with pytest.raises(RuleDataError, match=r"rule_versions\.toml: not valid TOML"):
        load_rule_book(path)


def test_an_error_in_a_file_names_the_file_and_the_version(tmp_path: Path) -> None:
    path = tmp_path / "rule_versions.toml"
    path.write_text(
        DEFAULT_FILE.read_text(encoding="utf-8") + HYPOTHETICAL_2028.replace("value = 10", "value = -10"),
        encoding="utf-8",
    )

    with pytest.raises(RuleDataError) as refused:
        load_rule_book(path)

    assert str(refused.value) == (
        f"{path}: titp_quota '2028-hypothetical': parameters: above_divisor: expected at least 1, got -10"
    )
