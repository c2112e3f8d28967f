"""Rules about one reference row: the name each reader reads."""

from __future__ import annotations

import pytest
from django.utils import translation

from reference.models import ESDField, JobCategory, LocalNames, Operation, Prefecture, SSWField, VocationalProgramme

# One row of each list, named in the three languages; the official language first.
JAPANESE_LISTS = [
    JobCategory(code="7-7", name_ja="溶接", name_en="Welding", name_id="Pengelasan"),
    Operation(code="7-7-1", name_ja="手溶接", name_en="Manual welding", name_id="Pengelasan manual"),
    SSWField(number=4, name_ja="建設", name_en="Construction", name_id="Konstruksi"),
    ESDField(number=4, name_ja="建設", name_en="Construction", name_id="Konstruksi"),
]
TRADE = VocationalProgramme(code="LAS", name_id="Teknik Las", name_en="Welding", name_ja="溶接")


@pytest.mark.parametrize("row", [*JAPANESE_LISTS, TRADE], ids=lambda row: type(row).__name__)
@pytest.mark.parametrize("language", ["id", "ja", "en"])
def test_it_reads_the_name_in_the_pages_language(row: LocalNames, language: str) -> None:
    expected = {"id": row.name_id, "ja": row.name_ja, "en": row.name_en}[language]

    with translation.override(language):
        assert row.local_name == expected
        assert row.named_in() == (expected, language)


@pytest.mark.parametrize("row", JAPANESE_LISTS, ids=lambda row: type(row).__name__)
def test_a_japanese_list_shows_its_japanese_name_beside_a_translation(row: LocalNames) -> None:
    with translation.override("id"):
        assert row.other_name == row.name_ja
    with translation.override("en"):
        assert row.other_name == row.name_ja
    with translation.override("ja"):
        assert row.other_name == ""


def test_a_trade_shows_its_indonesian_name_beside_a_translation() -> None:
    with translation.override("ja"):
        assert (TRADE.local_name, TRADE.other_name) == ("溶接", "Teknik Las")
    with translation.override("en"):
        assert (TRADE.local_name, TRADE.other_name) == ("Welding", "Teknik Las")
    with translation.override("id"):
        assert (TRADE.local_name, TRADE.other_name) == ("Teknik Las", "")


@pytest.mark.parametrize(
    ("row", "language", "expected"),
    [
        (
            JobCategory(code="1-1", name_ja="耕種農業", name_en="Cultivation agriculture"),
            "id",
            "Cultivation agriculture",
        ),
        (Operation(code="1-1-1", name_ja="施設園芸", name_en="Facility horticulture"), "id", "Facility horticulture"),
        (SSWField(number=9, name_ja="農業", name_en="Agriculture"), "id", "Agriculture"),
        (ESDField(number=8, name_ja="農業", name_en="Agriculture"), "id", "Agriculture"),
        (VocationalProgramme(code="PTN", name_id="Pertanian", name_en="Agriculture"), "ja", "Agriculture"),
    ],
    ids=lambda value: type(value).__name__ if isinstance(value, LocalNames) else str(value),
)
def test_a_name_not_yet_translated_falls_back_to_english(row: LocalNames, language: str, expected: str) -> None:
    with translation.override(language):
        assert row.named_in() == (expected, "en")
        assert row.other_name == row.official_name  # the official one beside it, as beside any translation


def test_without_english_either_it_falls_back_to_the_official_name() -> None:
    field = ESDField(number=17, name_ja="資源循環", name_en="")
    with translation.override("id"):
        assert field.named_in() == ("資源循環", "ja")
        assert field.other_name == ""


def test_job_categories_and_operations_keep_their_code_in_front() -> None:
    category, operation = JAPANESE_LISTS[0], JAPANESE_LISTS[1]
    with translation.override("id"):
        assert (str(category), str(operation)) == ("7-7 Pengelasan", "7-7-1 Pengelasan manual")
    with translation.override("ja"):
        assert (str(category), str(operation)) == ("7-7 溶接", "7-7-1 手溶接")


@pytest.mark.parametrize("row", [JAPANESE_LISTS[2], JAPANESE_LISTS[3], TRADE], ids=lambda row: type(row).__name__)
def test_fields_and_trades_read_as_their_local_name(row: LocalNames) -> None:
    with translation.override("id"):
        assert str(row) == row.name_id


def test_with_no_language_active_it_reads_english() -> None:
    """Management commands run with translations off."""
    with translation.override(None):
        assert TRADE.local_name == "Welding"


def test_a_prefecture_places_a_city_as_each_reader_writes_it() -> None:
    miyagi = Prefecture(jis_code="04", name_ja="宮城県", name_en="Miyagi")
    with translation.override("ja"):
        assert miyagi.place(city="Sendai", city_ja="仙台市") == "宮城県仙台市"
        assert miyagi.place(city="Sendai") == "宮城県 Sendai"  # no Japanese name yet: romaji, apart
        assert miyagi.place(city="") == "宮城県"
    with translation.override("id"):
        assert miyagi.place(city="Sendai", city_ja="仙台市") == "Miyagi, Sendai"
        assert miyagi.place(city="") == "Miyagi"
