"""Interview workflows: the pages (and later the API) call these.

* ``schedule_interview``: a candidate of the order's published shortlist,
  at a time still ahead, that overlaps none of theirs (any job order); the
  first one moves the order from open to interviewing;
* ``set_criteria``: what the order's interviews score, until scoring starts;
* ``score_interview``: a score per criterion, each within its range, and notes;
* ``set_result``: reserve (ranked) or not selected; "selected" is given by
  selecting (placements.actions.offers.select_candidate), which sends an offer;
* ``cancel_interview``.

Each runs in one transaction, locks the job order before the participant
(the order every placements action keeps, so two never wait for each other
the other way round), and writes its audit row with the change.
"""

from __future__ import annotations

import dataclasses
import datetime
import zoneinfo
from collections.abc import Mapping, Sequence

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit import actions as audit
from audit.models import AuditAction
from joborders import actions as joborder_actions
from joborders.models import InterviewMode, JobOrder, JobOrderStatus
from matching.models import ShortlistEntry
from participants.models import Participant, Status
from placements import zones
from placements.models import (
    DEFAULT_MAXIMA,
    HIGHEST_MAXIMUM,
    DefaultCriterion,
    Interview,
    InterviewCriterion,
    InterviewResult,
    InterviewScore,
    InterviewStatus,
)

# Interviews run between a quarter of an hour and a working day.
SHORTEST_MINUTES = 10
LONGEST_MINUTES = 8 * 60


class SelectionError(Exception):
    """A refusal with a message for the person who asked; ``field`` names the
    form field it is about, where there is one."""

    field: str | None = None


class OrderNotInterviewing(SelectionError):
    def __init__(self, status: JobOrderStatus) -> None:
        super().__init__(
            _("This job order is “%(status)s”: interviews are held while it is open or interviewing.")
            % {"status": status.label}
        )


class NotOnShortlist(SelectionError):
    field = "entry"

    def __init__(self) -> None:
        super().__init__(_("This candidate is not on the job order's published shortlist."))


class NotShortlisted(SelectionError):
    field = "entry"

    def __init__(self, participant: Participant) -> None:
        super().__init__(
            _("%(name)s is “%(status)s” and can no longer be interviewed for this job order.")
            % {"name": participant.full_name, "status": participant.get_status_display()}
        )


class AlreadyScheduled(SelectionError):
    field = "entry"

    def __init__(self, participant: Participant) -> None:
        super().__init__(
            _("%(name)s already has an interview for this job order. Cancel it first to set another time.")
            % {"name": participant.full_name}
        )


class InterviewInPast(SelectionError):
    field = "starts_at"

    def __init__(self) -> None:
        super().__init__(_("This time has already passed. Choose a time from now on."))


class Overlapping(SelectionError):
    field = "starts_at"

    def __init__(self, participant: Participant, other: Interview, zone: zoneinfo.ZoneInfo) -> None:
        start = formats.date_format(zones.local(other.starts_at, zone), "SHORT_DATETIME_FORMAT")
        end = formats.time_format(zones.local(other.ends_at, zone), "H:i")
        super().__init__(
            _("%(name)s already has an interview from %(start)s to %(end)s (%(zone)s). Choose another time.")
            % {"name": participant.full_name, "start": start, "end": end, "zone": zones.abbreviation(zone)}
        )


class BadLength(SelectionError):
    field = "minutes"

    def __init__(self) -> None:
        super().__init__(
            _("An interview lasts from %(shortest)s to %(longest)s minutes.")
            % {"shortest": SHORTEST_MINUTES, "longest": LONGEST_MINUTES}
        )


class WhereMissing(SelectionError):
    def __init__(self, mode: InterviewMode) -> None:
        self.field = "link" if mode == InterviewMode.ONLINE else "place"
        if mode == InterviewMode.ONLINE:
            super().__init__(_("An online interview needs the link the candidate opens."))
        else:
            super().__init__(_("An interview in person needs the place."))


class PanelMissing(SelectionError):
    field = "panel"

    def __init__(self) -> None:
        super().__init__(_("Name the interviewers, one per line."))


class InterviewCancelled(SelectionError):
    def __init__(self) -> None:
        super().__init__(_("This interview was cancelled."))


class EditConflict(SelectionError):
    def __init__(self) -> None:
        super().__init__(_("Someone else changed this interview meanwhile. Reload the page to see their change."))


class CriteriaFixed(SelectionError):
    def __init__(self) -> None:
        super().__init__(
            _("Interviews of this job order have been scored: the criteria stay as they were, so scores compare.")
        )


