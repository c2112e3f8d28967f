"""The map of Japan by prefecture, drawn as SVG on the server.

The outlines are the ``japanmap`` package's (installed from PyPI, so nothing
is fetched at run time): ``pref_points()`` gives each prefecture's outline
in longitude and latitude, index 0 = Hokkaido … 46 = Okinawa in JIS order,
Hokkaido and Okinawa already moved in as insets. They are projected once per
process into a ``viewBox`` (longitude shortened by the cosine of Japan's
middle latitude, north up) and kept as SVG path strings.

A MAP table's first column shades each prefecture in ``STEPS`` steps of
equal width up to the largest figure; each prefecture carries its name and
figure as its <title>, and the legend says what each shade spans. The table
under the map is its accessible version.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass

import japanmap
from django.utils.translation import gettext as _

from reference.models import Prefecture
from reports.charts import figure
from reports.labels import prefecture_name

PREFECTURES = 47
# Units of the viewBox per degree of latitude; a degree of longitude is shorter by LONGITUDE_SHRINK.
SCALE = 38.0
LONGITUDE_SHRINK = math.cos(math.radians(36.0))
MARGIN = 4.0
# The shades, lightest first: no one, then the steps up to the largest figure.
NO_ONE = "#eef1f4"
SHADES = ("#c6dbef", "#6baed6", "#2171b5", "#08306b")
STEPS = len(SHADES)


@dataclass(frozen=True)
class Outlines:
    paths: tuple[str, ...]  # by JIS code - 1
    width: float
    height: float


@functools.cache
def outlines() -> Outlines:
    """The 47 prefectures as SVG path data, projected once per process."""
    shapes: list[list[list[float]]] = japanmap.pref_points()  # type: ignore[no-untyped-call]
    xs = [lon for shape in shapes for lon, _lat in shape]
    ys = [lat for shape in shapes for _lon, lat in shape]
    west, north = min(xs), max(ys)

    def point(lon: float, lat: float) -> str:
        x = MARGIN + (lon - west) * SCALE * LONGITUDE_SHRINK
        y = MARGIN + (north - lat) * SCALE
        return f"{x:.1f} {y:.1f}"

    paths = tuple("M" + "L".join(point(lon, lat) for lon, lat in shape) + "Z" for shape in shapes)
    width = 2 * MARGIN + (max(xs) - west) * SCALE * LONGITUDE_SHRINK
    height = 2 * MARGIN + (north - min(ys)) * SCALE
    return Outlines(paths, round(width, 1), round(height, 1))


@dataclass(frozen=True)
class Area:
    path: str
    fill: str
    # "宮城県: 12", what a pointer on the prefecture is told.
    title: str
    highlighted: bool = False


@dataclass(frozen=True)
class LegendItem:
    fill: str
    label: str


@dataclass(frozen=True)
class JapanMap:
    areas: tuple[Area, ...]
    legend: tuple[LegendItem, ...]
    width: float
    height: float
    description: str

    @property
    def highlights(self) -> bool:
        return any(area.highlighted for area in self.areas)


def step_of(value: float, most: float) -> int:
    """The shade of ``value``: 0 for none, else 1 … STEPS in equal steps up to ``most``."""
    if value <= 0 or most <= 0:
        return 0
    return max(1, min(STEPS, math.ceil(value / most * STEPS)))


def japan_map(values: Mapping[int, float], *, highlight: int | None = None) -> JapanMap:
    """The map of ``values`` by prefecture id; ``highlight``: a prefecture's
    id drawn with a strong edge (a prefectural government's own)."""
    drawn = outlines()
    most = max(values.values(), default=0)
    areas = []
    for prefecture in Prefecture.objects.order_by("jis_code"):
        index = int(prefecture.jis_code) - 1
        if not 0 <= index < PREFECTURES:
            continue
        value = values.get(prefecture.pk, 0)
        step = step_of(value, most)
        title = _("%(prefecture)s: %(figure)s") % {"prefecture": prefecture_name(prefecture), "figure": figure(value)}
        areas.append(Area(drawn.paths[index], SHADES[step - 1] if step else NO_ONE, title, prefecture.pk == highlight))
    # The highlighted prefecture last, so that its edge is drawn over its neighbours'.
    areas.sort(key=lambda area: area.highlighted)
    return JapanMap(tuple(areas), _legend(most), drawn.width, drawn.height, _description(values, most))


def _legend(most: float) -> tuple[LegendItem, ...]:
    items = [LegendItem(NO_ONE, _("None"))]
    if most <= 0:
        return tuple(items)
    # Whole figures: each shade from one above the step below to its own top.
    tops = [math.floor(most * step / STEPS) for step in range(1, STEPS + 1)]
    low = 1
    for shade, top in zip(SHADES, tops, strict=True):
        if top < low:
            continue
        span = figure(low) if top == low else _("%(low)s to %(high)s") % {"low": figure(low), "high": figure(top)}
        items.append(LegendItem(shade, span))
        low = top + 1
    return tuple(items)


def _description(values: Mapping[int, float], most: float) -> str:
    shaded = sum(1 for value in values.values() if value > 0)
    return _(
        "A map of Japan's prefectures, shaded darker where the figure is higher: %(count)s prefectures "
        "have any, the highest %(figure)s. The table below gives each one."
    ) % {"count": shaded, "figure": figure(most)}
