"""Selection's part of the test world, built through the real actions.

On top of the cast, its Japanese side and matching's pool: an open TITP
stage i welding order of Sendai Steel with ``positions`` places (the pool's
own one-position order is cancelled first, so the company's yearly quota of
3 has room), ready candidates who fit it, and its shortlist run and
published by the ministry, so that everyone on it is "shortlisted".
"""

from __future__ import annotations

import dataclasses
import datetime
import zoneinfo
from typing import Any

from django.utils import timezone

from accounts.models import User
from joborders import actions as joborder_actions
from joborders.models import InterviewMode, JobOrder, JobOrderStatus
from joborders.tests.world import Japan, order_details
from matching import actions as matching_actions
from matching.engine.scoring import PART_NAMES
from matching.models import ScoreWeights, Shortlist, ShortlistEntry, ShortlistStatus
from matching.tests.pool import Pool, build_pool, candidate
from participants.models import Participant, Status
from placements.actions import interviews, offers
from placements.models import DurationBasis, Interview, InterviewResult, Offer
from tests.cast import Cast

JAKARTA = "Asia/Jakarta"
TOKYO = "Asia/Tokyo"


@dataclasses.dataclass
class Selection:
    pool: Pool
    order: JobOrder
    shortlist: Shortlist
    candidates: list[Participant]

    def entry(self, participant: Participant) -> ShortlistEntry:
        return self.shortlist.entries.get(participant=participant)


def open_order(cast: Cast, japan: Japan, *, positions: int, by: User | None = None, **overrides: object) -> JobOrder:
    by = by or cast.supervising_officer
    order = joborder_actions.create_job_order(
        details=order_details(cast, japan, positions=positions, **overrides), by=by
    )
    return joborder_actions.change_job_order_status(job_order_id=order.pk, to=JobOrderStatus.OPEN, by=by)


def build_selection(
    cast: Cast, japan: Japan, *, positions: int = 2, names: tuple[str, ...] = ("Ana", "Bayu", "Citra")
) -> Selection:
    pool = build_pool(cast, japan)
    joborder_actions.change_job_order_status(
        job_order_id=pool.order.pk, to=JobOrderStatus.CANCELLED, by=cast.supervising_officer, reason="replaced"
    )
    order = open_order(cast, japan, positions=positions)
    people = [candidate(cast, pool, japan, f"{name} Santoso") for name in names]
    shortlist = matching_actions.run_shortlist(job_order_id=order.pk, by=cast.ministry_officer)
    shortlist = matching_actions.publish_shortlist(
        shortlist_id=shortlist.pk, expected_version=shortlist.version, by=cast.ministry_officer
    )
    for person in people:
        person.refresh_from_db()
    return Selection(pool=pool, order=order, shortlist=shortlist, candidates=people)


def in_hours(hours: float, zone: str = JAKARTA) -> datetime.datetime:
    """A moment ``hours`` from now, on the clock of ``zone`` (as a user types it)."""
    return timezone.now().astimezone(zoneinfo.ZoneInfo(zone)) + datetime.timedelta(hours=hours)


def details(
    entry: ShortlistEntry, *, starts_at: datetime.datetime | None = None, **overrides: object
) -> interviews.InterviewDetails:
    values: dict[str, object] = {
        "entry_id": entry.pk,
        "starts_at": starts_at or in_hours(24),
        "minutes": 30,
        "zone": TOKYO,
        "mode": InterviewMode.ONLINE,
        "link": "https://meet.example.jp/sendai-steel",
        "place": "",
        "panel": "Sato Hanako\nSuzuki Ichiro",
    }
    values.update(overrides)
    return interviews.InterviewDetails(**values)  # type: ignore[arg-type]


def schedule(
    selection: Selection, participant: Participant, by: User, *, hours: float = 24, **overrides: Any
) -> Interview:
    entry = selection.entry(participant)
    return interviews.schedule_interview(
        job_order_id=selection.order.pk, details=details(entry, starts_at=in_hours(hours), **overrides), by=by
    )


def select(selection: Selection, participant: Participant, by: User, *, hours: float = 24) -> Offer:
    """Interview ``participant`` (``hours`` from now) and select them."""
    interview = schedule(selection, participant, by, hours=hours)
    return offers.select_candidate(interview_id=interview.pk, by=by)


def reserve(interview: Interview, rank: int, by: User) -> Interview:
    return interviews.set_result(
        interview_id=interview.pk,
        result=InterviewResult.RESERVE,
        reserve_rank=rank,
        expected_version=interview.version,
        by=by,
    )


