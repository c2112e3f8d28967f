"""Demo interviews and offers, made by the demo company's officer through the
real actions: on each published shortlist of the demo company, the first
three candidates get interviews from tomorrow (Tokyo time), the first is
scored and selected (an offer waits for their answer), the second is the
first reserve. So every selection page has something to show."""

from __future__ import annotations

import datetime
import zoneinfo

from django.utils import timezone

from accounts.models import User
from joborders.models import InterviewMode
from matching.models import Shortlist, ShortlistStatus
from placements.actions import interviews, offers
from placements.models import Interview, InterviewResult

DEMO_COMPANY = "sendai-seimitsu"
INTERVIEWED = 3
# Contract length the demo's non-TITP orders offer (SSW, engineer).
CONTRACT_MONTHS = 12
TOKYO = zoneinfo.ZoneInfo("Asia/Tokyo")


def seed_selection(*, by_username: str = "company.officer") -> int:
    """Returns the number of interviews scheduled."""
    officer = User.objects.get(username=by_username)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    first_slot = datetime.datetime.combine(tomorrow, datetime.time(10), tzinfo=TOKYO)
    lists = Shortlist.objects.filter(status=ShortlistStatus.PUBLISHED, job_order__company__code=DEMO_COMPANY)
    scheduled = 0
    for day, shortlist in enumerate(lists.select_related("job_order").order_by("pk")):
        done = _interview(shortlist, officer, first=first_slot + datetime.timedelta(days=day))
        scheduled += len(done)
        if done:
            _decide(done, officer)
    return scheduled


def _interview(shortlist: Shortlist, officer: User, *, first: datetime.datetime) -> list[Interview]:
    done = []
    for slot, entry in enumerate(shortlist.kept_entries().order_by("rank")[:INTERVIEWED]):
        details = interviews.InterviewDetails(
            entry_id=entry.pk,
            starts_at=first + datetime.timedelta(minutes=45 * slot),
            minutes=30,
            zone=TOKYO.key,
            mode=InterviewMode.ONLINE,
            link="https://meet.example.jp/sendai-seimitsu",
            panel="高橋 誠\n佐藤 花子",
        )
        try:
            done.append(interviews.schedule_interview(job_order_id=shortlist.job_order_id, details=details, by=officer))
        except interviews.SelectionError:
            continue  # on another list of the company at the same hour: the demo leaves them out
    return done


def _decide(done: list[Interview], officer: User) -> None:
    chosen = done[0]
    criteria = list(chosen.job_order.interview_criteria.all())
    interviews.score_interview(
        interview_id=chosen.pk,
        scores={criterion.pk: criterion.max_score * 4 // 5 for criterion in criteria},
        notes="落ち着いて丁寧に作業できる。",
        expected_version=chosen.version,
        by=officer,
    )
    months = CONTRACT_MONTHS if offers.needs_contract_length(chosen.job_order) else None
    try:
        offers.select_candidate(interview_id=chosen.pk, contract_months=months, by=officer)
    except interviews.SelectionError:
        return  # selected elsewhere in the demo already
    if len(done) > 1:
        reserve = done[1]
        interviews.set_result(
            interview_id=reserve.pk,
            result=InterviewResult.RESERVE,
            reserve_rank=1,
            expected_version=reserve.version,
            by=officer,
        )
