"""May a placement's participant fly? The computed pre-departure gate that
holds back ``departed`` (placements.actions.departure.depart_cohort).

The items come from the participant's sending programme
(``SendingProgramme.gate_item_kinds``, configured by ministry administrators
like the readiness requirements); without a programme, from the standard list
of the job order's residence programme. Every item is checked on the flight
date: the cohort's, else the one entered on the gate, else today. What was
recorded is read from GateRecord; the medical check from the participant's
health checks; orientation hours from completed orientation classes plus
hours entered; the Japanese test from official language results.

``gates_for`` reads a whole list of placements in five queries, so a
cohort's board or a list of departures does not query per row.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Sum
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from participants.models import HealthCheck, HealthResult, LanguageResult
from placements.gate_items import PLAIN_NAMES
from placements.models import DepartureCohort, GateRecord, Placement, PlacementQuerySet
from reference.models import GateItem, SendingProgramme
from training.models import CourseKind, Enrolment


@dataclass(frozen=True, kw_only=True)
class GateCheck:
    item: GateItem
    met: bool
    detail: str
    record: GateRecord | None = None
    # Health data is shown only to those who may see it (accounts.access.may_view_health).
    health: bool = False

    @property
    def label(self) -> str:
        return capfirst(str(self.item.label))

    @property
    def plain_name(self) -> str:
        return str(PLAIN_NAMES[self.item])


@dataclass(frozen=True)
class Flight:
    day: datetime.date
    number: str
    route_from: str
    route_to: str
    cohort: DepartureCohort | None

    @property
    def route(self) -> str:
        return f"{self.route_from} → {self.route_to}"


@dataclass(frozen=True)
class Gate:
    placement: Placement
    flight: Flight | None
    # The day every item was checked on: the flight date, or today without one.
    on: datetime.date
    items: tuple[GateCheck, ...]

    @property
    def complete(self) -> bool:
        return all(item.met for item in self.items)

    @property
    def missing(self) -> tuple[GateCheck, ...]:
        return tuple(item for item in self.items if not item.met)

    def missing_for(self, *, show_health: bool) -> tuple[GateCheck, ...]:
        return tuple(item for item in self.missing if show_health or not item.health)

    def hides_missing(self, *, show_health: bool) -> bool:
        """Whether an item the viewer may not see (health) is among the missing."""
        return not show_health and any(item.health for item in self.missing)


def with_gate_relations(placements: PlacementQuerySet) -> PlacementQuerySet:
    """The relations ``gates_for`` reads, loaded with the placements."""
    return placements.select_related(
        "participant__sending_programme__min_language_level",
        "job_order",
        "company",
        "prefecture",
        "cohort_member__cohort",
    )


def check(placement: Placement, *, today: datetime.date, on: datetime.date | None = None) -> Gate:
    return gates_for([placement], today=today, on=on)[placement.pk]


def gates_for(
    placements: Sequence[Placement], *, today: datetime.date, on: datetime.date | None = None
) -> dict[int, Gate]:
    """Each placement's gate, checked on ``on`` if given (a cohort's board
    checks everyone on its flight date), else on its own flight date."""
    facts = _Facts.load(placements)
    return {placement.pk: _gate(placement, facts, today=today, on=on) for placement in placements}


def programme_of(placement: Placement) -> SendingProgramme:
    return placement.participant.sending_programme or SendingProgramme(track=placement.track)


def flight_of(placement: Placement, records: dict[GateItem, GateRecord]) -> Flight | None:
    member = getattr(placement, "cohort_member", None)
    if member is not None:
        cohort = member.cohort
        return Flight(cohort.flight_date, cohort.flight_number, cohort.route_from, cohort.route_to, cohort)
    entered = records.get(GateItem.FLIGHT)
    if entered is not None and entered.done_on is not None:
        return Flight(entered.done_on, entered.flight_number, entered.route_from, entered.route_to, None)
    return None


@dataclass
class _Facts:
    records: dict[int, dict[GateItem, GateRecord]]
    health: dict[int, list[HealthCheck]]
    language: dict[int, list[LanguageResult]]
    orientation_hours: dict[int, int]

    @classmethod
    def load(cls, placements: Iterable[Placement]) -> _Facts:
        placement_ids = [placement.pk for placement in placements]
        people = [placement.participant_id for placement in placements]
        records: dict[int, dict[GateItem, GateRecord]] = defaultdict(dict)
        for record in GateRecord.objects.current().filter(placement_id__in=placement_ids).select_related("recorded_by"):
            records[record.placement_id][GateItem(record.item)] = record
        health: dict[int, list[HealthCheck]] = defaultdict(list)
        for health_check in HealthCheck.objects.filter(participant_id__in=people).latest_first():
            health[health_check.participant_id].append(health_check)
        language: dict[int, list[LanguageResult]] = defaultdict(list)
        results = LanguageResult.objects.filter(participant_id__in=people, passed=True).official()
        for result in results.select_related("level"):
            language[result.participant_id].append(result)
        hours = (
            Enrolment.objects.completed()
            .of_kind(CourseKind.ORIENTATION)
            .filter(participant_id__in=people)
            .values("participant_id")
            .annotate(total=Sum("credited_hours"))
        )
        orientation = {row["participant_id"]: row["total"] or 0 for row in hours}
        return cls(records, health, language, orientation)


def _gate(placement: Placement, facts: _Facts, *, today: datetime.date, on: datetime.date | None) -> Gate:
    records = facts.records.get(placement.pk, {})
    flight = flight_of(placement, records)
    day = on or (flight.day if flight else today)
    programme = programme_of(placement)
    person = placement.participant_id
    checks = []
    for item in programme.gate_item_kinds:
        record = records.get(item)
        match item:
            case GateItem.MEDICAL:
                checks.append(_medical(facts.health.get(person, []), day))
            case GateItem.ORIENTATION:
                courses = facts.orientation_hours.get(person, 0)
                checks.append(_orientation(record, courses, programme.min_orientation_hours))
            case GateItem.JAPANESE_TEST:
                checks.append(_japanese(record, facts.language.get(person, []), programme, day))
            case GateItem.FLIGHT:
                checks.append(_flight(record, flight))
            case _:
                checks.append(_recorded(item, record, day))
    return Gate(placement=placement, flight=flight, on=day, items=tuple(checks))


# --- items read from what was recorded ----------------------------------------


def _not_recorded(item: GateItem) -> GateCheck:
    return GateCheck(item=item, met=False, detail=_("Not recorded yet."))


def _recorded(item: GateItem, record: GateRecord | None, day: datetime.date) -> GateCheck:
    if record is None:
        return _not_recorded(item)
    match item:
        case GateItem.PLAN_CERTIFICATION | GateItem.ESD_PLAN_CERTIFICATION:
            return _certification(item, record)
        case GateItem.COE:
            return _coe(record, day)
        case GateItem.INSURANCE:
            return _insurance(record, day)
        case GateItem.SKILL_TEST:
            return _skill_test(record)
        case GateItem.VISA:
            detail = _("Issued %(date)s, number %(number)s.") % {"date": _day(record.done_on), "number": record.number}
        case GateItem.SUPPORT_PLAN:
            detail = _("Prepared %(date)s; support by %(by)s.") % {"date": _day(record.done_on), "by": record.note}
        case _:
            detail = _("Signed %(date)s.") % {"date": _day(record.done_on)}
    return GateCheck(item=item, met=record.done_on is not None, detail=detail, record=record)


def _certification(item: GateItem, record: GateRecord) -> GateCheck:
    if record.done_on is None:
        detail = _("Applied %(date)s; not certified yet.") % {"date": _day(record.applied_on)}
        return GateCheck(item=item, met=False, detail=detail, record=record)
    detail = _("Certified %(date)s, number %(number)s.") % {"date": _day(record.done_on), "number": record.number}
    return GateCheck(item=item, met=True, detail=detail, record=record)


def _coe(record: GateRecord, day: datetime.date) -> GateCheck:
    item = GateItem.COE
    if record.done_on is None or record.valid_until is None:
        detail = _("Applied %(date)s; not issued yet.") % {"date": _day(record.applied_on)}
        return GateCheck(item=item, met=False, detail=detail, record=record)
    values = {"issued": _day(record.done_on), "number": record.number, "until": _day(record.valid_until)}
    if record.valid_until < day:
        detail = _(
            "Issued %(issued)s, number %(number)s: it expires on %(until)s, before the flight on %(flight)s. "
            "A new COE is needed, or an earlier flight."
        ) % {**values, "flight": _day(day)}
        return GateCheck(item=item, met=False, detail=detail, record=record)
    detail = _("Issued %(issued)s, number %(number)s, valid until %(until)s.") % values
    if record.valid_until == day:
        detail += " " + _("It expires on the flight date: the landing in Japan must be that same day.")
    return GateCheck(item=item, met=True, detail=detail, record=record)


def _insurance(record: GateRecord, day: datetime.date) -> GateCheck:
    values = {"insurer": record.note, "number": record.number, "until": _day(record.valid_until)}
    if record.valid_until is None or record.valid_until < day:
        detail = _("%(insurer)s, policy %(number)s: runs out on %(until)s, before the flight on %(flight)s.") % {
            **values,
            "flight": _day(day),
        }
        return GateCheck(item=GateItem.INSURANCE, met=False, detail=detail, record=record)
    detail = _("%(insurer)s, policy %(number)s, valid until %(until)s.") % values
    return GateCheck(item=GateItem.INSURANCE, met=True, detail=detail, record=record)


def _skill_test(record: GateRecord) -> GateCheck:
    if record.exempt:
        detail = _("Exempt: %(reason)s.") % {"reason": record.note}
    else:
        detail = _("%(test)s passed %(date)s.") % {"test": record.note, "date": _day(record.done_on)}
    return GateCheck(
        item=GateItem.SKILL_TEST, met=record.exempt or record.done_on is not None, detail=detail, record=record
    )


def _flight(record: GateRecord | None, flight: Flight | None) -> GateCheck:
    if flight is None:
        return GateCheck(item=GateItem.FLIGHT, met=False, detail=_("No flight yet: not in a departure cohort."))
    values = {"number": flight.number, "route": flight.route, "date": _day(flight.day)}
    if flight.cohort is not None:
        detail = _("%(number)s %(route)s on %(date)s, with a departure cohort.") % values
    else:
        detail = _("%(number)s %(route)s on %(date)s, booked outside a departure cohort.") % values
    return GateCheck(item=GateItem.FLIGHT, met=True, detail=detail, record=record)


# --- items read from other records --------------------------------------------


def _medical(checks: list[HealthCheck], day: datetime.date) -> GateCheck:
    latest = next((check for check in checks if check.examined_on <= day), None)
    if latest is None:
        detail = _("No health check recorded.")
    elif latest.result != HealthResult.FIT:
        detail = _("Latest check (%(date)s): %(result)s.") % {
            "date": _day(latest.examined_on),
            "result": latest.get_result_display(),
        }
    elif latest.expires_on < day:
        detail = _("Fit, but valid only until %(until)s, before the flight on %(flight)s.") % {
            "until": _day(latest.expires_on),
            "flight": _day(day),
        }
    else:
        detail = _("Fit, valid until %(date)s.") % {"date": _day(latest.expires_on)}
    met = latest is not None and latest.is_fit_on(day)
    return GateCheck(item=GateItem.MEDICAL, met=met, detail=detail, health=True)


def _orientation(record: GateRecord | None, course_hours: int, wanted: int) -> GateCheck:
    entered = record.hours or 0 if record else 0
    done = course_hours + entered
    detail = _("%(done)s of %(wanted)s hours: %(courses)s in orientation classes, %(entered)s entered.") % {
        "done": done,
        "wanted": wanted,
        "courses": course_hours,
        "entered": entered,
    }
    return GateCheck(item=GateItem.ORIENTATION, met=done >= wanted, detail=detail, record=record)


def _japanese(
    record: GateRecord | None, results: list[LanguageResult], programme: SendingProgramme, day: datetime.date
) -> GateCheck:
    item = GateItem.JAPANESE_TEST
    if record is not None and record.exempt:
        return GateCheck(item=item, met=True, detail=_("Exempt: %(reason)s.") % {"reason": record.note}, record=record)
    valid = [result for result in results if result.is_valid_on(day)]
    best = max(valid, key=lambda result: (result.level.rank, result.taken_on), default=None)
    minimum = programme.min_language_level
    met = minimum is None or (best is not None and best.level.rank >= minimum.rank)
    detail = (
        _("No valid official result.")
        if best is None
        else _("Highest valid official level: %(level)s.") % {"level": best.level}
    )
    if minimum is not None:
        detail += " " + _("The programme needs %(level)s or equivalent.") % {"level": minimum}
    return GateCheck(item=item, met=met, detail=detail, record=record)


def _day(day: datetime.date | None) -> str:
    return date_format(day) if day else "—"
