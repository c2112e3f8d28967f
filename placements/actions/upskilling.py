"""Upskilling by the host company: a course in Japan, a certificate or a
skill test taken in Japan, recorded by the company, its supervising
organization or the ministry. A passed test of the right kind is what the
next stage move reads (``placements.actions.stages``)."""

from __future__ import annotations

import dataclasses
import datetime
import itertools

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from audit import actions as audit
from audit.models import AuditAction
from placements.actions.stages import locked_placement
from placements.models import (
    MOVE_TESTS,
    Placement,
    PlacementStatus,
    SkillTest,
    SkillTestResult,
    StagePeriod,
    StayStage,
    Upskilling,
    UpskillingKind,
)


class UpskillingError(Exception):
    """A refusal with a message for the person who asked."""


class UpskillingRefused(UpskillingError):
    """Input that cannot be stored; ``problems`` by form field."""

    def __init__(self, problems: dict[str, str]) -> None:
        self.problems = problems
        super().__init__(_("Nothing was saved: correct the marked fields."))


class NotWorkingInJapan(UpskillingError):
    def __init__(self) -> None:
        super().__init__(_("Upskilling is recorded for a worker in Japan whose arrival is recorded."))


class StaleUpskilling(UpskillingError):
    def __init__(self) -> None:
        super().__init__(
            _("Someone changed this record meanwhile. It is shown as it is now; make your correction again.")
        )


class MoveReliesOnTest(UpskillingError):
    def __init__(self, stage: StayStage) -> None:
        super().__init__(
            _(
                "The move to %(stage)s relied on this passed test, and no other test would count for it. "
                "The correction would take away what the move stands on, so it was not saved."
            )
            % {"stage": stage.label}
        )


@dataclasses.dataclass(frozen=True, kw_only=True)
class UpskillingDetails:
    kind: str
    taken_on: datetime.date
    # A skill test: which one and how it went.
    skill_test: str = ""
    result: str = ""
    # A course or a certificate: its name.
    title: str = ""
    provider: str = ""
    certificate_number: str = ""
    note: str = ""


def upskilling_problems(placement: Placement, details: UpskillingDetails, *, today: datetime.date) -> dict[str, str]:
    problems: dict[str, str] = {}
    if details.kind not in UpskillingKind.values:
        problems["kind"] = _("Choose what is recorded: a course, a certificate or a skill test.")
    if details.taken_on > today:
        problems["taken_on"] = _("The date cannot be in the future.")
    elif placement.arrived_on is not None and details.taken_on < placement.arrived_on:
        problems["taken_on"] = _("Only what was done in Japan counts here: on or after the arrival on %(day)s.") % {
            "day": date_format(placement.arrived_on, "DATE_FORMAT")
        }
    if details.kind == UpskillingKind.SKILL_TEST:
        if details.skill_test not in SkillTest.values:
            problems["skill_test"] = _("Choose the skill test from the list.")
        if details.result not in SkillTestResult.values:
            problems["result"] = _("Give the result: passed or failed.")
    elif details.kind in UpskillingKind.values and not details.title.strip():
        problems["title"] = _("Give the name of the course or certificate.")
    return problems


@transaction.atomic
def record_upskilling(
    *, placement_id: int, details: UpskillingDetails, by: User, today: datetime.date | None = None
) -> Upskilling:
    today = today or timezone.localdate()
    # Locked like a stage move, so a move never reads the tests while one is being added.
    _participant, placement = locked_placement(placement_id)
    if placement.status != PlacementStatus.IN_JAPAN or placement.arrived_on is None:
        raise NotWorkingInJapan
    problems = upskilling_problems(placement, details, today=today)
    if problems:
        raise UpskillingRefused(problems)
    record = Upskilling.objects.create(placement=placement, recorded_by=by, **_stored(details))
    changes = {name: [None, _shown(getattr(record, name))] for name in _AUDITED}
    audit.record(actor=by, action=AuditAction.CREATED, target=record, changes=changes)
    return record


@transaction.atomic
def correct_upskilling(
    *, record_id: int, details: UpskillingDetails, version: int, by: User, today: datetime.date | None = None
) -> Upskilling:
    """Put right a record entered wrongly (a failed test entered as passed, the
    wrong date). Refused when someone corrected it since the form was read,
    and when a recorded stage move stood on it and nothing else would."""
    today = today or timezone.localdate()
    placement_id = Upskilling.objects.values_list("placement_id", flat=True).get(pk=record_id)
    _participant, placement = locked_placement(placement_id)
    record = Upskilling.objects.select_for_update().get(pk=record_id)
    if record.version != version:
        raise StaleUpskilling
    if placement.status != PlacementStatus.IN_JAPAN or placement.arrived_on is None:
        raise NotWorkingInJapan
    problems = upskilling_problems(placement, details, today=today)
    if problems:
        raise UpskillingRefused(problems)
    _refuse_taking_away_a_moves_test(placement, record, details)
    before = {name: _shown(getattr(record, name)) for name in _AUDITED}
    for name, value in _stored(details).items():
        setattr(record, name, value)
    record.version += 1
    record.save()
    changes = {
        name: [before[name], _shown(getattr(record, name))]
        for name in _AUDITED
        if before[name] != _shown(getattr(record, name))
    }
    audit.record(actor=by, action=AuditAction.UPDATED, target=record, changes=changes)
    return record


# What the audit keeps of a record (its words stay on the record itself).
_AUDITED = ("kind", "skill_test", "result", "taken_on", "title", "certificate_number")


def _shown(value: object) -> object:
    return value.isoformat() if isinstance(value, datetime.date) else value


def _stored(details: UpskillingDetails) -> dict[str, object]:
    """The record's fields from the form: a course or certificate keeps no test or result."""
    is_test = details.kind == UpskillingKind.SKILL_TEST
    return {
        "kind": details.kind,
        "skill_test": details.skill_test if is_test else "",
        "result": details.result if is_test else "",
        "title": details.title.strip(),
        "provider": details.provider.strip(),
        "taken_on": details.taken_on,
        "certificate_number": details.certificate_number.strip(),
        "note": details.note.strip(),
    }


def _refuse_taking_away_a_moves_test(placement: Placement, record: Upskilling, details: UpskillingDetails) -> None:
    """Every stage move a test opened (to TITP ii or iii) needs a passed test of
    its kind taken by the last day of the stage before; after the correction
    one must still be there."""
    periods = list(StagePeriod.objects.filter(placement=placement).order_by("started_on"))
    for before, period in itertools.pairwise(periods):
        stage = StayStage(period.stage)
        tests = MOVE_TESTS.get(stage)
        if not tests:
            continue
        last_day = before.ended_on or period.started_on - datetime.timedelta(days=1)
        others = Upskilling.objects.filter(placement=placement).exclude(pk=record.pk)
        if others.in_time_for(stage, last_day=last_day).exists():
            continue
        still_counts = (
            details.kind == UpskillingKind.SKILL_TEST
            and details.result == SkillTestResult.PASSED
            and details.skill_test in tests
            and details.taken_on <= last_day
        )
        if not still_counts:
            raise MoveReliesOnTest(stage)
