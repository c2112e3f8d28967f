"""Arrival in Japan: the placement that departed becomes the person's work.

The supervising organization (or the employer, or the ministry) records the
day the person landed, the day work starts after the first month's lectures,
the work site and the residence card. The first stage period opens with the
rule answer that sets its last day (TITP: ``rules.titp_stage_end``), and the
participant moves from "departed" to "placed" through the one status action.
"""

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
from lib.residence_card import normalized_card_number
from participants import actions as participant_actions
from participants.models import Participant, Status
from placements.models import Placement, PlacementStatus, ResidenceStatus, StagePeriod, StayStage
from rules import Answer, Stage, titp_stage_end


class ArrivalError(Exception):
    """A refusal with a message for the person who asked."""


class ArrivalRefused(ArrivalError):
    """Input that cannot be stored; ``problems`` by form field."""

    def __init__(self, problems: dict[str, str]) -> None:
        self.problems = problems
        super().__init__(_("Nothing was saved: correct the marked fields."))


class NotAwaitingArrival(ArrivalError):
    def __init__(self, placement: Placement) -> None:
        if placement.arrived_on is not None:
            message = _("The arrival was already recorded on %(day)s.") % {
                "day": date_format(placement.arrived_on, "DATE_FORMAT")
            }
        else:
            message = _("Only a placement whose participant has departed can record an arrival.")
        super().__init__(message)


@dataclasses.dataclass(frozen=True, kw_only=True)
class ArrivalDetails:
    arrived_on: datetime.date
    # The first day of work, after the first month's lectures (TITP 講習).
    work_starts_on: datetime.date
    work_site: str
    residence_card_number: str
    residence_card_expires_on: datetime.date
    # Blank means the status the placement's stage gives (ResidenceStatus.for_stage).
    residence_status: str = ""
    # The contract's end where no rule sets the stage's last day (SSW, ESD,
    # engineer); for TITP the rule's answer is used.
    planned_end_on: datetime.date | None = None


def arrival_problems(placement: Placement, details: ArrivalDetails, *, today: datetime.date) -> dict[str, str]:
    """What is wrong with ``details`` for this placement, by form field."""
    problems: dict[str, str] = {}
    if details.arrived_on > today:
        problems["arrived_on"] = _("The arrival cannot be in the future.")
    elif placement.departed_on and details.arrived_on < placement.departed_on:
        problems["arrived_on"] = _("The arrival cannot be before the flight on %(day)s.") % {
            "day": date_format(placement.departed_on, "DATE_FORMAT")
        }
    if details.work_starts_on < details.arrived_on:
        problems["work_starts_on"] = _("Work cannot start before the arrival.")
    if not details.work_site.strip():
        problems["work_site"] = _("Give the address where the person works.")
    if normalized_card_number(details.residence_card_number) is None:
        problems["residence_card_number"] = _(
            "A residence card number is two letters, eight digits and two letters, e.g. AB12345678CD."
        )
    if details.residence_card_expires_on <= details.arrived_on:
        problems["residence_card_expires_on"] = _("The residence card must still be valid after the arrival.")
    if details.residence_status and details.residence_status not in ResidenceStatus.values:
        problems["residence_status"] = _("Choose a status of residence from the list.")
    stage = StayStage(placement.stage)
    if stage.titp_stage is None and details.planned_end_on is None:
        problems["planned_end_on"] = _("Give the day the contract ends.")
    elif details.planned_end_on is not None and details.planned_end_on <= details.work_starts_on:
        problems["planned_end_on"] = _("The contract must end after work starts.")
    return problems


@transaction.atomic
def record_arrival(
    *, placement_id: int, details: ArrivalDetails, by: User, today: datetime.date | None = None
) -> Placement:
    today = today or timezone.localdate()
    # The participant first, then the placement: the order every placements action locks in.
    participant_id = Placement.objects.values_list("participant_id", flat=True).get(pk=placement_id)
    participant = Participant.objects.select_for_update().get(pk=participant_id)
    placement = Placement.objects.select_for_update().get(pk=placement_id)
    if placement.status != PlacementStatus.IN_JAPAN or placement.arrived_on or participant.status != Status.DEPARTED:
        raise NotAwaitingArrival(placement)
    problems = arrival_problems(placement, details, today=today)
    if problems:
        raise ArrivalRefused(problems)
    stage = StayStage(placement.stage)
    answer = _stage_end(stage, details.work_starts_on)
    _arrive(placement, details, stage=stage, planned_end_on=answer.value if answer else details.planned_end_on)
    period = StagePeriod(
        placement=placement,
        stage=stage,
        started_on=details.work_starts_on,
        planned_end_on=placement.planned_end_on,
        created_by=by,
    )
    if answer is not None:
        period.keep_answer(answer)
    period.save()
    audit.record(actor=by, action=AuditAction.UPDATED, target=placement, changes=_arrival_changes(placement))
    participant_actions.change_status(
        participant_id=participant.pk,
        to=Status.PLACED,
        by=by,
        reason=_("Arrived in Japan on %(day)s to work for %(company)s")
        % {"day": date_format(details.arrived_on, "DATE_FORMAT"), "company": placement.company.name},
        through_placements=True,
    )
    return placement


def _stage_end(stage: StayStage, starts_on: datetime.date) -> Answer[datetime.date] | None:
    """The rule's last day of a TITP stage started on ``starts_on``; None where no rule sets one."""
    if stage.titp_stage is None:
        return None
    return titp_stage_end(started_on=starts_on, stage=Stage.numbered(stage.titp_stage), on=starts_on)


def _arrive(
    placement: Placement, details: ArrivalDetails, *, stage: StayStage, planned_end_on: datetime.date | None
) -> None:
    placement.arrived_on = details.arrived_on
    placement.starts_on = details.work_starts_on
    placement.work_site = details.work_site.strip()
    placement.residence_status = details.residence_status or ResidenceStatus.for_stage(stage)
    placement.residence_card_number = normalized_card_number(details.residence_card_number) or ""
    placement.residence_card_expires_on = details.residence_card_expires_on
    placement.planned_end_on = planned_end_on
    placement.version += 1
    placement.save()


def _arrival_changes(placement: Placement) -> dict[str, list[str | None]]:
    # In the audit log a card number is personal data: its last four letters identify it enough.
    return {
        "arrived_on": [None, placement.arrived_on.isoformat() if placement.arrived_on else None],
        "starts_on": [None, placement.starts_on.isoformat()],
        "residence_status": [None, placement.residence_status],
        "residence_card_number": [None, f"…{placement.residence_card_number[-4:]}"],
        "planned_end_on": [None, placement.planned_end_on.isoformat() if placement.planned_end_on else None],
    }
