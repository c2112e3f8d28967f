"""The placement and what leads to it and hangs off it. One module per topic;
import them from here."""

from placements.models.cohorts import (
    AIRPORT_CODE,
    CohortMember,
    CohortStatus,
    DepartureCohort,
    DepartureCohortQuerySet,
    normalized_flight_number,
)
from placements.models.gate import GateRecord, GateRecordQuerySet
from placements.models.placement import (
    ALLOWED_TRANSITIONS,
    OPEN_PLACEMENT,
    Placement,
    PlacementQuerySet,
    PlacementStatus,
)

__all__ = [
    "AIRPORT_CODE",
    "ALLOWED_TRANSITIONS",
    "OPEN_PLACEMENT",
    "CohortMember",
    "CohortStatus",
    "DepartureCohort",
    "DepartureCohortQuerySet",
    "GateRecord",
    "GateRecordQuerySet",
    "Placement",
    "PlacementQuerySet",
    "PlacementStatus",
    "normalized_flight_number",
]
