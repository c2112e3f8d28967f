"""The map of Japan from japanmap's outlines."""

from __future__ import annotations

import re

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from reference.loader import load_prefectures
from reference.models import Prefecture
from reports.japan_map import NO_ONE, SHADES, japan_map, outlines, step_of


@pytest.fixture
def prefectures(db: None) -> dict[str, Prefecture]:
    load_prefectures()
    return {prefecture.jis_code: prefecture for prefecture in Prefecture.objects.all()}


def test_it_draws_47_closed_outlines_inside_its_box() -> None:
    drawn = outlines()
    assert len(drawn.paths) == 47
    assert all(path.startswith("M") and path.endswith("Z") for path in drawn.paths)
    numbers = [float(n) for path in drawn.paths for n in re.findall(r"[0-9.]+", path)]
    assert min(numbers) >= 0
    assert max(numbers) <= max(drawn.width, drawn.height)


def test_it_shades_in_equal_steps_up_to_the_largest() -> None:
    assert [step_of(value, 40) for value in (0, 1, 10, 11, 30, 31, 40)] == [0, 1, 1, 2, 3, 4, 4]
    assert step_of(5, 0) == 0


def test_it_titles_every_prefecture_with_its_name_and_figure(prefectures: dict[str, Prefecture]) -> None:
    miyagi, tokyo = prefectures["04"], prefectures["13"]
    with translation.override("ja"):
        drawn = japan_map({miyagi.pk: 12, tokyo.pk: 1200})
    assert len(drawn.areas) == 47
    titles = {area.title for area in drawn.areas}
    assert "宮城県：12" in titles or "宮城県: 12" in titles
    fills = {area.title.split(":")[0].split("：")[0]: area.fill for area in drawn.areas}
    assert fills["東京都"] == SHADES[-1]
    assert fills["宮城県"] == SHADES[0]
    assert fills["北海道"] == NO_ONE


def test_it_names_prefectures_in_latin_letters_for_others(prefectures: dict[str, Prefecture]) -> None:
    with translation.override("id"):
        drawn = japan_map({prefectures["04"].pk: 3})
    assert any(area.title.startswith("Miyagi") for area in drawn.areas)


def test_it_highlights_a_prefectures_own_and_draws_it_last(prefectures: dict[str, Prefecture]) -> None:
    miyagi = prefectures["04"]
    drawn = japan_map({miyagi.pk: 3}, highlight=miyagi.pk)
    assert [area.highlighted for area in drawn.areas].count(True) == 1
    assert drawn.areas[-1].highlighted
    assert drawn.highlights


def test_its_legend_spans_every_figure_once(prefectures: dict[str, Prefecture]) -> None:
    drawn = japan_map({prefectures["04"].pk: 40})
    assert [item.label for item in drawn.legend][1:] == ["1 to 10", "11 to 20", "21 to 30", "31 to 40"]
    assert [item.label for item in japan_map({prefectures["04"].pk: 2}).legend][1:] == ["1", "2"]
    assert len(japan_map({}).legend) == 1


def test_it_renders_as_one_named_image(prefectures: dict[str, Prefecture]) -> None:
    with translation.override("ja"):
        drawn = japan_map({prefectures["04"].pk: 5})
        svg = render_to_string("reports/dashboards/_map.html", {"map": drawn, "id": "m", "title": "地図"})
    assert 'role="img"' in svg
    assert 'aria-labelledby="m-title m-desc"' in svg
    assert svg.count("<path") == 47
    assert "<title>宮城県" in svg
