"""Cases and check-ins for the dashboard tests, made through the real actions
at chosen moments."""

from __future__ import annotations

import datetime

from django.utils import timezone

from accounts.models import User
from participants.models import Participant
from placements.models import Placement
from protection.actions.cases import CaseDetails, change_status, open_case
from protection.models import Case, Category, CheckIn, CheckInRound, Door, Status

# The dashboard tests' now: 10:00 in Jakarta on 15 October 2026.
NOW = datetime.datetime(2026, 10, 15, 10, tzinfo=datetime.timezone(datetime.timedelta(hours=7)))


def opened(
    *,
    participant: Participant | None,
    by: User | None,
    ago: datetime.timedelta,
    category: Category = Category.WAGES,
    now: datetime.datetime = NOW,
) -> Case:
    door = Door.HOTLINE if by is not None else Door.ANONYMOUS
    return open_case(
        details=CaseDetails(category=category, description="Gaji tidak dibayar penuh.", participant=participant),
        door=door,
        by=by,
        pin="" if by is not None else "482913",
        now=now - ago,
    )


def moved(case: Case, to: Status, *, by: User, at: datetime.datetime) -> Case:
    case.refresh_from_db()
    return change_status(case_id=case.pk, to=to, by=by, version=case.version, now=at)


def round_of(month: datetime.date, *, closes_on: datetime.date | None = None) -> CheckInRound:
    closes = closes_on or (month + datetime.timedelta(days=40)).replace(day=10)
    return CheckInRound.objects.create(
        month=month, opened_at=timezone.make_aware(datetime.datetime.combine(month, datetime.time(8))), closes_on=closes
    )


def asked(
    checkin_round: CheckInRound, placement: Placement, *, answered: bool = True, problem: bool = False
) -> CheckIn:
    """``placement``'s worker asked in the round; answered, and signalling a problem, as told."""
    at = timezone.make_aware(datetime.datetime.combine(checkin_round.month, datetime.time(12)))
    return CheckIn.objects.create(
        round=checkin_round,
        participant=placement.participant,
        placement=placement,
        company=placement.company,
        supervising_organization=placement.supervising_organization,
        asked_at=at,
        answered_at=at if answered else None,
        wages_paid_in_full=(not problem) if answered else None,
        signals_problem=problem,
    )
