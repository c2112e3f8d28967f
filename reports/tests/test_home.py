"""The reports on the ministry's home and in the menu."""

from __future__ import annotations

import pytest
from django.test import Client

from reports.tests.world import cast_figures
from tests.cast import Cast


def test_it_gives_the_ministry_a_home_card_with_each_dashboard(english: Client, cast: Cast) -> None:
    cast_figures(cast)
    english.force_login(cast.ministry_viewer)
    content = english.get("/").content.decode()
    assert 'id="reports-heading"' in content
    assert "/reports/pipeline/" in content
    assert "Figures as of" in content


def test_it_says_on_the_card_when_there_are_no_figures_yet(english: Client, cast: Cast) -> None:
    english.force_login(cast.ministry_officer)
    assert "No figures yet" in english.get("/").content.decode()


@pytest.mark.parametrize("persona", ["lpk_officer", "embassy_officer", "company_officer"])
def test_it_gives_no_card_to_the_others(english: Client, cast: Cast, persona: str) -> None:
    cast_figures(cast)
    english.force_login(getattr(cast, persona))
    assert 'id="reports-heading"' not in english.get("/").content.decode()


@pytest.mark.parametrize(
    ("persona", "shown"),
    [("ministry_viewer", True), ("lpk_officer", True), ("prefecture_officer", True), ("company_officer", False)],
)
def test_it_shows_reports_in_the_menu_to_those_with_a_scope(
    english: Client, cast: Cast, persona: str, shown: bool
) -> None:
    cast_figures(cast)  # puts the prefectural government in Miyagi
    english.force_login(getattr(cast, persona))
    assert ('href="/reports/">Reports</a>' in english.get("/").content.decode()) is shown