class CriteriaInvalid(SelectionError):
    pass


class ScoreMissing(SelectionError):
    def __init__(self, criterion: InterviewCriterion) -> None:
        self.field = f"criterion_{criterion.pk}"
        super().__init__(_("Give a score for “%(criterion)s”.") % {"criterion": criterion.label})


class ScoreOutOfRange(SelectionError):
    def __init__(self, criterion: InterviewCriterion, score: int) -> None:
        self.field = f"criterion_{criterion.pk}"
        super().__init__(
            _("%(score)s is out of range for “%(criterion)s”: give a score from 0 to %(maximum)s.")
            % {"score": score, "criterion": criterion.label, "maximum": criterion.max_score}
        )


class AlreadySelected(SelectionError):
    def __init__(self) -> None:
        super().__init__(_("This candidate was selected and has an offer. Withdraw the offer to change the result."))


class RankMissing(SelectionError):
    field = "reserve_rank"

    def __init__(self) -> None:
        super().__init__(_("Give the reserve's rank: 1 is offered the place first."))


class RankTaken(SelectionError):
    field = "reserve_rank"

    def __init__(self, rank: int, holder: Participant) -> None:
        super().__init__(
            _("Reserve rank %(rank)s is already %(name)s's. Give another rank.")
            % {"rank": rank, "name": holder.full_name}
        )


class ReasonRequired(SelectionError):
    field = "reason"

    def __init__(self) -> None:
        super().__init__(_("Give a reason: the candidate and their LPK/SO read it."))


# --- locks ----------------------------------------------------------------------


def locked_order(job_order_id: int, *, holding: bool = True) -> JobOrder:
    """The job order, row-locked; with ``holding``, refused unless it still recruits."""
    job_order = JobOrder.objects.select_for_update().get(pk=job_order_id)
    status = JobOrderStatus(job_order.status)
    if holding and status not in (JobOrderStatus.OPEN, JobOrderStatus.INTERVIEWING):
        raise OrderNotInterviewing(status)
    return job_order


def locked_participant(participant_id: int) -> Participant:
    # The same lock participants.actions.change_status takes: taken here
    # before the checks, so that what they read cannot change before the write.
    return Participant.objects.select_for_update().get(pk=participant_id)


def locked_interview(interview_id: int, *, expected_version: int | None = None) -> Interview:
    interview = Interview.objects.select_for_update().get(pk=interview_id)
    if not interview.is_scheduled:
        raise InterviewCancelled
    if expected_version is not None and interview.version != expected_version:
        raise EditConflict
    return interview


# --- scheduling ---------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, kw_only=True)
class InterviewDetails:
    entry_id: int
    starts_at: datetime.datetime  # aware; entered on the clock of ``zone``
    minutes: int
    zone: str
    mode: InterviewMode
    link: str = ""
    place: str = ""
    panel: str = ""


def _checked(details: InterviewDetails) -> None:
    if details.starts_at <= timezone.now():
        raise InterviewInPast
    if not SHORTEST_MINUTES <= details.minutes <= LONGEST_MINUTES:
        raise BadLength
    where = details.link if details.mode == InterviewMode.ONLINE else details.place
    if not where.strip():
        raise WhereMissing(details.mode)
    if not details.panel.strip():
        raise PanelMissing


def _published_entry(job_order: JobOrder, entry_id: int) -> ShortlistEntry:
    entry = (
        ShortlistEntry.objects.select_related("shortlist")
        .filter(pk=entry_id, shortlist__job_order=job_order, excluded_at__isnull=True)
        .first()
    )
    if entry is None or not entry.shortlist.is_published:
        raise NotOnShortlist
    return entry


