"""The participant record and what hangs off it: language results, health
checks, documents, schooling and earlier work, possible-duplicate flags and
checks of NIKs held elsewhere. One module each; import them from here."""

from participants.models.background import Education, SchoolLevel, SchoolOutcome, WorkExperience
from participants.models.documents import MANY_PER_PARTICIPANT, Document, DocumentQuerySet
from participants.models.duplicates import PossibleDuplicate, PossibleDuplicateQuerySet, Review
from participants.models.health import LAPSE_WARNING_DAYS, HealthCheck, HealthCheckQuerySet, HealthResult
from participants.models.language import LanguageResult, LanguageResultQuerySet
from participants.models.nik_checks import ForeignNikCheck, ForeignNikCheckQuerySet
from participants.models.participant import (
    ALLOWED_TRANSITIONS,
    ENTERED_THROUGH_PLACEMENTS,
    FINAL_STATUSES,
    HELD_BY_PLACEMENT,
    IN_JAPAN,
    IN_JAPAN_THROUGH_PLACEMENTS,
    LEFT_THROUGH_PLACEMENTS,
    MIN_REGISTRATION_AGE,
    NAME_SEARCH_TOO_SHORT,
    REASON_REQUIRED,
    SENSITIVE_FIELDS,
    ListedParticipant,
    Participant,
    ParticipantQuerySet,
    Sex,
    Status,
    StatusChange,
    moved_by_placements,
    too_short_to_search,
)

__all__ = [
    "ALLOWED_TRANSITIONS",
    "ENTERED_THROUGH_PLACEMENTS",
    "FINAL_STATUSES",
    "HELD_BY_PLACEMENT",
    "IN_JAPAN",
    "IN_JAPAN_THROUGH_PLACEMENTS",
    "LAPSE_WARNING_DAYS",
    "LEFT_THROUGH_PLACEMENTS",
    "MANY_PER_PARTICIPANT",
    "MIN_REGISTRATION_AGE",
    "NAME_SEARCH_TOO_SHORT",
    "REASON_REQUIRED",
    "SENSITIVE_FIELDS",
    "Document",
    "DocumentQuerySet",
    "Education",
    "ForeignNikCheck",
    "ForeignNikCheckQuerySet",
    "HealthCheck",
    "HealthCheckQuerySet",
    "HealthResult",
    "LanguageResult",
    "LanguageResultQuerySet",
    "ListedParticipant",
    "Participant",
    "ParticipantQuerySet",
    "PossibleDuplicate",
    "PossibleDuplicateQuerySet",
    "Review",
    "SchoolLevel",
    "SchoolOutcome",
    "Sex",
    "Status",
    "StatusChange",
    "WorkExperience",
    "moved_by_placements",
    "too_short_to_search",
]
