"""Workflows before the flight: recording the items of a placement's
pre-departure gate, planning departure cohorts, and marking a cohort departed.

Each action runs in one transaction, locks the rows it changes, writes its
audit rows with them, and saves only the fields it owns. The gate's history
is its records: recording an item again supersedes the old record, which
stays. Marking a cohort departed moves every placement (PREPARING → IN_JAPAN)
and participant (PRE_DEPARTURE → DEPARTED) or, when one of them cannot go,
none: the refusal names each participant who blocks and why.
"""

from __future__ import annotations

import dataclasses
import datetime

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from audit import actions as audit
from audit.models import AuditAction
from participants import actions as participant_actions
from participants.models import Document, Participant, Status
from placements.gate import flight_of, gates_for, programme_of, with_gate_relations
from placements.gate_items import (
    GateEntry,
    airport_problems,
    entry_problems,
    flight_date_problems,
    is_recordable,
    normalized,
    normalized_coe_number,
)
from placements.models import (
    CohortMember,
    CohortStatus,
    DepartureCohort,
    GateRecord,
    Placement,
    PlacementStatus,
    normalized_flight_number,
)
from reference.models import DocumentKind, GateItem


class DepartureError(Exception):
    """A refusal with a message for the person who asked."""


class EntryRefused(DepartureError):
    """Input that cannot be stored; ``problems`` by form field."""

    def __init__(self, problems: dict[str, str]) -> None:
        self.problems = problems
        super().__init__(_("Nothing was saved: correct the marked fields."))


class CohortRefused(DepartureError):
    """A change to a cohort refused as a whole; ``reasons`` one line each."""

    def __init__(self, message: str, reasons: list[str]) -> None:
        self.reasons = reasons
        super().__init__(message)


@dataclasses.dataclass(frozen=True)
class Blocker:
    """A participant who keeps a cohort on the ground, and why."""

    name: str
    reasons: tuple[str, ...]


class CohortBlocked(DepartureError):
    def __init__(self, blockers: list[Blocker], *, flight_date: datetime.date) -> None:
        self.blockers = blockers
        super().__init__(
            ngettext(
                "Nobody was marked departed: %(count)s participant cannot fly on %(date)s.",
                "Nobody was marked departed: %(count)s participants cannot fly on %(date)s.",
                len(blockers),
            )
            % {"count": len(blockers), "date": date_format(flight_date)}
        )


class EditConflict(DepartureError):
    def __init__(self) -> None:
        super().__init__(_("Someone changed this cohort while you were looking at it. Check the list again."))


def _today(today: datetime.date | None) -> datetime.date:
    return today or timezone.localdate()


# --- the gate -----------------------------------------------------------------


@transaction.atomic
def record_gate_item(
    *, placement_id: int, item: GateItem, entry: GateEntry, by: User, today: datetime.date | None = None
) -> GateRecord:
    """Store what was done for one item; the item's earlier record is superseded."""
    day = _today(today)
    # The placement's row lock: recordings of one gate queue, and a departure
    # (which takes the same lock) sees all of them or none.
    placement = with_gate_relations(Placement.objects.select_for_update(of=("self",))).get(pk=placement_id)
    if placement.status != PlacementStatus.PREPARING:
        raise DepartureError(_("This placement is no longer preparing to depart: its gate is closed."))
    if item not in programme_of(placement).gate_item_kinds or not is_recordable(item):
        raise DepartureError(_("“%(item)s” is not recorded on this participant's gate.") % {"item": item.label})
    records = _current_records(placement)
    problems = entry_problems(item, entry, today=day) or _against_records(placement, records, item, entry)
    if problems:
        raise EntryRefused(problems)
    now = timezone.now()
    previous = records.get(item)
    if previous is not None:
        previous.superseded_at = now
        previous.save(update_fields=["superseded_at"])
    stored = normalized(item, entry)
    record = GateRecord.objects.create(
        placement=placement, item=item, **dataclasses.asdict(stored), recorded_by=by, recorded_at=now
    )
    audit.record(
        actor=by,
        action=AuditAction.UPDATED,
        target=placement,
        changes={f"gate.{item}": [_describe(previous), _describe(record)]},
    )
    return record


def _current_records(placement: Placement) -> dict[GateItem, GateRecord]:
    return {GateItem(record.item): record for record in GateRecord.objects.current().filter(placement=placement)}


