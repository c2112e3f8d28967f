"""Computing every table of the catalogue for every slice, for one snapshot.

Each module here computes some tables and yields them as ``FigureRow``s;
``COMPUTATIONS`` lists them, and ``reports.actions.refresh_figures`` runs them
all and writes their rows into a new snapshot. Each module's docstring says
exactly what its figures count: which date makes the year, who counts,
which scope a row falls in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class FigureRow:
    table: str
    scope: str
    year: int
    programme: str
    key: str
    position: int
    values: dict[str, Any] = field(default_factory=dict)


# Each computation gets the moment the figures are "as of" and yields its rows.
Computation = Callable[..., Iterator[FigureRow]]


# Every computation a refresh runs, by dotted path (``compute(*, now)`` of
# each module): named rather than imported here, since the modules import
# ``FigureRow`` from this package.
COMPUTATIONS: list[str] = [
    "reports.compute.pipeline.compute",
    "reports.compute.departures.compute",
    "reports.compute.in_japan.compute",
    "reports.compute.returnees.compute",
    "reports.compute.protection.compute",
    "reports.compute.scorecards.compute",
]
