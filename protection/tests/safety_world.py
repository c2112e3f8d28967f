"""Workers placed for the safety check tests, written directly as placements
(the check reads only where they work and for whom):

* budi (LPK Sakura, his own login): TITP at Sendai Steel under JOE Cooperative, Miyagi;
* siti (LPK Fuji): SSW i at Ishinomaki Foods, supported by Sendai Support, Miyagi;
* rina (LPK Sakura): at Sendai Steel's Tokyo site, Tokyo;
* dewi (LPK Sakura): preparing to depart for Miyagi.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from accounts.models import Organization, OrganizationKind
from joborders.tests.world import prefecture
from participants import actions
from participants.models import Participant
from placements.models import Placement, PlacementStatus, StayStage
from reference.models import Prefecture
from tests.cast import Cast, details
from tests.nik import make_nik

STARTED = datetime.date(2026, 4, 1)


@dataclass(frozen=True)
class Placed:
    miyagi: Prefecture
    fukushima: Prefecture
    tokyo: Prefecture
    ishinomaki_foods: Organization
    budi: Placement
    siti: Placement
    rina: Placement
    dewi: Placement


def worker(cast: Cast, name: str, *, serial: int, lpk: Organization | None = None) -> Participant:
    born = datetime.date(2000, 1, 1) + datetime.timedelta(days=serial)
    return actions.register_participant(
        details=details(
            cast,
            full_name=name,
            nik=make_nik(born, serial=serial),
            birth_date=born,
            sending_organization=lpk or cast.lpk,
        ),
        by=cast.ministry_admin,
    )


def place(
    cast: Cast,
    participant: Participant,
    *,
    at: Prefecture,
    company: Organization | None = None,
    status: PlacementStatus = PlacementStatus.IN_JAPAN,
    stage: StayStage = StayStage.TITP_I,
) -> Placement:
    company = company or cast.company
    ssw = stage == StayStage.SSW_I
    return Placement.objects.create(
        participant=participant,
        company=company,
        supervising_organization=None if ssw else cast.supervising,
        support_organization=cast.support_organization if ssw else None,
        prefecture=at,
        stage=stage,
        status=status,
        starts_on=STARTED,
        created_by=cast.ministry_admin,
    )


def placed(cast: Cast) -> Placed:
    miyagi = prefecture()
    fukushima = prefecture("07", "福島県", "Fukushima")
    tokyo = prefecture("13", "東京都", "Tokyo")
    foods = Organization.objects.create(
        kind=OrganizationKind.COMPANY, code="ishinomaki-foods", name="Ishinomaki Foods", name_ja="石巻フーズ"
    )
    Participant.objects.filter(pk=cast.budi.pk).update(email="budi@example.org")
    return Placed(
        miyagi=miyagi,
        fukushima=fukushima,
        tokyo=tokyo,
        ishinomaki_foods=foods,
        budi=place(cast, cast.budi, at=miyagi),
        siti=place(cast, cast.siti, at=miyagi, company=foods, stage=StayStage.SSW_I),
        rina=place(cast, worker(cast, "Rina Wati", serial=11), at=tokyo),
        dewi=place(cast, worker(cast, "Dewi Lestari", serial=12), at=miyagi, status=PlacementStatus.PREPARING),
    )