def _against_records(
    placement: Placement, records: dict[GateItem, GateRecord], item: GateItem, entry: GateEntry
) -> dict[str, str]:
    """The order of dates across records (the COE's issue before the visa and
    the flight), and the COE number against the passport's."""
    flight = flight_of(placement, records)
    coe = records.get(GateItem.COE)
    issued = coe.done_on if coe is not None else None
    if item == GateItem.COE:
        return _coe_against_records(placement, entry, flight.day if flight else None)
    if item == GateItem.VISA and issued and entry.done_on and entry.done_on < issued:
        return {"done_on": _("A visa is issued on the COE: this is before the COE's issue (%(date)s).") % _on(issued)}
    if item == GateItem.FLIGHT:
        if flight is not None and flight.cohort is not None:
            return {
                "done_on": _("This participant flies with a departure cohort (%(cohort)s): change the cohort instead.")
                % {"cohort": flight.cohort}
            }
        if issued and entry.done_on and entry.done_on < issued:
            return {"done_on": _("The flight date is before the COE's issue (%(date)s).") % _on(issued)}
    return {}


def _coe_against_records(placement: Placement, entry: GateEntry, flight_day: datetime.date | None) -> dict[str, str]:
    if entry.done_on and flight_day and entry.done_on > flight_day:
        return {
            "done_on": _(
                "The flight is on %(date)s, before this issue date: a COE cannot be used for an earlier flight."
            )
            % _on(flight_day)
        }
    passport = (
        Document.objects.current()
        .filter(participant_id=placement.participant_id, kind=DocumentKind.PASSPORT)
        .values_list("number", flat=True)
        .first()
    )
    typed = normalized_coe_number(entry.number)
    if passport and typed and typed == normalized_coe_number(passport):
        return {"number": _("This is the participant's passport number, not the COE's.")}
    return {}


def _on(day: datetime.date) -> dict[str, str]:
    return {"date": date_format(day)}


def _describe(record: GateRecord | None) -> str | None:
    """A record in the audit log, in the source language for every reader."""
    if record is None:
        return None
    parts = [f"#{record.pk}"]
    for name in ("applied_on", "done_on", "valid_until"):
        value = getattr(record, name)
        if value is not None:
            parts.append(f"{name} {value.isoformat()}")
    for name in ("number", "flight_number", "route", "note"):
        if getattr(record, name):
            parts.append(f"{name} {getattr(record, name)}")
    if record.hours is not None:
        parts.append(f"hours {record.hours}")
    if record.exempt:
        parts.append("exempt")
    return " ".join(parts)


# --- cohorts ------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, kw_only=True)
class CohortDetails:
    flight_date: datetime.date
    flight_number: str
    route_from: str
    route_to: str
    escort: str


COHORT_FIELDS = tuple(field.name for field in dataclasses.fields(CohortDetails))


def cohort_problems(details: CohortDetails, *, today: datetime.date) -> dict[str, str]:
    """What is wrong with a cohort's details, by field; the form shows the same."""
    problems = airport_problems(details.route_from, details.route_to)
    if normalized_flight_number(details.flight_number) is None:
        problems["flight_number"] = _(
            "A flight number is the airline's two-character code and 1 to 4 digits, e.g. GA 874."
        )
    return problems | flight_date_problems(details.flight_date, today=today, field="flight_date")


def _normalized_details(details: CohortDetails) -> CohortDetails:
    return CohortDetails(
        flight_date=details.flight_date,
        flight_number=normalized_flight_number(details.flight_number) or "",
        route_from=details.route_from.strip().upper(),
        route_to=details.route_to.strip().upper(),
        escort=details.escort.strip(),
    )


@transaction.atomic
def create_cohort(*, details: CohortDetails, by: User, today: datetime.date | None = None) -> DepartureCohort:
    problems = cohort_problems(details, today=_today(today))
    if problems:
        raise EntryRefused(problems)
    cohort = DepartureCohort.objects.create(
        **dataclasses.asdict(_normalized_details(details)), created_by=by, created_at=timezone.now()
    )
    after = audit.snapshot(cohort, COHORT_FIELDS)
    audit.record(actor=by, action=AuditAction.CREATED, target=cohort, changes=audit.changed_fields({}, after))
    return cohort


