"""A small pool for the matching tests, built through the real actions.

On top of the cast and its Japanese side (joborders/tests/world.py): the
trade mapping (welding LAS is the same job type as TITP category 7-7, welding;
machining MFK a similar one), a TITP sending programme, an open stage i
welding order of Sendai Steel for 1 position (N4, age 18–30, served by LPK
Sakura), and ready candidates who each differ from the fitting one in one way.
"""

from __future__ import annotations

import dataclasses
import datetime
from itertools import count

from joborders import actions as joborder_actions
from joborders.models import JobOrder, JobOrderStatus
from joborders.tests.world import START, Japan, on_day, order_details
from participants import actions
from participants.models import Participant, Status
from participants.tests.records import days_from_today, document, health_check, language_result
from reference.models import (
    DocumentKind,
    LanguageTest,
    ListKind,
    ListVersion,
    ProgrammeJobFit,
    SendingProgramme,
    Track,
    VocationalProgramme,
)
from tests.cast import Cast, details, walk
from tests.nik import make_nik

_serials = count(100)


@dataclasses.dataclass
class Pool:
    order: JobOrder
    titp: SendingProgramme
    ssw: SendingProgramme
    welding: VocationalProgramme  # same job type as the order
    machining: VocationalProgramme  # similar
    cooking: VocationalProgramme  # neither
    n3: LanguageTest
    n5: LanguageTest


def build_pool(cast: Cast, japan: Japan) -> Pool:
    welding = cast.programme
    version = ListVersion.objects.create(
        kind=ListKind.VOCATIONAL_PROGRAMMES, label="matching", effective_from=datetime.date(2021, 1, 1)
    )
    machining = VocationalProgramme.objects.create(
        version=version, code="MFK", name_id="Manufaktur", name_en="Machining"
    )
    cooking = VocationalProgramme.objects.create(version=version, code="KUL", name_id="Kuliner", name_en="Cooking")
    ProgrammeJobFit.objects.create(programme=welding, job_category_code="7-7", fit="same")
    ProgrammeJobFit.objects.create(programme=machining, job_category_code="7-7", fit="similar")
    titp = SendingProgramme.objects.create(code="titp", name="Kemnaker TITP", track=Track.TITP, min_age=18, max_age=35)
    ssw = SendingProgramme.objects.create(code="ssw", name="Kemnaker SSW", track=Track.SSW, min_age=18)
    # Opened on the job order tests' day, so that its start date has not passed whenever the suite runs.
    with on_day():
        order = joborder_actions.create_job_order(
            details=order_details(cast, japan, positions=1), by=cast.supervising_officer
        )
        order = joborder_actions.change_job_order_status(
            job_order_id=order.pk, to=JobOrderStatus.OPEN, by=cast.supervising_officer
        )
    return Pool(
        order=order,
        titp=titp,
        ssw=ssw,
        welding=welding,
        machining=machining,
        cooking=cooking,
        n3=LanguageTest.objects.create(code="JLPT-N3", family="JLPT", level="N3", rank=30),
        n5=LanguageTest.objects.create(code="JLPT-N5", family="JLPT", level="N5", rank=10),
    )


def candidate(
    cast: Cast,
    pool: Pool,
    japan: Japan,
    name: str,
    *,
    birth_date: datetime.date = datetime.date(2002, 5, 17),
    trade: VocationalProgramme | None = None,
    programme: SendingProgramme | None = None,
    level: LanguageTest | None = None,
    lpk: object = None,
    passport_expires: datetime.date | None = None,
) -> Participant:
    """A ready participant who fits ``pool.order`` unless told otherwise."""
    registered = actions.register_participant(
        details=details(
            cast,
            full_name=name,
            birth_date=birth_date,
            nik=make_nik(birth_date, serial=next(_serials)),
            vocational_programme=trade or pool.welding,
            sending_programme=programme or pool.titp,
            sending_organization=lpk or cast.lpk,
        ),
        by=cast.lpk_officer,
    )
    language_result(registered, level or japan.n4, cast.lpk_officer)
    health_check(registered, cast.lpk_officer)
    document(
        registered,
        DocumentKind.PASSPORT,
        cast.lpk_officer,
        number="C1234567",
        expires_on=passport_expires or days_from_today(5 * 365),
    )
    return walk(registered, [Status.IN_TRAINING, Status.READY], cast.lpk_officer)


__all__ = ["START", "Pool", "build_pool", "candidate"]
