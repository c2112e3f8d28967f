"""People recorded in Japan before placements held life there: a participant
"departed", "placed", "transferred" or "missing" with no placement (records
imported or walked on the status form before). Their status now moves only
through a placement, so without one they would be stuck; the ministry opens
one from the record, on what is known of their employer and stage, and the
participant is placed (back at work).
"""

from __future__ import annotations

import dataclasses
import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organization, OrganizationKind, User
from audit import actions as audit
from audit.models import AuditAction
from lib.residence_card import normalized_card_number
from participants import actions as participant_actions
from participants.models import Participant, ParticipantQuerySet, Status
from placements.actions.chain import MoveError, MoveRefused
from placements.models import OPEN_PLACEMENT, Placement, PlacementStatus, ResidenceStatus, StagePeriod, StayStage
from reference.models import ESDField, JobCategory, Prefecture, SSWField
from rules import Stage, titp_stage_end

# In Japan by the record, with no placement to move them.
WITHOUT_PLACEMENT = frozenset({Status.DEPARTED, Status.PLACED, Status.TRANSFERRED, Status.MISSING})


@dataclasses.dataclass(frozen=True, kw_only=True)
class LegacyDetails:
    company: Organization
    supervising_organization: Organization | None
    support_organization: Organization | None
    prefecture: Prefecture
    work_city: str
    work_site: str
    stage: StayStage
    job_category: JobCategory | None
    ssw_field: SSWField | None
    esd_field: ESDField | None
    arrived_on: datetime.date
    # The first day of the current stage.
    stage_started_on: datetime.date
    # Blank for TITP: the rule's last day of the stage.
    planned_end_on: datetime.date | None
    residence_card_number: str
    residence_card_expires_on: datetime.date | None


def without_placement(participants: ParticipantQuerySet) -> ParticipantQuerySet:
    """Those the record places in Japan whom no placement holds: no open
    placement, and no open disappearance (a missing person's placement ended
    when they went missing, and the disappearance holds them)."""
    return (
        participants.filter(status__in=WITHOUT_PLACEMENT)
        .exclude(placements__status__in=OPEN_PLACEMENT)
        .exclude(placements__disappearance__isnull=False, placements__disappearance__closed_on__isnull=True)
    )


def needs_placement(participant: Participant) -> bool:
    """Whether the record says the person is in Japan but no placement holds them."""
    if participant.status not in WITHOUT_PLACEMENT:
        return False  # as the query would say; most people's records never place them in Japan
    return without_placement(Participant.objects.filter(pk=participant.pk)).exists()


def legacy_problems(details: LegacyDetails, *, today: datetime.date) -> dict[str, str]:
    problems: dict[str, str] = {}
    if details.company.kind != OrganizationKind.COMPANY:
        problems["company"] = _("Choose an implementing company.")
    if details.arrived_on > today:
        problems["arrived_on"] = _("The arrival cannot be in the future.")
    if details.stage_started_on < details.arrived_on or details.stage_started_on > today:
        problems["stage_started_on"] = _("The stage starts between the arrival and today.")
    if details.stage.titp_stage is not None:
        if details.supervising_organization is None:
            problems["supervising_organization"] = _("A TITP trainee has a supervising organization.")
        if details.job_category is None:
            problems["job_category"] = _("Choose the TITP job category.")
    elif details.planned_end_on is None:
        problems["planned_end_on"] = _("Give the day the contract ends.")
    if details.stage in (StayStage.SSW_I, StayStage.SSW_II) and details.ssw_field is None:
        problems["ssw_field"] = _("Choose the SSW field.")
    if details.stage == StayStage.ESD and details.esd_field is None:
        problems["esd_field"] = _("Choose the ESD field.")
    if details.residence_card_number and normalized_card_number(details.residence_card_number) is None:
        problems["residence_card_number"] = _(
            "A residence card number is two letters, eight digits and two letters, e.g. AB12345678CD."
        )
    if not details.work_site.strip():
        problems["work_site"] = _("Give the address where the person works.")
    return problems


@transaction.atomic
def open_legacy_placement(
    *, participant_id: int, details: LegacyDetails, by: User, today: datetime.date | None = None
) -> Placement:
    today = today or timezone.localdate()
    participant = Participant.objects.select_for_update().get(pk=participant_id)
    if not needs_placement(participant):
        raise MoveError(_("Only a person in Japan by their record, with no placement, gets one opened here."))
    problems = legacy_problems(details, today=today)
    if problems:
        raise MoveRefused(problems)
    answer = None
    planned_end_on = details.planned_end_on
    if details.stage.titp_stage is not None:
        answer = titp_stage_end(
            started_on=details.stage_started_on, stage=Stage.numbered(details.stage.titp_stage), on=today
        )
        planned_end_on = answer.value
    placement = Placement.objects.create(
        participant=participant,
        job_order=None,
        company=details.company,
        supervising_organization=details.supervising_organization,
        support_organization=details.support_organization,
        prefecture=details.prefecture,
        work_city=details.work_city.strip(),
        work_site=details.work_site.strip(),
        stage=details.stage,
        job_category=details.job_category,
        ssw_field=details.ssw_field,
        esd_field=details.esd_field,
        status=PlacementStatus.IN_JAPAN,
        starts_on=details.stage_started_on,
        departed_on=details.arrived_on,
        arrived_on=details.arrived_on,
        planned_end_on=planned_end_on,
        residence_status=ResidenceStatus.for_stage(details.stage),
        residence_card_number=normalized_card_number(details.residence_card_number) or "",
        residence_card_expires_on=details.residence_card_expires_on,
        created_by=by,
    )
    period = StagePeriod(
        placement=placement,
        stage=details.stage,
        started_on=details.stage_started_on,
        planned_end_on=planned_end_on,
        created_by=by,
    )
    if answer is not None:
        period.keep_answer(answer)
    period.save()
    audit.record(
        actor=by,
        action=AuditAction.CREATED,
        target=placement,
        changes={"opened_for": [None, str(participant.status)], "company": [None, details.company.name]},
    )
    if participant.status != Status.PLACED:
        participant_actions.change_status(
            participant_id=participant.pk,
            to=Status.PLACED,
            by=by,
            reason=_("Placement with %(company)s opened from the record") % {"company": details.company.name},
            through_placements=True,
        )
    return placement