def _locked_cohort(cohort_id: int) -> DepartureCohort:
    # Every change to a cohort takes its row lock first: adding someone while
    # it is being marked departed waits, and is then refused as departed.
    cohort = DepartureCohort.objects.select_for_update().get(pk=cohort_id)
    if not cohort.is_planned:
        raise DepartureError(_("This cohort has departed: it can no longer be changed."))
    return cohort


@transaction.atomic
def update_cohort(
    *, cohort_id: int, details: CohortDetails, expected_version: int, by: User, today: datetime.date | None = None
) -> DepartureCohort:
    cohort = _locked_cohort(cohort_id)
    if cohort.version != expected_version:
        raise EditConflict
    problems = cohort_problems(details, today=_today(today))
    late = _coe_issued_after(Placement.objects.filter(cohort_member__cohort=cohort), details.flight_date)
    if late and "flight_date" not in problems:
        problems["flight_date"] = _("The flight would be before the COE's issue for %(names)s.") % {
            "names": ", ".join(late)
        }
    if problems:
        raise EntryRefused(problems)
    before = audit.snapshot(cohort, COHORT_FIELDS)
    for name, value in dataclasses.asdict(_normalized_details(details)).items():
        setattr(cohort, name, value)
    changes = audit.changed_fields(before, audit.snapshot(cohort, COHORT_FIELDS))
    if changes:
        cohort.version += 1
        cohort.save(update_fields=[*COHORT_FIELDS, "version"])
        audit.record(actor=by, action=AuditAction.UPDATED, target=cohort, changes=changes)
    return cohort


def _coe_issued_after(placements: QuerySet[Placement] | list[int], day: datetime.date) -> list[str]:
    """Names of the participants among ``placements`` whose COE was issued after ``day``."""
    late = GateRecord.objects.current().filter(placement__in=placements, item=GateItem.COE, done_on__gt=day)
    return sorted(late.values_list("placement__participant__full_name", flat=True))


@transaction.atomic
def add_to_cohort(*, cohort_id: int, participant_ids: list[int], by: User) -> list[CohortMember]:
    """Put participants who are preparing to depart on the cohort's flight,
    all of them or, if one cannot go on it, none."""
    cohort = _locked_cohort(cohort_id)
    people = Participant.objects.in_bulk(participant_ids)
    placements = {
        placement.participant_id: placement
        for placement in Placement.objects.select_for_update(of=("self",))
        .filter(participant_id__in=participant_ids, status=PlacementStatus.PREPARING)
        .select_related("cohort_member__cohort")
    }
    reasons = [
        reason
        for pk in dict.fromkeys(participant_ids)
        if pk in people and (reason := _why_not_on(people[pk], placements.get(pk), cohort))
    ]
    if reasons:
        raise CohortRefused(_("Nobody was added to the cohort."), reasons)
    now = timezone.now()
    members = [
        CohortMember.objects.create(cohort=cohort, placement=placements[pk], added_by=by, added_at=now)
        for pk in dict.fromkeys(participant_ids)
        if pk in people
    ]
    cohort.version += 1
    cohort.save(update_fields=["version"])
    audit.record(
        actor=by,
        action=AuditAction.UPDATED,
        target=cohort,
        changes={
            "members.added": [None, [f"#{member.placement_id} {member.placement.participant}" for member in members]]
        },
    )
    return members


def _why_not_on(person: Participant, placement: Placement | None, cohort: DepartureCohort) -> str:
    values = {"name": person.full_name}
    if placement is None or person.status != Status.PRE_DEPARTURE:
        return (
            _(
                "%(name)s has not been selected and accepted an offer: only participants preparing to depart can "
                "join a cohort."
            )
            % values
        )
    member = getattr(placement, "cohort_member", None)
    if member is not None:
        return _("%(name)s is already on the flight %(cohort)s.") % {**values, "cohort": member.cohort}
    if _coe_issued_after([placement.pk], cohort.flight_date):
        return _("%(name)s's COE was issued after this flight's date.") % values
    return ""


