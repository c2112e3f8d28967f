"""Labels of figure keys in the reader's language."""

from __future__ import annotations

import pytest
from django.utils import translation

from accounts.models import Organization
from joborders.tests.world import prefecture
from reference.models import JobCategory, SSWField
from reports.catalogue import KeyKind
from reports.labels import labels_for
from reports.tests.world import figures_world
from tests.cast import Cast


def _in(language: str, kind: KeyKind, keys: list[str]) -> dict[str, str]:
    with translation.override(language):
        return labels_for(kind, keys)


@pytest.fixture
def world(cast: Cast) -> Cast:
    figures_world()  # makes the prefectures, job categories and SSW fields the keys name
    return cast


class TestPrefectures:
    @pytest.mark.parametrize(("language", "name"), [("ja", "宮城県"), ("id", "Miyagi"), ("en", "Miyagi")])
    def test_it_names_a_prefecture_in_the_readers_language(self, world: Cast, language: str, name: str) -> None:
        pk = str(prefecture().pk)
        assert _in(language, KeyKind.PREFECTURE, [pk]) == {pk: name}


class TestOrganizations:
    def test_it_gives_a_japanese_reader_the_japanese_name_where_there_is_one(self, world: Cast) -> None:
        Organization.objects.filter(pk=world.company.pk).update(name_ja="仙台製鉄株式会社")
        keys = [str(world.company.pk), str(world.lpk.pk)]
        assert _in("ja", KeyKind.ORGANIZATION, keys) == {keys[0]: "仙台製鉄株式会社", keys[1]: "LPK Sakura"}
        assert _in("id", KeyKind.ORGANIZATION, keys) == {keys[0]: "Sendai Steel", keys[1]: "LPK Sakura"}


class TestReferenceLists:
    def test_it_reads_job_categories_and_ssw_fields_by_their_local_names(self, world: Cast) -> None:
        welding = JobCategory.objects.get(name_en="Welding")
        construction = SSWField.objects.get(name_en="Construction")
        assert _in("ja", KeyKind.JOB_CATEGORY, [str(welding.pk)]) == {str(welding.pk): "溶接"}
        assert _in("en", KeyKind.JOB_CATEGORY, [str(welding.pk)]) == {str(welding.pk): "Welding"}
        assert _in("ja", KeyKind.SSW_FIELD, [str(construction.pk)]) == {str(construction.pk): "建設"}

    def test_it_names_provinces_in_indonesian_for_indonesian_readers(self, world: Cast) -> None:
        pk = str(world.province.pk)
        assert _in("id", KeyKind.PROVINCE, [pk]) == {pk: "Jawa Barat"}
        assert _in("en", KeyKind.PROVINCE, [pk]) == {pk: "West Java"}

    def test_it_names_trades(self, world: Cast) -> None:
        pk = str(world.programme.pk)
        assert _in("id", KeyKind.TRADE, [pk]) == {pk: "Teknik Las"}
        assert _in("en", KeyKind.TRADE, [pk]) == {pk: "Welding"}


class TestMonths:
    @pytest.mark.parametrize(("language", "label"), [("ja", "2026年3月"), ("id", "Maret 2026"), ("en", "March 2026")])
    def test_it_writes_a_month_as_the_language_does(self, language: str, label: str) -> None:
        assert _in(language, KeyKind.MONTH, ["2026-03"]) == {"2026-03": label}

    def test_it_keeps_a_key_that_is_no_month(self) -> None:
        assert _in("en", KeyKind.MONTH, ["2026-13", "soon"]) == {"2026-13": "2026-13", "soon": "soon"}


class TestChoices:
    def test_it_names_programmes_stages_work_and_categories(self) -> None:
        assert _in("en", KeyKind.PROGRAMME, ["titp"]) == {"titp": "Technical Intern Training (TITP)"}
        assert _in("en", KeyKind.STAGE, ["trained", "placed"]) == {"trained": "Trained", "placed": "At work in Japan"}
        assert _in("en", KeyKind.WORK, ["employed", "unknown"]) == {
            "employed": "Working for an employer",
            "unknown": "Not known",
        }
        assert _in("en", KeyKind.CASE_CATEGORY, ["wages"]) == {"wages": "Unpaid or under-paid wages"}
        assert _in("en", KeyKind.MONTHS_AFTER, ["3"]) == {"3": "After 3 months"}
        assert _in("en", KeyKind.FEE_RULE, ["fees", ""]) == {"fees": "Fee policy", "": "No rule recorded"}

    @pytest.mark.django_db
    def test_it_keeps_a_value_it_does_not_know(self) -> None:
        assert _in("en", KeyKind.PROGRAMME, ["apprentice"]) == {"apprentice": "apprentice"}
        assert _in("en", KeyKind.PREFECTURE, ["999999"]) == {"999999": "999999"}

    def test_it_labels_in_japanese_where_the_catalogue_says_so(self) -> None:
        # Track's Japanese label comes from the project's catalogue, not from this module.
        assert _in("ja", KeyKind.PROGRAMME, ["titp"])["titp"] != "titp"
