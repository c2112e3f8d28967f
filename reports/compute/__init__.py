"""Computing every table of the catalogue for every slice, for one snapshot.

Each module here computes some tables and yields them as ``FigureRow``s;
``COMPUTATIONS`` lists them, and ``reports.actions.refresh_figures`` runs them
all and writes their rows into a new snapshot.
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


# Imported last: each computation module imports FigureRow from here.
from reports.compute import scorecards  # noqa: E402

COMPUTATIONS: list[Computation] = [scorecards.compute]
