"""Japanese language results: recorded by staff who may change the record,
checked against each test's score scale, seen by everyone who sees the
participant, with the highest valid level shown at the top of the page."""

from __future__ import annotations

import pytest
from django.test import Client

from audit.models import AuditAction, AuditEntry
from participants.models import LanguageResult
from participants.tests.records import days_from_today, language_result
from reference.models import LanguageTest
from tests.cast import Cast

Levels = dict[str, LanguageTest]


def _highest(client: Client, cast: Cast) -> LanguageResult | None:
    client.force_login(cast.lpk_officer)
    highest: LanguageResult | None = client.get(f"/participants/{cast.budi.pk}/").context["language"].highest
    return highest


# --- the highest valid level --------------------------------------------------


def test_the_page_shows_the_highest_valid_level(client: Client, cast: Cast, language_levels: Levels) -> None:
    language_result(cast.budi, language_levels["JLPT-N5"], cast.lpk_officer)
    n4 = language_result(cast.budi, language_levels["JLPT-N4"], cast.lpk_officer)
    assert _highest(client, cast) == n4


def test_an_expired_result_is_ignored(client: Client, cast: Cast, language_levels: Levels) -> None:
    n5 = language_result(cast.budi, language_levels["JLPT-N5"], cast.lpk_officer)
    language_result(
        cast.budi,
        language_levels["JFT-BASIC-A2"],
        cast.lpk_officer,
        score=220,
        taken_on=days_from_today(-800),
        valid_until=days_from_today(-1),
    )
    assert _highest(client, cast) == n5


def test_a_failed_result_is_ignored(client: Client, cast: Cast, language_levels: Levels) -> None:
    language_result(cast.budi, language_levels["JLPT-N3"], cast.lpk_officer, passed=False)
    assert _highest(client, cast) is None


def test_an_in_house_level_is_shown_and_marked_as_such(english: Client, cast: Cast, language_levels: Levels) -> None:
    in_house = language_result(cast.budi, language_levels["JLPT-N4"], cast.lpk_officer, in_house=True)
    assert _highest(english, cast) == in_house
    html = english.get(f"/participants/{cast.budi.pk}/").content.decode()
    assert "Japanese: JLPT N4 (in-house)" in html


def test_every_result_is_listed_with_its_state(client: Client, cast: Cast, language_levels: Levels) -> None:
    language_result(cast.budi, language_levels["JLPT-N3"], cast.lpk_officer, passed=False, taken_on=days_from_today(-5))
    language_result(
        cast.budi,
        language_levels["JFT-BASIC-A2"],
        cast.lpk_officer,
        score=210,
        taken_on=days_from_today(-400),
        valid_until=days_from_today(-35),
    )
    language_result(cast.budi, language_levels["JLPT-N5"], cast.lpk_officer, taken_on=days_from_today(-500))
    client.force_login(cast.lpk_officer)
    rows = client.get(f"/participants/{cast.budi.pk}/").context["language"].rows
    assert [(row.result.level.code, row.state) for row in rows] == [
        ("JLPT-N3", "not_passed"),
        ("JFT-BASIC-A2", "expired"),
        ("JLPT-N5", "valid"),
    ]


@pytest.mark.parametrize("persona", ["blk_officer", "lpk_viewer", "participant_user", "ministry_viewer"])
def test_everyone_who_sees_the_participant_sees_the_results(
    client: Client, cast: Cast, language_levels: Levels, persona: str
) -> None:
    result = language_result(cast.budi, language_levels["JLPT-N4"], cast.lpk_officer)
    client.force_login(getattr(cast, persona))
    rows = client.get(f"/participants/{cast.budi.pk}/").context["language"].rows
    assert [row.result for row in rows] == [result]


def test_the_embassy_sees_a_placed_workers_results(client: Client, cast: Cast, language_levels: Levels) -> None:
    result = language_result(cast.siti, language_levels["JLPT-N4"], cast.other_lpk_officer)
    client.force_login(cast.embassy_officer)
    assert client.get(f"/participants/{cast.siti.pk}/").context["language"].highest == result


# --- recording ----------------------------------------------------------------


