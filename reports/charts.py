"""Charts drawn on the server as SVG: no script, nothing from a CDN, the same
drawing on the page and in the PDF.

``draw`` lays a table's first column out as shapes in a fixed coordinate
space (``WIDTH`` wide); the template (``reports/dashboards/_chart.html``)
writes them with a ``viewBox`` and ``width="100%"``, so a chart scales to a
360 px phone as to a printed page. A chart is a picture of the table beneath
it, which is its accessible version: the SVG is one image (role="img") named
by its title and described in a sentence.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from reports.catalogue import Chart

# Narrow enough that on a 360 px phone a unit is about a pixel, so 14-unit text reads at 13 px.
WIDTH = 320
# Each row of a bar chart or funnel: its label on one line, its bar under it.
ROW = 40
LABEL_SIZE = 14
BAR_HEIGHT = 14
# Room at the right of the longest bar for its figure.
FIGURE_ROOM = 64
# A timeline's plot, and the room under it for the first and last labels.
PLOT_HEIGHT = 160
AXIS_ROOM = 28
TOP_ROOM = 20
# A timeline of a few years keeps its columns slim.
WIDEST_COLUMN = 48.0
# More rows than this, and a bar chart shows the largest (the table holds them all).
MOST_BARS = 15


@dataclass(frozen=True)
class Point:
    label: str
    value: int | float


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    # What a pointer hovering the bar is told (the SVG's <title> of the bar).
    title: str


@dataclass(frozen=True)
class Text:
    x: float
    y: float
    text: str
    anchor: str = "start"


@dataclass(frozen=True)
class Drawing:
    kind: Chart
    height: float
    bars: tuple[Bar, ...]
    texts: tuple[Text, ...]
    # One sentence for screen readers: what the picture shows.
    description: str
    width: float = WIDTH


def draw(kind: Chart, points: list[Point]) -> Drawing | None:
    """The chart of ``points`` (label and value of each row), or None when
    there is nothing to draw: no rows, or none above zero."""
    if not any(point.value > 0 for point in points):
        return None
    if kind == Chart.TIMELINE:
        return _timeline(points)
    if kind == Chart.FUNNEL:
        return _rows(kind, points, centred=True)
    if kind == Chart.BARS:
        return _rows(kind, _largest(points), centred=False, of=len(points))
    return None


def figure(value: int | float) -> str:
    """A chart's figure as the reader writes numbers ("1.234" in Indonesian):
    whole numbers as they are, others to one decimal."""
    places = 0 if float(value).is_integer() else 1
    return number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)


def _largest(points: list[Point]) -> list[Point]:
    if len(points) <= MOST_BARS:
        return points
    return sorted(points, key=lambda point: point.value, reverse=True)[:MOST_BARS]


def _rows(kind: Chart, points: list[Point], *, centred: bool, of: int | None = None) -> Drawing:
    most = max(point.value for point in points)
    room = WIDTH - FIGURE_ROOM
    bars, texts = [], []
    for i, point in enumerate(points):
        top = i * ROW
        length = max(point.value / most * room, 1.0) if point.value > 0 else 0.0
        # A funnel is centred in the room the figures leave, so the widest bar's figure fits too.
        x = (room - length) / 2 if centred else 0.0
        bars.append(Bar(x, top + LABEL_SIZE + 6, length, BAR_HEIGHT, _labelled(point.label, figure(point.value))))
        texts.append(Text(0, top + LABEL_SIZE, point.label))
        texts.append(Text(x + length + 6, top + LABEL_SIZE + 6 + BAR_HEIGHT - 2, figure(point.value)))
    return Drawing(kind, len(points) * ROW + 4, tuple(bars), tuple(texts), _described(points, of or len(points)))


def _timeline(points: list[Point]) -> Drawing:
    most = max(point.value for point in points)
    step = WIDTH / len(points)
    gap = min(step * 0.2, 6.0)
    bars = []
    for i, point in enumerate(points):
        height = point.value / most * PLOT_HEIGHT if point.value > 0 else 0.0
        top = TOP_ROOM + PLOT_HEIGHT - height
        width = min(step - gap, WIDEST_COLUMN)
        bars.append(Bar(i * step + gap / 2, top, width, height, _labelled(point.label, figure(point.value))))
    baseline = TOP_ROOM + PLOT_HEIGHT
    texts = [
        Text(0, TOP_ROOM - 6, _("Highest: %(figure)s") % {"figure": figure(most)}),
        Text(0, baseline + AXIS_ROOM - 8, points[0].label),
    ]
    if len(points) > 1:
        texts.append(Text(WIDTH, baseline + AXIS_ROOM - 8, points[-1].label, "end"))
    return Drawing(Chart.TIMELINE, baseline + AXIS_ROOM, tuple(bars), tuple(texts), _described(points, len(points)))


def _described(points: list[Point], of: int) -> str:
    highest = max(points, key=lambda point: point.value)
    shown = (
        ngettext(
            "A bar for each of %(count)s row of the table below.",
            "A bar for each of the %(count)s rows of the table below.",
            of,
        )
        % {"count": of}
        if len(points) == of
        else _("Bars for the %(shown)s largest of the %(count)s rows of the table below.")
        % {"shown": len(points), "count": of}
    )
    largest = _("The largest: %(label)s, %(figure)s.") % {"label": highest.label, "figure": figure(highest.value)}
    return f"{shown} {largest}"


def _labelled(label: str, figure: str) -> str:
    """A bar's name and figure, with the colon of the reader's language (：in Japanese)."""
    return pgettext("a label and its figure", "%(label)s: %(figure)s") % {"label": label, "figure": figure}
