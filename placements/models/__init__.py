"""The placement and what leads to it and hangs off it. One module per topic;
import them from here."""

from placements.models.placement import (
    ALLOWED_TRANSITIONS,
    OPEN_PLACEMENT,
    Placement,
    PlacementQuerySet,
    PlacementStatus,
)

__all__ = [
    "ALLOWED_TRANSITIONS",
    "OPEN_PLACEMENT",
    "Placement",
    "PlacementQuerySet",
    "PlacementStatus",
]
