"""A participant's next step in their own journey, in plain words: where
they are, what comes next and what they still need, on their own phone."""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass

from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext, gettext_lazy

from participants import readiness
from participants.models import Participant, Status
from participants.models.participant import IN_JAPAN
from placements import zones
from placements.gate import Flight, GateCheck, check, with_gate_relations
from placements.models import Interview, Offer, OfferStatus, Placement

_NEXT_STEP = {
    Status.REGISTERED: gettext_lazy("You are registered. Next comes your skill training at the training centre (BLK)."),
    Status.IN_TRAINING: gettext_lazy(
        "You are in training. When everything below is complete, you are ready to be matched to a job in Japan."
    ),
    Status.READY: gettext_lazy(
        "You are ready. The ministry matches you to job orders from Japanese companies that fit your trade."
    ),
    Status.SHORTLISTED: gettext_lazy(
        "You are on a company's shortlist. Your LPK/SO will tell you when and where your interview is."
    ),
    Status.SELECTED: gettext_lazy(
        "You have been selected for a job in Japan. Your LPK/SO prepares your papers for departure."
    ),
    Status.PRE_DEPARTURE: gettext_lazy(
        "You are preparing to leave: attend the pre-departure orientation and keep your passport with you."
    ),
    Status.RETURNED: gettext_lazy(
        "Welcome home. Your LPK/SO and the ministry can help you use your experience in Indonesia."
    ),
    Status.RETURNED_EARLY: gettext_lazy(
        "Welcome home. Your LPK/SO and the ministry can help you use your experience in Indonesia."
    ),
    Status.WITHDRAWN: gettext_lazy("Your participation has ended. Ask your LPK/SO if you have questions."),
    Status.DECEASED: gettext_lazy("Your participation has ended. Ask your LPK/SO if you have questions."),
    Status.DISQUALIFIED: gettext_lazy("Your participation has ended. Ask your LPK/SO if you have questions."),
}
_IN_JAPAN_STEP = gettext_lazy(
    "You are working in Japan. If something is wrong at work or where you live, tell your LPK/SO or the "
    "Indonesian embassy; you do not have to pay anyone to keep your job."
)
# The checklist is about getting ready: once matched, it no longer guides the person.
_CHECKLIST_STATUSES = frozenset({Status.REGISTERED, Status.IN_TRAINING})


# From the shortlist until departure, the interview and the offer are the next step.
_SELECTION_STATUSES = frozenset({Status.SHORTLISTED, Status.SELECTED, Status.PRE_DEPARTURE})


@dataclass(frozen=True)
class Journey:
    participant: Participant
    status: str
    next_step: str
    still_needed: tuple[readiness.Requirement, ...]
    record_url: str
    jobs_url: str
    # "My interview and offer", from the shortlist until departure.
    selection_url: str = ""
    # Once an offer is accepted: the pre-departure gate's open items and the flight.
    before_flight: tuple[GateCheck, ...] = ()
    flight: Flight | None = None
    departure_url: str = ""


def journey_of(participant: Participant, *, today: datetime.date) -> Journey:
    status = Status(participant.status)
    still_needed = readiness.check(participant, on=today).missing if status in _CHECKLIST_STATUSES else ()
    in_selection = status in _SELECTION_STATUSES
    journey = Journey(
        participant=participant,
        status=str(status.label),
        next_step=(in_selection and _selection_step(participant, status)) or _step(status),
        still_needed=still_needed,
        record_url=reverse("participant_detail", args=[participant.pk]),
        jobs_url=reverse("participant_matches", args=[participant.pk]) if status == Status.READY else "",
        selection_url=reverse("participant_selection", args=[participant.pk]) if in_selection else "",
    )
    return _preparing_to_fly(journey, today=today) if status == Status.PRE_DEPARTURE else journey


def _preparing_to_fly(journey: Journey, *, today: datetime.date) -> Journey:
    """With an accepted offer, the next step is the gate: what is still open, and the flight."""
    placement = with_gate_relations(Placement.objects.preparing().filter(participant=journey.participant)).first()
    if placement is None:
        return journey
    gate = check(placement, today=today)
    values = {"company": placement.company.name, "prefecture": placement.prefecture}
    if gate.flight is None:
        step = gettext("You are preparing to leave for %(company)s in %(prefecture)s. Your flight is not booked yet.")
    else:
        values |= {
            "flight": gate.flight.number,
            "route": gate.flight.route,
            "date": formats.date_format(gate.flight.day),
        }
        step = gettext(
            "You are preparing to leave for %(company)s in %(prefecture)s: flight %(flight)s, %(route)s, on %(date)s."
        )
    return dataclasses.replace(
        journey,
        next_step=step % values,
        before_flight=gate.missing,
        flight=gate.flight,
        departure_url=reverse("placement_gate", args=[placement.pk]),
    )


def _step(status: Status) -> str:
    return str(_IN_JAPAN_STEP if status in IN_JAPAN else _NEXT_STEP[status])


def _selection_step(participant: Participant, status: Status) -> str:
    """The interview coming up, or the offer waiting for their answer, in plain words."""
    if status == Status.SELECTED:
        offer = Offer.objects.filter(participant=participant, status=OfferStatus.SENT).first()
        if offer is not None:
            return gettext("You have a job offer from %(company)s. Read it and answer: accept or decline.") % {
                "company": offer.company_name
            }
    if status == Status.SHORTLISTED:
        interview = Interview.objects.upcoming().filter(participant=participant).order_by("starts_at").first()
        if interview is not None:
            # The participant reads Indonesian time; the page "My interview and offer" shows both clocks.
            local = zones.local(interview.starts_at, zones.JAKARTA)
            when = f"{formats.date_format(local, 'DATE_FORMAT')}, {formats.time_format(local, 'H:i')} WIB"
            return gettext("Your interview for “%(job)s” is on %(when)s. Open your interview to see where.") % {
                "job": interview.job_order.title,
                "when": when,
            }
    return ""
