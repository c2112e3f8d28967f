"""Upskilling by the host company: a course in Japan, a certificate or a
skill test taken in Japan, recorded by the company, its supervising
organization or the ministry. A passed test of the right kind is what the
next stage move reads (``placements.actions.stages``)."""

from __future__ import annotations

import dataclasses
import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from audit import actions as audit
from audit.models import AuditAction
from placements.actions.stages import locked_placement
from placements.models import Placement, PlacementStatus, SkillTest, SkillTestResult, Upskilling, UpskillingKind


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
    is_test = details.kind == UpskillingKind.SKILL_TEST
    record = Upskilling.objects.create(
        placement=placement,
        kind=details.kind,
        skill_test=details.skill_test if is_test else "",
        result=details.result if is_test else "",
        title=details.title.strip(),
        provider=details.provider.strip(),
        taken_on=details.taken_on,
        certificate_number=details.certificate_number.strip(),
        note=details.note.strip(),
        recorded_by=by,
    )
    changes = {
        "kind": [None, record.kind],
        "skill_test": [None, record.skill_test],
        "result": [None, record.result],
        "taken_on": [None, record.taken_on.isoformat()],
    }
    audit.record(actor=by, action=AuditAction.CREATED, target=record, changes=changes)
    return record
