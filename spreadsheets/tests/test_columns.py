"""Which participant columns an importer must fill: one definition, read by
the template's instructions and the row checks alike."""

from __future__ import annotations

import pytest

from spreadsheets.columns import PARTICIPANT_COLUMNS, participant_columns


def required(*, training_centres: int, lpks: int, lpk_required: bool) -> set[str]:
    columns = participant_columns(training_centres=training_centres, lpks=lpks, lpk_required=lpk_required)
    return {column.key for column in columns if column.required}


ALWAYS = {"nik", "full_name", "sex", "birth_date"}


@pytest.mark.parametrize(
    ("centres", "lpks", "lpk_required", "also"),
    [
        (12, 1, True, {"training_centre"}),  # an LPK/SO officer: any BLK, their own LPK/SO
        (1, 30, False, set()),  # a BLK officer: their own BLK, any LPK/SO or none
        (12, 30, False, {"training_centre"}),  # the ministry
        (12, 2, True, {"training_centre", "sending_organization"}),  # an officer of two LPK/SOs
    ],
)
def test_an_organization_column_is_required_unless_the_importer_has_one_choice(
    centres: int, lpks: int, lpk_required: bool, also: set[str]
) -> None:
    assert required(training_centres=centres, lpks=lpks, lpk_required=lpk_required) == ALWAYS | also


def test_it_keeps_the_template_order_and_headings() -> None:
    columns = participant_columns(training_centres=2, lpks=2, lpk_required=True)
    assert [(c.key, c.headings) for c in columns] == [(c.key, c.headings) for c in PARTICIPANT_COLUMNS]