@transaction.atomic
def schedule_interview(*, job_order_id: int, details: InterviewDetails, by: User) -> Interview:
    job_order = locked_order(job_order_id)
    entry = _published_entry(job_order, details.entry_id)
    participant = locked_participant(entry.participant_id)
    if participant.status != Status.SHORTLISTED:
        raise NotShortlisted(participant)
    _checked(details)
    if Interview.objects.scheduled().filter(entry=entry).exists():
        raise AlreadyScheduled(participant)
    ends_at = details.starts_at + datetime.timedelta(minutes=details.minutes)
    clash = Interview.objects.overlapping(participant_id=participant.pk, starts_at=details.starts_at, ends_at=ends_at)
    other = clash.order_by("starts_at").first()
    if other is not None:
        raise Overlapping(participant, other, zoneinfo.ZoneInfo(details.zone))
    ensure_criteria(job_order)
    interview = Interview.objects.create(
        job_order=job_order,
        entry=entry,
        participant=participant,
        starts_at=details.starts_at,
        ends_at=ends_at,
        entered_in_zone=details.zone,
        mode=details.mode,
        link=details.link.strip() if details.mode == InterviewMode.ONLINE else "",
        place=details.place.strip() if details.mode == InterviewMode.IN_PERSON else "",
        panel=details.panel.strip(),
        scheduled_by=by,
    )
    audit.record(
        actor=by,
        action=AuditAction.CREATED,
        target=interview,
        changes={
            "participant": [None, participant.pk],
            "starts_at": [None, interview.starts_at.isoformat()],
            "mode": [None, interview.mode],
        },
    )
    if job_order.status == JobOrderStatus.OPEN:
        joborder_actions.change_job_order_status(
            job_order_id=job_order.pk,
            to=JobOrderStatus.INTERVIEWING,
            by=by,
            reason=_("The first interview was scheduled."),
        )
    return interview


@transaction.atomic
def cancel_interview(*, interview_id: int, reason: str, by: User) -> Interview:
    job_order_id = Interview.objects.values_list("job_order_id", flat=True).get(pk=interview_id)
    locked_order(job_order_id, holding=False)
    interview = locked_interview(interview_id)
    reason = reason.strip()
    if not reason:
        raise ReasonRequired
    if interview.result == InterviewResult.SELECTED:
        raise AlreadySelected
    _cancel(interview, reason=reason, by=by)
    return interview


def _cancel(interview: Interview, *, reason: str, by: User) -> None:
    interview.status, interview.cancelled_at, interview.cancelled_reason = (
        InterviewStatus.CANCELLED,
        timezone.now(),
        reason[:300],
    )
    interview.version += 1
    interview.save(update_fields=["status", "cancelled_at", "cancelled_reason", "version"])
    audit.record(
        actor=by,
        action=AuditAction.STATUS_CHANGED,
        target=interview,
        changes={"status": [InterviewStatus.SCHEDULED, InterviewStatus.CANCELLED], "reason": [None, reason]},
    )


def cancel_upcoming(interviews: Sequence[Interview], *, reason: str, by: User) -> None:
    """Cancel interviews that have not taken place (a candidate taken elsewhere,
    an order filled): nobody should travel to an interview that leads nowhere."""
    for interview in interviews:
        if interview.is_scheduled and interview.starts_at > timezone.now() and not interview.result:
            _cancel(interview, reason=reason, by=by)


# --- criteria and scores ---------------------------------------------------------------


@dataclasses.dataclass(frozen=True, kw_only=True)
class CriterionDetails:
    key: str  # a DefaultCriterion value, or "" for a criterion the company names
    name: str
    max_score: int


def default_criteria() -> list[CriterionDetails]:
    return [CriterionDetails(key=key.value, name="", max_score=DEFAULT_MAXIMA[key]) for key in DefaultCriterion]


def ensure_criteria(job_order: JobOrder) -> list[InterviewCriterion]:
    """The order's criteria, the defaults saved first if it has none yet."""
    criteria = list(job_order.interview_criteria.all())
    if criteria:
        return criteria
    return _save_criteria(job_order, default_criteria())


def _save_criteria(job_order: JobOrder, criteria: Sequence[CriterionDetails]) -> list[InterviewCriterion]:
    return InterviewCriterion.objects.bulk_create(
        InterviewCriterion(
            job_order=job_order, key=item.key, name=item.name.strip(), max_score=item.max_score, position=position
        )
        for position, item in enumerate(criteria, start=1)
    )


def _criteria_problem(criteria: Sequence[CriterionDetails]) -> str | None:
    if not criteria:
        return _("Keep at least one criterion.")
    for item in criteria:
        if not 1 <= item.max_score <= HIGHEST_MAXIMUM:
            return _("A maximum score is from 1 to %(highest)s.") % {"highest": HIGHEST_MAXIMUM}
        if not item.key and not item.name.strip():
            return _("Name each criterion of your own.")
    names = [item.key or item.name.strip().casefold() for item in criteria]
    if len(set(names)) != len(names):
        return _("Each criterion is named once.")
    return None


def _describe(criteria: Sequence[InterviewCriterion | CriterionDetails]) -> str:
    # Stored in the audit log: keys and names as typed, in no reader's language.
    return "; ".join(f"{item.key or item.name.strip()}/{item.max_score}" for item in criteria)