@transaction.atomic
def remove_from_cohort(*, cohort_id: int, placement_id: int, by: User) -> None:
    cohort = _locked_cohort(cohort_id)
    member = CohortMember.objects.select_related("placement__participant").filter(
        cohort=cohort, placement_id=placement_id
    )
    found = member.first()
    if found is None:
        raise DepartureError(_("This participant is not on the cohort any more."))
    found.delete()
    cohort.version += 1
    cohort.save(update_fields=["version"])
    audit.record(
        actor=by,
        action=AuditAction.UPDATED,
        target=cohort,
        changes={"members.removed": [f"#{placement_id} {found.placement.participant}", None]},
    )


# --- departure ----------------------------------------------------------------


@transaction.atomic
def depart_cohort(
    *, cohort_id: int, expected_version: int, by: User, today: datetime.date | None = None
) -> DepartureCohort:
    """Mark the cohort departed: every member's gate must be complete on the
    flight date. All members move in this one transaction, or none."""
    day = _today(today)
    cohort = _locked_cohort(cohort_id)
    if cohort.version != expected_version:
        raise EditConflict
    if cohort.flight_date > day:
        raise DepartureError(
            _("The flight is on %(date)s: a cohort is marked departed on its flight date or later.")
            % _on(cohort.flight_date)
        )
    # The participants, then their placements, each in primary-key order: the
    # order in which the offer actions lock them (accepting, withdrawing), so
    # a withdrawal and a departure queue instead of deadlocking. Nobody joins
    # the cohort meanwhile: that takes the cohort's lock, held here.
    people = Placement.objects.filter(cohort_member__cohort=cohort).values_list("participant_id", flat=True)
    list(Participant.objects.select_for_update().filter(pk__in=list(people)).order_by("pk"))
    placements = list(
        with_gate_relations(Placement.objects.select_for_update(of=("self",)))
        .filter(cohort_member__cohort=cohort)
        .order_by("pk")
    )
    if not placements:
        raise DepartureError(_("Nobody is on this cohort yet."))
    blockers = _blockers(placements, cohort, day)
    if blockers:
        raise CohortBlocked(blockers, flight_date=cohort.flight_date)
    for placement in placements:
        _depart(placement, cohort=cohort, by=by)
    cohort.status = CohortStatus.DEPARTED
    cohort.departed_at = timezone.now()
    cohort.departed_by = by
    cohort.version += 1
    cohort.save(update_fields=["status", "departed_at", "departed_by", "version"])
    audit.record(
        actor=by,
        action=AuditAction.STATUS_CHANGED,
        target=cohort,
        changes={"status": [CohortStatus.PLANNED, CohortStatus.DEPARTED], "participants": len(placements)},
    )
    return cohort


def _blockers(placements: list[Placement], cohort: DepartureCohort, day: datetime.date) -> list[Blocker]:
    gates = gates_for(placements, today=day, on=cohort.flight_date)
    blockers = []
    for placement in placements:
        gate = gates[placement.pk]
        # A health item is named without its details (health data, shown only on the participant's record).
        reasons = tuple(item.label if item.health else f"{item.label}: {item.detail}" for item in gate.missing)
        if placement.status != PlacementStatus.PREPARING:
            reasons = (_("no longer preparing to depart (%(status)s)") % {"status": placement.get_status_display()},)
        if reasons:
            blockers.append(Blocker(placement.participant.full_name, reasons))
    return blockers


def _depart(placement: Placement, *, cohort: DepartureCohort, by: User) -> None:
    now = timezone.now()
    placement.status = PlacementStatus.IN_JAPAN
    placement.status_changed_at = now
    placement.departed_on = cohort.flight_date
    placement.version += 1
    placement.save(update_fields=["status", "status_changed_at", "departed_on", "version"])
    audit.record(
        actor=by,
        action=AuditAction.STATUS_CHANGED,
        target=placement,
        changes={
            "status": [PlacementStatus.PREPARING, PlacementStatus.IN_JAPAN],
            "departed_on": [None, cohort.flight_date.isoformat()],
        },
    )
    try:
        participant_actions.change_status(
            participant_id=placement.participant_id,
            to=Status.DEPARTED,
            by=by,
            # The cohort's flight names itself the same way in every language.
            reason=str(cohort),
            through_placements=True,
        )
    except participant_actions.ParticipantError as error:
        # Raised inside the transaction: everyone moved before this one moves back.
        raise CohortBlocked(
            [Blocker(placement.participant.full_name, (str(error),))], flight_date=cohort.flight_date
        ) from error
