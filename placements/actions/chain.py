"""The chain of a person's placements: ending one (with its current stage
period) and opening the one that follows it. Used by the transfers, the
change of programme, the endings and the return of a missing person, always
inside their transaction and after they took the locks (participant first,
then the placement)."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from audit import actions as audit
from audit.models import AuditAction
from participants.models import Participant
from placements.models import Ending, Placement, PlacementStatus, StagePeriod


class MoveError(Exception):
    """A refusal with a message for the person who asked."""


class MoveRefused(MoveError):
    """Input that cannot be stored; ``problems`` by form field."""

    def __init__(self, problems: dict[str, str]) -> None:
        self.problems = problems
        super().__init__(_("Nothing was saved: correct the marked fields."))


class RuleRefused(MoveError):
    """The programme rule said no; the message is its explanation."""

    def __init__(self, explanation: str) -> None:
        self.explanation = explanation
        super().__init__(_("The rules do not allow this: %(why)s") % {"why": explanation})


class NotInJapan(MoveError):
    def __init__(self) -> None:
        super().__init__(
            _("Only a placement in Japan whose participant is placed there can be moved or ended this way.")
        )


def locked(placement_id: int) -> tuple[Participant, Placement]:
    """The participant and the placement, locked in the order every placements action takes."""
    participant_id = Placement.objects.values_list("participant_id", flat=True).get(pk=placement_id)
    participant = Participant.objects.select_for_update().get(pk=participant_id)
    placement = Placement.objects.select_for_update().get(pk=placement_id)
    return participant, placement


def current_period(placement: Placement) -> StagePeriod | None:
    return StagePeriod.objects.select_for_update().filter(placement=placement, ended_on__isnull=True).first()


def last_day_problem(placement: Placement, last_day: datetime.date, *, today: datetime.date) -> str | None:
    """Why ``last_day`` cannot be the placement's last day, if it cannot."""
    if last_day > today:
        return _("The day cannot be in the future.")
    first = placement.arrived_on or placement.departed_on or placement.starts_on
    if last_day < first:
        return _("The day cannot be before the placement began on %(day)s.") % {
            "day": date_format(first, "DATE_FORMAT")
        }
    period = StagePeriod.objects.filter(placement=placement, ended_on__isnull=True).first()
    if period is not None and last_day < period.started_on:
        return _("The day cannot be before the current stage began on %(day)s.") % {
            "day": date_format(period.started_on, "DATE_FORMAT")
        }
    return None


def end(placement: Placement, *, ending: Ending, last_day: datetime.date, reason: str, by: User) -> StagePeriod | None:
    """End the placement and its current stage period on ``last_day``, with
    the audit row; the period it ended, if any."""
    period = current_period(placement)
    if period is not None:
        period.ended_on = last_day
        period.save(update_fields=["ended_on"])
    before = {"status": placement.status, "ended_on": None, "ending": ""}
    placement.status = PlacementStatus.ENDED
    placement.status_changed_at = timezone.now()
    placement.ended_on = last_day
    placement.ending = ending
    placement.ending_reason = reason.strip()
    placement.version += 1
    placement.save(update_fields=["status", "status_changed_at", "ended_on", "ending", "ending_reason", "version"])
    audit.record(
        actor=by,
        action=AuditAction.STATUS_CHANGED,
        target=placement,
        changes={
            "status": [before["status"], placement.status],
            "ended_on": [None, last_day.isoformat()],
            "ending": ["", str(ending)],
        },
    )
    return period


def open_following(previous: Placement, *, by: User, starts_on: datetime.date, **terms: Any) -> Placement:
    """A placement in Japan that follows ``previous`` (ended already), on
    ``previous``'s terms except those given; no job order of its own."""
    inherited = {
        name: getattr(previous, name)
        for name in (
            "company",
            "supervising_organization",
            "support_organization",
            "prefecture",
            "work_city",
            "work_city_ja",
            "work_site",
            "stage",
            "job_category",
            "operation",
            "ssw_field",
            "esd_field",
            "business_category",
            "departed_on",
            "arrived_on",
            "planned_end_on",
            "residence_status",
            "residence_card_number",
            "residence_card_expires_on",
        )
    }
    placement = Placement.objects.create(
        participant=previous.participant,
        job_order=None,
        follows=previous,
        status=PlacementStatus.IN_JAPAN,
        starts_on=starts_on,
        created_by=by,
        **{**inherited, **terms},
    )
    audit.record(
        actor=by,
        action=AuditAction.CREATED,
        target=placement,
        changes={
            "follows": [None, previous.pk],
            "company": [None, placement.company.name],
            "stage": [None, placement.stage],
            "starts_on": [None, starts_on.isoformat()],
        },
    )
    return placement


def continue_period(previous: StagePeriod | None, placement: Placement, *, by: User) -> StagePeriod:
    """The new placement's first period, in the same stage as the one that
    ended: a transfer does not restart the stage, so it keeps the last day
    and the rule answer that set it."""
    period = StagePeriod(
        placement=placement,
        stage=placement.stage,
        started_on=placement.starts_on,
        planned_end_on=previous.planned_end_on if previous else placement.planned_end_on,
        created_by=by,
    )
    if previous is not None:
        period.rule_family = previous.rule_family
        period.rule_version = previous.rule_version
        period.rule_effective_from = previous.rule_effective_from
        period.explanation = previous.explanation
        period.explanation_en = previous.explanation_en
    period.save()
    return period