def published_list(cast: Cast, order: JobOrder, people: list[Participant]) -> Shortlist:
    """A published list of ``people`` for ``order``, as if matching had made
    it: the cap of two live lists per person would not let matching put
    someone on a third, which some tests need."""
    shortlist = Shortlist.objects.create(
        job_order=order,
        status=ShortlistStatus.PUBLISHED,
        weights=ScoreWeights().as_dict(),
        computed_on=timezone.localdate(),
        computed_by=cast.ministry_officer,
        published_at=timezone.now(),
    )
    for rank, person in enumerate(people, start=1):
        parts = [0.8] * len(PART_NAMES)
        ShortlistEntry.objects.create(shortlist=shortlist, participant=person, rank=rank, score=800, parts=parts, fit=1)
    return shortlist


def details_for(shortlist: Shortlist, person: Participant, *, hours: float) -> interviews.InterviewDetails:
    return details(shortlist.entries.get(participant=person), starts_at=in_hours(hours))


# --- for the access tests: budi's interview and offer on the served order -------------


@dataclasses.dataclass
class BudisSelection:
    order: JobOrder
    interview: Interview
    offer: Offer


def budis_selection(cast: Cast) -> BudisSelection:
    """Budi (LPK Sakura, with his own login) shortlisted for the cast's served
    engineer order, interviewed, selected and accepted through the real
    actions, his LPK/SO recording the answer with a signed page. Made once per
    test: the access matrix asks for it once per persona."""
    existing = Offer.objects.filter(participant=cast.budi).select_related("interview", "job_order").first()
    if existing is not None:
        return BudisSelection(order=existing.job_order, interview=existing.interview, offer=existing)
    from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: PLC0415

    from joborders.tests.world import on_day, served_job_order  # noqa: PLC0415
    from lib.tests import samples  # noqa: PLC0415
    from tests.cast import walk  # noqa: PLC0415

    with on_day():
        order = served_job_order(cast)
        joborder_actions.change_job_order_status(job_order_id=order.pk, to=JobOrderStatus.OPEN, by=cast.company_officer)
        budi = walk(cast.budi, [Status.IN_TRAINING, Status.READY, Status.SHORTLISTED], cast.lpk_officer)
        shortlist = published_list(cast, order, [budi])
        interview = interviews.schedule_interview(
            job_order_id=order.pk, details=details_for(shortlist, budi, hours=24), by=cast.company_officer
        )
        offer = offers.select_candidate(interview_id=interview.pk, contract_months=24, by=cast.company_officer)
        signed = SimpleUploadedFile("signed.pdf", samples.pdf(), content_type="application/pdf")
        offer = offers.record_offer_answer(offer_id=offer.pk, accept=True, signed_page=signed, by=cast.lpk_officer)
    interview.refresh_from_db()
    return BudisSelection(order=order, interview=interview, offer=offer)


def bare_interview_and_offer(cast: Cast, entry: ShortlistEntry) -> tuple[Interview, Offer]:
    """An interview and a sent offer for ``entry``, written directly: for tests
    that only need the rows to exist (every POST refused before any rule runs)."""
    order = entry.shortlist.job_order
    starts = timezone.now() + datetime.timedelta(days=1)
    interview = Interview.objects.create(
        job_order=order,
        entry=entry,
        participant=entry.participant,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(minutes=30),
        entered_in_zone=TOKYO,
        mode=InterviewMode.ONLINE,
        link="https://meet.example.jp/x",
        panel="Sato Hanako",
        scheduled_by=cast.company_officer,
    )
    offer = Offer.objects.create(
        job_order=order,
        participant=entry.participant,
        interview=interview,
        title=order.title,
        programme=order.programme,
        company_name=order.company.name,
        workplace_prefecture=order.workplace_prefecture,
        workplace_city=order.workplace_city,
        monthly_wage_jpy=order.monthly_wage_jpy,
        hours_per_week=order.hours_per_week,
        housing_provided=order.housing_provided,
        housing_cost_jpy=order.housing_cost_jpy,
        other_deductions_jpy=order.other_deductions_jpy,
        start_date=order.start_date,
        duration_months=12,
        ends_on=order.start_date + datetime.timedelta(days=364),
        duration_basis=DurationBasis.CONTRACT,
        sent_by=cast.company_officer,
    )
    return interview, offer
