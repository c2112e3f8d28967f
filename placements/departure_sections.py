"""The departure pages' rows, prepared for templates without logic: each
says in plain fields what the template marks (met, missing, not shown to
this reader), and links where the work is done.

Who may see what is decided by the views through accounts.access; these
functions only shape what they are given.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from django.urls import reverse

from placements.gate import Gate, GateCheck
from placements.models import GateRecord, Placement
from reference.models import GateItem


@dataclass(frozen=True)
class GateRow:
    item: GateItem
    label: str
    # "hidden": the medical item, for a reader who may not see health data.
    state: Literal["met", "missing", "hidden"]
    detail: str
    record: GateRecord | None
    record_url: str

    @property
    def anchor(self) -> str:
        return f"item-{self.item}"


def gate_rows(gate: Gate, *, show_health: bool, recordable: frozenset[GateItem]) -> list[GateRow]:
    if gate.flight is not None and gate.flight.cohort is not None:
        # On a cohort's flight: the flight is changed on the cohort, not entered here.
        recordable -= {GateItem.FLIGHT}
    return [_gate_row(gate.placement, check, show_health=show_health, recordable=recordable) for check in gate.items]


def _gate_row(placement: Placement, check: GateCheck, *, show_health: bool, recordable: frozenset[GateItem]) -> GateRow:
    hidden = check.health and not show_health
    return GateRow(
        item=check.item,
        label=check.label,
        state="hidden" if hidden else "met" if check.met else "missing",
        detail="" if hidden else check.detail,
        record=check.record,
        record_url=reverse("gate_record", args=[placement.pk, check.item]) if check.item in recordable else "",
    )


@dataclass(frozen=True)
class Open:
    """An item still open, as a list shows it: its name, why (where the
    reader may see it), and whether the reader is the one who records it."""

    label: str
    detail: str
    yours: bool = False


@dataclass(frozen=True)
class DepartureRow:
    placement: Placement
    gate: Gate
    open: tuple[Open, ...]
    # An item the reader may not see (health) is among the open ones.
    hides_open: bool

    @property
    def complete(self) -> bool:
        return self.gate.complete


def departure_row(
    gate: Gate, *, show_health: bool, with_details: bool = False, yours: frozenset[GateItem] = frozenset()
) -> DepartureRow:
    """The open items of a gate; ``with_details`` adds why, except for health
    items, which a board names without their details."""
    shown = gate.missing_for(show_health=show_health)
    return DepartureRow(
        placement=gate.placement,
        gate=gate,
        open=tuple(
            Open(item.label, item.detail if with_details and not item.health else "", yours=item.item in yours)
            for item in shown
        ),
        hides_open=gate.hides_missing(show_health=show_health),
    )


def departure_rows(
    gates: Sequence[Gate],
    *,
    show_health: dict[int, bool],
    with_details: bool = False,
    yours: dict[int, frozenset[GateItem]] | None = None,
) -> list[DepartureRow]:
    """Rows for ``gates``; ``yours`` marks, per placement, the items the reader records."""
    return [
        departure_row(
            gate,
            show_health=show_health[gate.placement.pk],
            with_details=with_details,
            yours=(yours or {}).get(gate.placement.pk, frozenset()),
        )
        for gate in gates
    ]
