"""Workers in Japan for the protection tests: Budi (the cast's participant
with his own login, LPK Sakura) at work for Sendai Steel under JOE
Cooperative, Siti (LPK Fuji) too, and a third about to fly."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from joborders.tests.world import Japan
from participants import actions as participant_actions
from placements.models import Placement, PlacementStatus
from placements.tests.builders import placed
from placements.tests.duty_world import budi_at_work
from placements.tests.moves_world import working
from protection.actions.checkins import open_round
from protection.models import CheckIn
from tests.cast import Cast, details
from tests.nik import make_nik


@dataclass
class InJapan:
    budi: Placement
    siti: Placement
    preparing: Placement


def in_japan(cast: Cast, japan: Japan) -> InJapan:
    budi = working(cast, japan, cast.budi)
    siti = placed(cast, japan, cast.siti, status=PlacementStatus.IN_JAPAN)
    birth = datetime.date(2003, 1, 2)
    dewi = participant_actions.register_participant(
        details=details(cast, full_name="Dewi Lestari", birth_date=birth, nik=make_nik(birth, sex="F"), sex="F"),
        by=cast.lpk_officer,
    )
    preparing = placed(cast, japan, dewi, status=PlacementStatus.PREPARING)
    return InJapan(budi=budi, siti=siti, preparing=preparing)


def budis_checkin(cast: Cast) -> CheckIn:
    """Budi at work in Japan (placements.tests.duty_world) and asked this month's check-in, once per test."""
    placement = budi_at_work(cast)
    existing = CheckIn.objects.filter(placement=placement).first()
    if existing is not None:
        return existing
    open_round(now=timezone.now())
    return CheckIn.objects.get(placement=placement)
