"""The "moves and endings" part of a placement's page: the person's chain of
placements with why each one ended, an open disappearance with its reports,
and the actions the reader may take now (or why there are none).

``moves_section`` gives the context of ``templates/placements/_moves_section.html``;
the placement detail page includes both, and so does the moves page meanwhile.
"""

from __future__ import annotations

import dataclasses

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_stubs_ext import StrOrPromise

from participants.models import Status
from placements.models import Disappearance, Ending, Move, Placement, PlacementStatus, StayStage


class ActionKey:
    TRANSFER = "transfer"
    SSW = "ssw"
    END = "end"
    MISSING = "missing"
    REPORTS = "reports"
    FOUND = "found"
    CLOSE = "close"


_LABELS: dict[str, StrOrPromise] = {
    ActionKey.TRANSFER: gettext_lazy("Transfer to another company"),
    ActionKey.SSW: gettext_lazy("Change to SSW i"),
    ActionKey.END: gettext_lazy("End the placement"),
    ActionKey.MISSING: gettext_lazy("Record a disappearance"),
    ActionKey.REPORTS: gettext_lazy("Record the reports to the police and OTIT"),
    ActionKey.FOUND: gettext_lazy("Found: back at work"),
    ActionKey.CLOSE: gettext_lazy("Known dead or gone home"),
}
_URLS = {
    ActionKey.TRANSFER: "move_transfer",
    ActionKey.SSW: "move_ssw",
    ActionKey.END: "move_end",
    ActionKey.MISSING: "move_missing",
    ActionKey.REPORTS: "move_reports",
    ActionKey.FOUND: "move_found",
    ActionKey.CLOSE: "move_close",
}


@dataclasses.dataclass(frozen=True)
class Action:
    key: str
    label: StrOrPromise
    url: str


@dataclasses.dataclass(frozen=True)
class Link:
    """One placement of the chain, with the move that opened it, if any."""

    placement: Placement
    move_in: Move | None
    current: bool


@dataclasses.dataclass(frozen=True)
class MovesSection:
    placement: Placement
    chain: list[Link]
    disappearance: Disappearance | None
    actions: list[Action]
    # Why no action is offered, for a reader who may record them.
    why_none: str


def open_actions(placement: Placement, disappearance: Disappearance | None) -> list[str]:
    """The moves and endings the placement's state allows now (whoever asks)."""
    status = placement.participant.status
    if placement.status == PlacementStatus.IN_JAPAN and status == Status.PLACED:
        keys = [ActionKey.TRANSFER, ActionKey.END, ActionKey.MISSING]
        if placement.stage in (StayStage.TITP_II, StayStage.TITP_III):
            keys.insert(1, ActionKey.SSW)
        return keys
    if placement.status == PlacementStatus.IN_JAPAN and status == Status.DEPARTED:
        return [ActionKey.END]
    if disappearance is not None and disappearance.is_open and status == Status.MISSING:
        return [ActionKey.REPORTS, ActionKey.FOUND, ActionKey.CLOSE]
    return []


def _why_none(placement: Placement) -> str:
    if placement.status == PlacementStatus.PREPARING:
        return _("The person has not left for Japan yet.")
    if placement.status == PlacementStatus.CANCELLED:
        return _("The placement was cancelled before departure.")
    if placement.ending in (Ending.TRANSFERRED, Ending.CHANGED_PROGRAMME) or placement.ending:
        return _("The placement has ended; a placement that follows it carries the person's work now, if any.")
    return _("The participant's status does not allow a move now.")


def disappearance_of(placement: Placement) -> Disappearance | None:
    return Disappearance.objects.filter(placement=placement).first()


def moves_section(placement: Placement, *, may_move: bool) -> MovesSection:
    placements = list(
        Placement.objects.filter(participant_id=placement.participant_id)
        .select_related("company", "prefecture")
        .order_by("created_at", "id")
    )
    moves = {move.to_placement_id: move for move in Move.objects.filter(to_placement__in=placements)}
    disappearance = disappearance_of(placement)
    keys = open_actions(placement, disappearance) if may_move else []
    return MovesSection(
        placement=placement,
        chain=[Link(placement=p, move_in=moves.get(p.pk), current=p.pk == placement.pk) for p in placements],
        disappearance=disappearance,
        actions=[Action(key=key, label=_LABELS[key], url=reverse(_URLS[key], args=[placement.pk])) for key in keys],
        why_none="" if keys or not may_move else _why_none(placement),
    )


@dataclasses.dataclass(frozen=True)
class Row:
    placement: Placement
    disappearance: Disappearance | None
    actions: list[Action]


def moves_rows(placements: list[Placement], *, movable: set[int]) -> list[Row]:
    """One row per placement with the actions the reader may take on it (two queries)."""
    disappearances = {d.placement_id: d for d in Disappearance.objects.filter(placement__in=placements)}
    rows = []
    for placement in placements:
        disappearance = disappearances.get(placement.pk)
        keys = open_actions(placement, disappearance) if placement.pk in movable else []
        actions = [Action(key=key, label=_LABELS[key], url=reverse(_URLS[key], args=[placement.pk])) for key in keys]
        rows.append(Row(placement=placement, disappearance=disappearance, actions=actions))
    return rows