def _form(levels: Levels, code: str = "JLPT-N4", **overrides: str) -> dict[str, str]:
    data = {
        "level": str(levels[code].pk),
        "score": "",
        "passed": "on",
        "taken_on": days_from_today(-20).isoformat(),
        "valid_until": "",
        "certificate_number": "N4-2026-0001",
    }
    data.update(overrides)
    return {name: value for name, value in data.items() if value != "off"}


@pytest.mark.parametrize("persona", ["lpk_officer", "blk_officer", "ministry_officer"])
def test_staff_who_may_change_the_record_record_a_result(
    client: Client, cast: Cast, language_levels: Levels, persona: str
) -> None:
    client.force_login(getattr(cast, persona))
    response = client.post(f"/participants/{cast.budi.pk}/language/new/", _form(language_levels))
    assert response.status_code == 302
    result = LanguageResult.objects.get(participant=cast.budi)
    assert (result.level.code, result.certificate_number, result.recorded_by) == (
        "JLPT-N4",
        "N4-2026-0001",
        getattr(cast, persona),
    )
    entry = AuditEntry.objects.for_object(cast.budi).get(action=AuditAction.UPDATED)
    assert "JLPT N4" in entry.changes["language_results"][1]


@pytest.mark.parametrize("persona", ["participant_user", "lpk_viewer", "other_lpk_officer", "embassy_officer"])
def test_others_may_not_record_a_result(client: Client, cast: Cast, language_levels: Levels, persona: str) -> None:
    client.force_login(getattr(cast, persona))
    assert client.get(f"/participants/{cast.budi.pk}/language/new/").status_code == 404
    assert client.post(f"/participants/{cast.budi.pk}/language/new/", _form(language_levels)).status_code == 404
    assert not LanguageResult.objects.exists()


@pytest.mark.parametrize(
    "case",
    [
        ("JFT-BASIC-A2", {"score": "251"}, "score_range"),
        ("JFT-BASIC-A2", {"score": "199"}, "score_too_low"),
        ("JFT-BASIC-A2", {"score": ""}, "required"),
        ("JLPT-N4", {"score": "181"}, "score_range"),
        ("JLPT-N4", {"taken_on": days_from_today(1).isoformat()}, "future"),
        ("JLPT-N4", {"valid_until": days_from_today(-30).isoformat()}, "before_start"),
    ],
    ids=["jft-over-250", "jft-a2-under-200", "jft-without-score", "jlpt-over-180", "in-the-future", "expires-before"],
)
def test_it_refuses_an_impossible_result_and_keeps_what_was_typed(
    client: Client, cast: Cast, language_levels: Levels, case: tuple[str, dict[str, str], str]
) -> None:
    code, overrides, error = case
    client.force_login(cast.lpk_officer)
    response = client.post(f"/participants/{cast.budi.pk}/language/new/", _form(language_levels, code, **overrides))
    assert response.status_code == 400
    codes = {e.code for errors in response.context["form"].errors.as_data().values() for e in errors}
    assert error in codes
    assert response.context["form"]["certificate_number"].value() == "N4-2026-0001"
    assert not LanguageResult.objects.exists()


@pytest.mark.parametrize(
    ("code", "overrides"),
    [
        ("JFT-BASIC-A2", {"score": "200"}),
        ("JFT-BASIC-A2", {"score": "150", "passed": "off"}),
        ("JFT-BASIC-A2", {"score": "", "in_house": "on"}),
        ("JLPT-N4", {"score": "180"}),
        ("JLPT-N4", {"score": ""}),
    ],
    ids=["jft-a2-at-200", "jft-failed-under-200", "in-house-without-score", "jlpt-full-marks", "jlpt-without-score"],
)
def test_it_accepts_a_result_at_the_edges(
    client: Client, cast: Cast, language_levels: Levels, code: str, overrides: dict[str, str]
) -> None:
    client.force_login(cast.lpk_officer)
    response = client.post(f"/participants/{cast.budi.pk}/language/new/", _form(language_levels, code, **overrides))
    assert response.status_code == 302, response.context["form"].errors
    assert LanguageResult.objects.filter(participant=cast.budi).count() == 1


def test_recording_needs_a_post_or_a_get(client: Client, cast: Cast) -> None:
    client.force_login(cast.lpk_officer)
    assert client.delete(f"/participants/{cast.budi.pk}/language/new/").status_code == 405
