"""The sections of the participant's page, prepared for templates without
logic: each function reads what its section shows, once, and says in plain
fields what the template marks (met or missing, expired, a link or none).

Who may see a section is decided by the view through accounts.access; these
functions only shape what they are given to read.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Literal

from django.db.models import Q
from django.urls import NoReverseMatch, reverse

from participants.models import (
    MANY_PER_PARTICIPANT,
    Document,
    Education,
    HealthCheck,
    LanguageResult,
    Participant,
    ParticipantQuerySet,
    PossibleDuplicate,
    WorkExperience,
)
from participants.readiness import Readiness
from participants.records import Records
from reference.models import DocumentKind
from training.models import Enrolment, TrainingClassQuerySet

# Marked "expires soon" this far ahead: a visa application and the
# certificate of eligibility take months, so a paper that lapses within half
# a year will need renewing before anyone can leave with it.
EXPIRES_SOON = datetime.timedelta(days=180)

Expiry = Literal["expired", "soon", ""]


def expiry(expires_on: datetime.date | None, *, today: datetime.date) -> Expiry:
    if expires_on is None:
        return ""
    if expires_on < today:
        return "expired"
    return "soon" if expires_on <= today + EXPIRES_SOON else ""


# --- readiness ----------------------------------------------------------------


@dataclass(frozen=True)
class ChecklistRow:
    label: str
    # "hidden": a health requirement shown to someone who may not see health data.
    state: Literal["met", "missing", "hidden"]
    detail: str


@dataclass(frozen=True)
class Checklist:
    rows: tuple[ChecklistRow, ...]
    # Counted over the rows the viewer is shown, so a hidden health item never
    # leaks through a total.
    missing: int
    hides_some: bool


def checklist(result: Readiness, *, show_health: bool) -> Checklist:
    rows = tuple(
        ChecklistRow(label=item.label, state="hidden", detail="")
        if item.health and not show_health
        else ChecklistRow(label=item.label, state="met" if item.met else "missing", detail=item.detail)
        for item in result.items
    )
    return Checklist(
        rows=rows,
        missing=sum(row.state == "missing" for row in rows),
        hides_some=any(row.state == "hidden" for row in rows),
    )


# --- language -----------------------------------------------------------------


@dataclass(frozen=True)
class LanguageRow:
    result: LanguageResult
    state: Literal["valid", "expired", "not_passed"]


@dataclass(frozen=True)
class LanguageSection:
    highest: LanguageResult | None
    rows: tuple[LanguageRow, ...]


def language(records: Records, *, today: datetime.date) -> LanguageSection:
    rows = tuple(
        LanguageRow(
            result=result,
            state="valid" if result.is_valid_on(today) else "expired" if result.passed else "not_passed",
        )
        for result in records.language_results
    )
    return LanguageSection(highest=records.highest_language_result(today), rows=rows)


# --- health -------------------------------------------------------------------


@dataclass(frozen=True)
class HealthRow:
    check: HealthCheck
    expiry: Expiry


def health(records: Records, *, today: datetime.date) -> tuple[HealthRow, ...]:
    return tuple(
        HealthRow(check=check, expiry=expiry(check.expires_on, today=today)) for check in records.health_checks
    )


# --- documents ----------------------------------------------------------------


@dataclass(frozen=True)
class DocumentRow:
    document: Document
    expiry: Expiry


@dataclass(frozen=True)
class DocumentGroup:
    kind: str
    label: str
    current: tuple[DocumentRow, ...]
    replaced: tuple[Document, ...]
    # A kind held once is replaced by a new upload; certificates are added.
    replaces: bool


def documents(records: Records, *, today: datetime.date) -> tuple[DocumentGroup, ...]:
    every = records.documents
    return tuple(
        DocumentGroup(
            kind=kind.value,
            label=str(kind.label),
            current=tuple(
                DocumentRow(document=d, expiry=expiry(d.expires_on, today=today))
                for d in every
                if d.kind == kind and d.is_current
            ),
            replaced=tuple(d for d in every if d.kind == kind and not d.is_current),
            replaces=kind not in MANY_PER_PARTICIPANT,
        )
        for kind in DocumentKind
    )


# --- training -----------------------------------------------------------------


@dataclass(frozen=True)
class EnrolmentRow:
    enrolment: Enrolment
    # None when the viewer may not open the class, or the class page is not there.
    link: str | None


def enrolments(
    participant: Participant, *, classes_visible: TrainingClassQuerySet, today: datetime.date
) -> tuple[EnrolmentRow, ...]:
    """The participant's classes: running ones first, then upcoming, then past."""
    enrolled = Enrolment.objects.filter(participant=participant).select_related("training_class__course")
    rows = list(enrolled.in_calendar_order(today))
    openable = set(classes_visible.filter(pk__in=[row.training_class_id for row in rows]).values_list("pk", flat=True))
    return tuple(
        EnrolmentRow(enrolment=row, link=_class_link(row) if row.training_class_id in openable else None)
        for row in rows
    )


def _class_link(enrolment: Enrolment) -> str | None:
    # The class page belongs to the training app; until it exists, no link.
    try:
        return reverse("class_detail", args=[enrolment.training_class_id])
    except NoReverseMatch:
        return None


# --- education and earlier work -----------------------------------------------


@dataclass(frozen=True)
class Background:
    education: tuple[Education, ...]
    work: tuple[WorkExperience, ...]


def background(participant: Participant) -> Background:
    return Background(
        education=tuple(Education.objects.filter(participant=participant).order_by("started_on", "id")),
        work=tuple(WorkExperience.objects.filter(participant=participant).order_by("started_on", "id")),
    )


# --- possible duplicates ------------------------------------------------------


@dataclass(frozen=True)
class DuplicateRow:
    # The other record's page, only for a viewer who may see it; otherwise
    # nothing that identifies it (not even its id) reaches the page.
    link: str | None


def possible_duplicates(participant: Participant, *, visible: ParticipantQuerySet) -> tuple[DuplicateRow, ...]:
    flags = PossibleDuplicate.objects.open().filter(Q(participant=participant) | Q(other=participant))
    others = [flag.other_id if flag.participant_id == participant.pk else flag.participant_id for flag in flags]
    seen = set(visible.filter(pk__in=others).values_list("pk", flat=True))
    return tuple(
        DuplicateRow(link=reverse("participant_detail", args=[other]) if other in seen else None) for other in others
    )
