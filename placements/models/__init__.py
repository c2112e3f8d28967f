"""The placement and what leads to it and hangs off it. One module per topic;
import them from here."""

from placements.models.interviews import (
    DEFAULT_MAXIMA,
    HIGHEST_MAXIMUM,
    DefaultCriterion,
    Interview,
    InterviewCriterion,
    InterviewQuerySet,
    InterviewResult,
    InterviewScore,
    InterviewStatus,
)
from placements.models.offers import (
    LIVE_OFFER,
    DurationBasis,
    Offer,
    OfferQuerySet,
    OfferStatus,
    OfferStatusChange,
)
from placements.models.placement import (
    ALLOWED_TRANSITIONS,
    OPEN_PLACEMENT,
    Placement,
    PlacementQuerySet,
    PlacementStatus,
)

__all__ = [
    "ALLOWED_TRANSITIONS",
    "DEFAULT_MAXIMA",
    "HIGHEST_MAXIMUM",
    "LIVE_OFFER",
    "OPEN_PLACEMENT",
    "DefaultCriterion",
    "DurationBasis",
    "Interview",
    "InterviewCriterion",
    "InterviewQuerySet",
    "InterviewResult",
    "InterviewScore",
    "InterviewStatus",
    "Offer",
    "OfferQuerySet",
    "OfferStatus",
    "OfferStatusChange",
    "Placement",
    "PlacementQuerySet",
    "PlacementStatus",
]
