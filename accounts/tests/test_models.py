"""Rules about one organization: the name and place each reader reads, and the
script each of its names is written in."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from accounts.models import ORGANIZATIONS_IN_JAPAN, Organization, OrganizationKind, User
from reference.models import Prefecture

MIYAGI = Prefecture(jis_code="04", name_ja="宮城県", name_en="Miyagi")


def cooperative(**changes: object) -> Organization:
    values: dict[str, object] = {
        "kind": OrganizationKind.SUPERVISING_ORGANIZATION,
        "code": "miyagi-kinzoku",
        "name": "Miyagi Metal Processing Cooperative",
        "name_ja": "宮城県金属加工協同組合",
        "prefecture": MIYAGI,
        "city": "Sendai",
        "city_ja": "仙台市",
    }
    values.update(changes)
    return Organization(**values)


def test_a_japanese_reader_reads_the_japanese_name_and_the_others_the_latin_one() -> None:
    organization = cooperative()
    with translation.override("ja"):
        assert (str(organization), organization.other_name) == ("宮城県金属加工協同組合", organization.name)
    for language in ("id", "en"):
        with translation.override(language):
            assert (str(organization), organization.other_name) == (organization.name, "宮城県金属加工協同組合")


def test_an_organization_without_a_japanese_name_reads_the_same_for_everyone() -> None:
    lpk = Organization(kind=OrganizationKind.SENDING_ORGANIZATION, name="LPK Karya Nusantara Mandiri")
    with translation.override("ja"):
        assert (lpk.local_name, lpk.other_name) == ("LPK Karya Nusantara Mandiri", "")


def test_it_places_itself_as_each_reader_writes_places() -> None:
    with translation.override("ja"):
        assert cooperative().location == "宮城県仙台市"
        assert cooperative(city_ja="").location == "宮城県 Sendai"
        assert cooperative(prefecture=None).location == "仙台市"
    with translation.override("id"):
        assert cooperative().location == "Miyagi, Sendai"
        assert cooperative(prefecture=None).location == "Sendai"
        assert cooperative(prefecture=None, city="").location == ""


@pytest.mark.parametrize("kind", sorted(ORGANIZATIONS_IN_JAPAN))
def test_an_organization_in_japan_needs_its_japanese_name(kind: OrganizationKind) -> None:
    with pytest.raises(ValidationError) as refused:
        cooperative(kind=kind, name_ja=" ").clean()
    assert list(refused.value.message_dict) == ["name_ja"]


@pytest.mark.parametrize("kind", sorted(set(OrganizationKind) - ORGANIZATIONS_IN_JAPAN))
def test_an_indonesian_organization_needs_none(kind: OrganizationKind) -> None:
    Organization(kind=kind, name="BBPVP Bekasi", city="Bekasi").clean()


@pytest.mark.parametrize(
    ("changes", "fields"),
    [
        ({"name_ja": "Miyagi Kinzoku"}, {"name_ja"}),
        ({"city_ja": "Sendai-shi"}, {"city_ja"}),
        ({"name": "宮城県金属加工協同組合"}, {"name"}),
        ({"city": "仙台市"}, {"city"}),
        (
            {"name": "仙台", "name_ja": "Sendai", "city": "仙台", "city_ja": "Sendai"},
            {"name", "name_ja", "city", "city_ja"},
        ),
    ],
)
def test_each_name_is_written_in_its_own_script(changes: dict[str, str], fields: set[str]) -> None:
    with pytest.raises(ValidationError) as refused:
        cooperative(**changes).clean()
    assert set(refused.value.message_dict) == fields


def test_names_in_their_own_scripts_are_accepted() -> None:
    cooperative().clean()
    cooperative(name_ja="みちのく技能交流協同組合", city_ja="さいたま市").clean()
    cooperative(city="", city_ja="").clean()


def test_a_name_written_in_japanese_reads_family_name_first() -> None:
    assert User(first_name="くみ子", last_name="山本").get_full_name() == "山本 くみ子"
    assert User(first_name="誠", last_name="").get_full_name() == "誠"


def test_a_name_in_latin_letters_reads_given_name_first() -> None:
    assert User(first_name="Siti", last_name="Rahayu").get_full_name() == "Siti Rahayu"
    assert User(first_name="Kumiko", last_name="Yamamoto").get_full_name() == "Kumiko Yamamoto"
