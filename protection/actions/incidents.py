"""Recording an incident of a stay in Japan, and telling those who must know.

An accident at work or an illness is recorded here. A death, a disappearance
or an early return ends the placement: the incident records it through the
placements app's own actions (``placements.actions.endings``), in the same
transaction, so the participant's status, the placement's end and the
disappearance's dates are kept once, where every placements page reads them.
An ending the placements pages recorded already is linked, not recorded again.

Who is told of each kind is ``WHO_IS_TOLD``; the e-mail goes out after the
commit (``protection.notices``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit import actions as audit
from audit.models import AuditAction
from config.celery import enqueue_on_commit
from placements.actions import chain, endings
from placements.models import Disappearance, DisappearanceEnd, Ending, Placement, PlacementStatus
from protection.models import Audience, Incident, IncidentKind

# The placement's ending each ending kind records, and how it closes a disappearance.
_ENDING = {IncidentKind.DEATH: Ending.DECEASED, IncidentKind.EARLY_RETURN: Ending.RETURNED_EARLY}
_CLOSED_AS = {IncidentKind.DEATH: DisappearanceEnd.DECEASED, IncidentKind.EARLY_RETURN: DisappearanceEnd.RETURNED_EARLY}
# The form's names for the fields the placements actions name their own way.
_FIELD = {
    "ended_on": "occurred_on",
    "missing_since": "occurred_on",
    "reason": "description",
    "circumstances": "description",
    "last_contact_on": "last_contact_on",
}

# Who is told of each kind, and why:
# - the worker's LPK/SO, always: it knows the family and speaks their language;
# - the supervising organization, always: its support duties start at once;
# - the company of an accident or a death: it reports it to the labour
#   inspection office (労働者死傷病報告);
# - the ministry of anything that ends a stay or hurts at work: it watches
#   the safety of every placement;
# - the embassy of a death or a disappearance: consular help (the remains,
#   the family, a person who may be in danger).
WHO_IS_TOLD: dict[IncidentKind, frozenset[Audience]] = {
    IncidentKind.ACCIDENT_AT_WORK: frozenset(
        {Audience.SENDING_ORGANIZATION, Audience.SUPERVISING_ORGANIZATION, Audience.COMPANY, Audience.MINISTRY}
    ),
    IncidentKind.ILLNESS: frozenset({Audience.SENDING_ORGANIZATION, Audience.SUPERVISING_ORGANIZATION}),
    IncidentKind.DEATH: frozenset(Audience),
    IncidentKind.DISAPPEARANCE: frozenset(
        {Audience.SENDING_ORGANIZATION, Audience.SUPERVISING_ORGANIZATION, Audience.MINISTRY, Audience.EMBASSY}
    ),
    IncidentKind.EARLY_RETURN: frozenset(
        {Audience.SENDING_ORGANIZATION, Audience.SUPERVISING_ORGANIZATION, Audience.MINISTRY}
    ),
}


class IncidentRefused(Exception):
    """Nothing was saved; ``problems`` by form field (None: the whole form)."""

    def __init__(self, problems: dict[str | None, str]) -> None:
        super().__init__(_("Nothing was saved: correct the marked fields."))
        self.problems = problems


@dataclass(frozen=True, kw_only=True)
class IncidentDetails:
    kind: IncidentKind
    occurred_on: datetime.date | None
    description: str
    in_hospital: bool | None = None
    # A disappearance: the last day anyone reached the worker (default: the day they went missing).
    last_contact_on: datetime.date | None = None


@transaction.atomic
def record_incident(
    *, placement_id: int, details: IncidentDetails, by: User, today: datetime.date | None = None
) -> Incident:
    today = today or timezone.localdate()
    if details.kind.ends_placement:
        incident = _record_ending(placement_id, details, by=by, today=today)
    else:
        incident = _record_own(placement_id, details, by=by, today=today)
    audit.record(
        actor=by,
        action=AuditAction.CREATED,
        target=incident,
        changes={"kind": [None, incident.kind], "placement": [None, incident.placement_id]},
    )
    enqueue_on_commit("protection.tasks.notify_incident", incident.pk)
    return incident


def _record_own(placement_id: int, details: IncidentDetails, *, by: User, today: datetime.date) -> Incident:
    _participant, placement = chain.locked(placement_id)
    if placement.status not in (PlacementStatus.IN_JAPAN, PlacementStatus.ENDED):
        raise IncidentRefused({None: _("Only a placement that reached Japan has incidents.")})
    problems: dict[str | None, str] = {}
    if details.occurred_on is None:
        problems["occurred_on"] = _("Give the day it happened.")
    elif details.occurred_on > today:
        problems["occurred_on"] = _("The day cannot be in the future.")
    elif details.occurred_on < (placement.departed_on or placement.starts_on):
        problems["occurred_on"] = _("The day is before the worker left for Japan.")
    if not details.description.strip():
        problems["description"] = _("Say what happened.")
    if problems:
        raise IncidentRefused(problems)
    return Incident.objects.create(
        placement=placement,
        kind=details.kind,
        occurred_on=details.occurred_on,
        description=details.description.strip(),
        in_hospital=details.in_hospital,
        recorded_by=by,
    )


def _record_ending(placement_id: int, details: IncidentDetails, *, by: User, today: datetime.date) -> Incident:
    """Record the ending through the placements actions unless it is recorded
    already, then the incident that points at it."""
    if Incident.objects.filter(placement_id=placement_id, kind=details.kind).exists():
        raise IncidentRefused({"kind": _("This incident has been recorded already; everyone was told.")})
    try:
        disappearance = _ending_recorded(placement_id, details, by=by, today=today)
    except chain.MoveRefused as refused:
        raise IncidentRefused({_FIELD.get(field): message for field, message in refused.problems.items()}) from None
    except chain.MoveError as error:
        raise IncidentRefused({None: str(error)}) from None
    try:
        with transaction.atomic():
            return Incident.objects.create(
                placement_id=placement_id, kind=details.kind, disappearance=disappearance, recorded_by=by
            )
    except IntegrityError:
        # Two people recording the same death at once: the unique key lets one through.
        raise IncidentRefused({"kind": _("This incident has been recorded already; everyone was told.")}) from None


def _ending_recorded(
    placement_id: int, details: IncidentDetails, *, by: User, today: datetime.date
) -> Disappearance | None:
    """The placement's ending as this kind, recorded now if it was not; the
    disappearance the incident points at, if any."""
    placement = Placement.objects.get(pk=placement_id)
    disappearance = Disappearance.objects.filter(placement=placement).first()
    if details.kind == IncidentKind.DISAPPEARANCE:
        return disappearance or endings.record_missing(
            placement_id=placement_id, details=_missing(details), by=by, today=today
        )
    if placement.ending == _ENDING[details.kind]:
        return None
    if disappearance is not None and disappearance.closed_as == _CLOSED_AS[details.kind]:
        return disappearance
    if details.occurred_on is None:
        raise chain.MoveRefused({"ended_on": _("Give the day it happened.")})
    ending = endings.EndingDetails(
        ending=_ENDING[details.kind], ended_on=details.occurred_on, reason=details.description
    )
    if disappearance is not None and disappearance.is_open:
        endings.close_disappearance(placement_id=placement_id, details=ending, by=by, today=today)
        disappearance.refresh_from_db()
        return disappearance
    endings.end_placement(placement_id=placement_id, details=ending, by=by, today=today)
    return None


def _missing(details: IncidentDetails) -> endings.MissingDetails:
    if details.occurred_on is None:
        raise chain.MoveRefused({"missing_since": _("Give the day it happened.")})
    return endings.MissingDetails(
        missing_since=details.occurred_on,
        last_contact_on=details.last_contact_on or details.occurred_on,
        police_reported_on=None,
        otit_reported_on=None,
        circumstances=details.description,
    )
