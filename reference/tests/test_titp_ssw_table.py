"""The TITP → SSW table: a dated list version whose rows the domain notes
confirm for agriculture, fishery and construction and mark unverified
elsewhere; the rules read it as the table in force."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from reference.admin import TitpSswLinkForm
from reference.files import ReferenceFileError
from reference.loader import DATA_DIR, load_titp_ssw_table
from reference.manifest import load_all
from reference.models import ListKind, ListVersion, TitpSswLink

pytestmark = pytest.mark.django_db

HEADER = "job_category_code,job_category_ja,ssw_field_ja,verified,source\n"


@pytest.fixture
def lists() -> None:
    load_all(data_dir=DATA_DIR)


def test_it_ships_the_confirmed_rows_verified_and_the_rest_unverified(lists: None) -> None:
    confirmed = set(TitpSswLink.objects.filter(verified=True).values_list("ssw_field_ja", flat=True))

    assert confirmed == {"農業", "漁業", "建設"}
    assert TitpSswLink.objects.filter(verified=True).count() == 2 + 2 + 23
    assert TitpSswLink.objects.get(job_category_code="7-13").verified is False


def test_the_table_in_force_is_what_the_rules_read(lists: None) -> None:
    table = TitpSswLink.objects.table_in_force(datetime.date(2026, 6, 1))

    assert table is not None
    assert table.label == "2026-initial"
    assert table.rows["3-5", "建設"] is True
    assert table.rows["7-13", "介護"] is False
    assert ("3-5", "農業") not in table.rows


def test_an_administrators_confirmation_shows_in_the_next_table(lists: None) -> None:
    TitpSswLink.objects.filter(job_category_code="7-13").update(verified=True)

    table = TitpSswLink.objects.table_in_force()
    assert table is not None
    assert table.rows["7-13", "介護"] is True


def test_there_is_no_table_before_one_is_in_force(db: None) -> None:
    assert TitpSswLink.objects.table_in_force() is None


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ("9-9,x,建設,yes,s\n", "job category 9-9 is not in TITP list"),
        ("3-5,建築大工,建設業,yes,s\n", "field 建設業 is not in SSW list"),
        ("3-5,建築大工,建設,maybe,s\n", "must be yes or no"),
        ("3-5,建築大工,建設,yes,s\n3-5,建築大工,建設,no,s\n", "already appears in row 2"),
    ],
)
def test_it_refuses_a_bad_file_and_loads_nothing(lists: None, tmp_path: Path, row: str, problem: str) -> None:
    path = tmp_path / "t.csv"
    path.write_text(HEADER + row, encoding="utf-8")

    with pytest.raises(ReferenceFileError, match=problem):
        load_titp_ssw_table(path=path, label="2027", effective_from=datetime.date(2027, 1, 1))
    assert not ListVersion.objects.filter(kind=ListKind.TITP_SSW_TABLE, label="2027").exists()


@pytest.mark.parametrize(
    ("code", "field", "error_field"),
    [("3-5", "農業", None), ("9-9", "建設", "job_category_code"), ("3-5", "建設業", "ssw_field_ja")],
)
def test_the_admin_form_names_a_row_that_is_not_in_the_lists(
    lists: None, code: str, field: str, error_field: str | None
) -> None:
    version = ListVersion.objects.get(kind=ListKind.TITP_SSW_TABLE)
    form = TitpSswLinkForm(
        data={"version": version.pk, "job_category_code": code, "ssw_field_ja": field, "verified": "on", "source": "x"}
    )

    assert form.is_valid() is (error_field is None)
    if error_field:
        assert list(form.errors) == [error_field]
