"""Sending programmes are starters: loaded once, then the admins' to change."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from reference import loader
from reference.files import ReferenceFileError
from reference.loader import Outcome
from reference.models import STANDARD_GATE_ITEMS, DocumentKind, GateItem, LanguageTest, SendingProgramme, Track

HEADER = (
    "code,name,track,min_age,max_age,sex,min_language_level,accepts_in_house_level,requires_skill_course,"
    "min_sending_organization_hours,passport_valid_months,required_documents\n"
)


@pytest.fixture
def levels(db: None) -> None:
    LanguageTest.objects.create(code="JLPT-N4", family="JLPT", level="N4", cefr="A2", rank=20)


def write(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "sending_programmes.csv"
    path.write_text(HEADER + "".join(f"{row}\n" for row in rows), encoding="utf-8")
    return path


def test_it_creates_the_programmes_with_their_requirements(levels: None, tmp_path: Path) -> None:
    path = write(tmp_path, "ssw-1,SSW i,ssw,18,,,JLPT-N4,no,no,0,18,passport;photo")

    summary = loader.load_sending_programmes(path=path)

    programme = SendingProgramme.objects.get(code="ssw-1")
    assert summary.outcome == Outcome.STARTED
    assert programme.track == Track.SSW
    assert programme.max_age is None
    assert programme.min_language_level is not None
    assert programme.min_language_level.code == "JLPT-N4"
    assert programme.required_document_kinds == [DocumentKind.PASSPORT, DocumentKind.PHOTO]
    assert not programme.requires_skill_course


def test_it_never_overwrites_what_an_admin_changed(levels: None, tmp_path: Path) -> None:
    path = write(tmp_path, "ssw-1,SSW i,ssw,18,,,JLPT-N4,no,no,0,18,passport")
    loader.load_sending_programmes(path=path)
    SendingProgramme.objects.filter(code="ssw-1").update(min_age=21)

    summary = loader.load_sending_programmes(path=path)

    assert summary.created_total == 0
    assert summary.unchanged == 1
    assert SendingProgramme.objects.get(code="ssw-1").min_age == 21


@pytest.mark.parametrize(
    ("row", "column"),
    [
        ("x,X,ssw,18,,,JLPT-N9,no,no,0,18,passport", "min_language_level"),
        ("x,X,ssw,18,,,,no,no,0,18,passport;visa", "required_documents"),
        ("x,X,ssw,18,,,,maybe,no,0,18,passport", "accepts_in_house_level"),
        ("x,X,boat,18,,,,no,no,0,18,passport", "track"),
    ],
)
def test_a_bad_row_is_refused_naming_its_column(levels: None, tmp_path: Path, row: str, column: str) -> None:
    with pytest.raises(ReferenceFileError) as refused:
        loader.load_sending_programmes(path=write(tmp_path, row))

    assert (refused.value.row, refused.value.column) == (2, column)
    assert not SendingProgramme.objects.exists()


GATE_HEADER = HEADER.rstrip("\n") + ",gate_items,min_orientation_hours\n"


def write_with_gate(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "sending_programmes.csv"
    path.write_text(GATE_HEADER + "".join(f"{row}\n" for row in rows), encoding="utf-8")
    return path


def test_it_reads_the_gate_items_and_orientation_hours(levels: None, tmp_path: Path) -> None:
    path = write_with_gate(tmp_path, "ssw-1,SSW i,ssw,18,,,,no,no,0,18,passport,employment_contract;coe;flight,24")

    loader.load_sending_programmes(path=path)

    programme = SendingProgramme.objects.get(code="ssw-1")
    assert programme.gate_item_kinds == [GateItem.EMPLOYMENT_CONTRACT, GateItem.COE, GateItem.FLIGHT]
    assert programme.min_orientation_hours == 24


def test_it_gives_the_standard_gate_to_a_file_without_one(levels: None, tmp_path: Path) -> None:
    loader.load_sending_programmes(path=write(tmp_path, "titp,TITP,titp,18,,,,no,no,0,18,passport"))

    programme = SendingProgramme.objects.get(code="titp")
    assert programme.gate_items == []
    assert programme.gate_item_kinds == list(STANDARD_GATE_ITEMS[Track.TITP])
    assert programme.min_orientation_hours == 16


@pytest.mark.parametrize(
    ("items", "problem"),
    [
        ("coe;boarding_pass;flight", "unknown gate item boarding_pass"),
        ("plan_certification;coe;flight", "is not part of the Specified Skilled Worker (SSW) procedure"),
        ("coe;visa", "the flight is part of every gate"),
    ],
)
def test_it_refuses_a_gate_that_does_not_fit_naming_its_column(
    levels: None, tmp_path: Path, items: str, problem: str
) -> None:
    path = write_with_gate(tmp_path, f"x,X,ssw,18,,,,no,no,0,18,passport,{items},16")

    with pytest.raises(ReferenceFileError) as refused:
        loader.load_sending_programmes(path=path)

    assert (refused.value.row, refused.value.column) == (2, "gate_items")
    assert problem in str(refused.value)
    assert not SendingProgramme.objects.exists()


def test_an_administrator_cannot_save_a_gate_of_another_procedure(db: None) -> None:
    programme = SendingProgramme(code="esd", name="ESD", track=Track.ESD, gate_items=["plan_certification", "flight"])

    with pytest.raises(ValidationError) as refused:
        programme.clean()

    assert "gate_items" in refused.value.message_dict