@transaction.atomic
def set_criteria(*, job_order_id: int, criteria: Sequence[CriterionDetails], by: User) -> list[InterviewCriterion]:
    job_order = locked_order(job_order_id)
    if InterviewScore.objects.filter(interview__job_order=job_order).exists():
        raise CriteriaFixed
    problem = _criteria_problem(criteria)
    if problem:
        raise CriteriaInvalid(problem)
    before = list(job_order.interview_criteria.all())
    job_order.interview_criteria.all().delete()
    saved = _save_criteria(job_order, criteria)
    audit.record(
        actor=by,
        action=AuditAction.UPDATED,
        target=job_order,
        changes={"interview_criteria": [_describe(before) or None, _describe(saved)]},
    )
    return saved


@transaction.atomic
def score_interview(
    *, interview_id: int, scores: Mapping[int, int | None], notes: str, expected_version: int, by: User
) -> Interview:
    """``scores``: criterion id → score. Every criterion of the order gets one, within its range."""
    # The order first: set_criteria holds it while it replaces the criteria scored here.
    job_order_id = Interview.objects.values_list("job_order_id", flat=True).get(pk=interview_id)
    locked_order(job_order_id, holding=False)
    interview = locked_interview(interview_id, expected_version=expected_version)
    criteria = ensure_criteria(interview.job_order)
    for criterion in criteria:
        score = scores.get(criterion.pk)
        if score is None:
            raise ScoreMissing(criterion)
        if not 0 <= score <= criterion.max_score:
            raise ScoreOutOfRange(criterion, score)
    before = {str(score.criterion_id): score.score for score in interview.scores.all()}
    for criterion in criteria:
        InterviewScore.objects.update_or_create(
            interview=interview, criterion=criterion, defaults={"score": scores[criterion.pk]}
        )
    after = {str(criterion.pk): scores[criterion.pk] for criterion in criteria}
    old_notes = interview.notes
    interview.notes, interview.scored_at, interview.scored_by = notes.strip(), timezone.now(), by
    interview.version += 1
    interview.save(update_fields=["notes", "scored_at", "scored_by", "version"])
    changes: dict[str, object] = {"scores": [before or None, after]}
    if old_notes != interview.notes:
        changes["notes"] = [old_notes or None, interview.notes or None]
    audit.record(actor=by, action=AuditAction.UPDATED, target=interview, changes=changes)
    return interview


# --- results ---------------------------------------------------------------------------


@transaction.atomic
def set_result(
    *,
    interview_id: int,
    result: InterviewResult,
    reserve_rank: int | None,
    expected_version: int,
    by: User,
) -> Interview:
    """Reserve (with its rank) or not selected. The reserves are read under the
    order's lock, as promoting the next one does, so a rank is never given twice."""
    job_order_id = Interview.objects.values_list("job_order_id", flat=True).get(pk=interview_id)
    locked_order(job_order_id)
    interview = locked_interview(interview_id, expected_version=expected_version)
    if InterviewResult.SELECTED in (result, interview.result):
        raise AlreadySelected
    rank = None
    if result == InterviewResult.RESERVE:
        rank = _free_rank(interview, reserve_rank)
    before = [interview.result or None, interview.reserve_rank]
    interview.result, interview.reserve_rank = result, rank
    interview.result_at, interview.result_by = timezone.now(), by
    interview.version += 1
    interview.save(update_fields=["result", "reserve_rank", "result_at", "result_by", "version"])
    audit.record(
        actor=by,
        action=AuditAction.UPDATED,
        target=interview,
        changes={"result": [before[0], result.value], "reserve_rank": [before[1], rank]},
    )
    return interview


def _free_rank(interview: Interview, rank: int | None) -> int:
    if rank is None or rank < 1:
        raise RankMissing
    holder = (
        Interview.objects.reserves()
        .filter(job_order_id=interview.job_order_id, reserve_rank=rank)
        .exclude(pk=interview.pk)
        .select_related("participant")
        .first()
    )
    if holder is not None:
        raise RankTaken(rank, holder.participant)
    return rank


def next_free_rank(job_order: JobOrder) -> int:
    """The rank a new reserve gets unless told otherwise: after the last one."""
    ranks = Interview.objects.reserves().filter(job_order=job_order).values_list("reserve_rank", flat=True)
    return max((rank for rank in ranks if rank is not None), default=0) + 1
