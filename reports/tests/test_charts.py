"""Charts drawn on the server."""

from __future__ import annotations

from django.utils import translation

from reports.catalogue import Chart
from reports.charts import MOST_BARS, WIDTH, Point, draw, figure


def _points(*values: int) -> list[Point]:
    return [Point(f"row {i}", value) for i, value in enumerate(values)]


class TestBars:
    def test_it_draws_a_bar_per_row_the_largest_across(self) -> None:
        drawing = draw(Chart.BARS, _points(10, 40, 20))
        assert drawing is not None
        widths = [bar.width for bar in drawing.bars]
        assert widths[1] == max(widths)
        assert widths[1] <= WIDTH
        assert widths[0] == widths[1] / 4
        assert all(bar.x == 0 for bar in drawing.bars)

    def test_it_draws_the_largest_rows_of_a_long_table_and_says_so(self) -> None:
        drawing = draw(Chart.BARS, _points(*range(1, MOST_BARS + 6)))
        assert drawing is not None
        assert len(drawing.bars) == MOST_BARS
        assert str(MOST_BARS + 5) in drawing.description

    def test_it_draws_nothing_without_a_figure_above_zero(self) -> None:
        assert draw(Chart.BARS, []) is None
        assert draw(Chart.TIMELINE, _points(0, 0)) is None
        assert draw(Chart.NONE, _points(3)) is None


class TestFunnel:
    def test_it_centres_bars_that_narrow(self) -> None:
        drawing = draw(Chart.FUNNEL, _points(100, 50))
        assert drawing is not None
        first, second = drawing.bars
        assert first.x + first.width / 2 == second.x + second.width / 2 < WIDTH / 2
        assert first.x + first.width < WIDTH - 40  # room for its figure
        assert second.width == first.width / 2


class TestTimeline:
    def test_it_stands_bars_on_one_baseline_in_time_order(self) -> None:
        drawing = draw(Chart.TIMELINE, _points(5, 10, 0))
        assert drawing is not None
        bottoms = {bar.y + bar.height for bar in drawing.bars}
        assert len(bottoms) == 1
        assert [bar.height for bar in drawing.bars][2] == 0
        assert [bar.x for bar in drawing.bars] == sorted(bar.x for bar in drawing.bars)
        assert drawing.texts[1].text == "row 0"
        assert drawing.texts[2].text == "row 2"


class TestFigures:
    def test_it_writes_figures_as_the_reader_does(self) -> None:
        with translation.override("id"):
            assert figure(12345) == "12.345"
            assert figure(2.5) == "2,5"
        with translation.override("en"):
            assert figure(12345) == "12,345"
