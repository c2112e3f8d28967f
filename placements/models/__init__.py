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
from placements.models.duties import (
    Audit,
    AuditOutcome,
    MonthlyVisit,
    MonthlyVisitQuerySet,
    QuarterlyReport,
    RegularInterview,
)
from placements.models.gate import GateRecord, GateRecordQuerySet
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
from placements.models.notices import OVERDUE, Notice, NoticeQuerySet
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
    Ending,
    Placement,
    PlacementQuerySet,
    PlacementStatus,
    ResidenceStatus,
    StayStage,
)
from placements.models.stay import StagePeriod, StagePeriodQuerySet

__all__ = [
    "AIRPORT_CODE",
    "ALLOWED_TRANSITIONS",
    "DEFAULT_MAXIMA",
    "HIGHEST_MAXIMUM",
    "LIVE_OFFER",
    "OPEN_PLACEMENT",
    "OVERDUE",
    "Audit",
    "AuditOutcome",
    "CohortMember",
    "CohortStatus",
    "DefaultCriterion",
    "DepartureCohort",
    "DepartureCohortQuerySet",
    "DurationBasis",
    "Ending",
    "GateRecord",
    "GateRecordQuerySet",
    "Interview",
    "InterviewCriterion",
    "InterviewQuerySet",
    "InterviewResult",
    "InterviewScore",
    "InterviewStatus",
    "MonthlyVisit",
    "MonthlyVisitQuerySet",
    "Notice",
    "NoticeQuerySet",
    "Offer",
    "OfferQuerySet",
    "OfferStatus",
    "OfferStatusChange",
    "Placement",
    "PlacementQuerySet",
    "PlacementStatus",
    "QuarterlyReport",
    "RegularInterview",
    "ResidenceStatus",
    "StagePeriod",
    "StagePeriodQuerySet",
    "StayStage",
    "normalized_flight_number",
]
