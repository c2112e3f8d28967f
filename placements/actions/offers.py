"""Selection and offers: the pages, the task and (later) the API call these.

* ``select_candidate``: the one way anyone is selected. It sends an offer with
  the order's employment conditions copied as they are now, moves the person
  from shortlisted to selected, and takes them off every other live list;
* ``answer_offer`` (the participant, on their own login) and
  ``record_offer_answer`` (their LPK/SO, with the signed page): accepting
  makes the placement and moves the person to pre-departure; the order is
  filled when all its positions are accepted;
* ``withdraw_offer``: the company, its supervising organization or the
  ministry, with a reason, also after acceptance (the placement is cancelled);
* a declined or withdrawn offer passes to the best-ranked reserve, and the
  company and supervising organization are told by e-mail.

Why it is safe when many people click at once: every action locks the job
order's row first and the participant's second. Two selections into one
order queue on the order and the second counts the first one's offer, so an
order never has more live offers than positions; two selections of one
person into two orders queue on the person, and the second finds the first
one's offer. The database refuses a second live offer for a person as well
(``one_live_offer_per_participant``), in case a future caller forgets a lock.
"""

from __future__ import annotations

import dataclasses
import datetime

from django.conf import settings
from django.core.files import File
from django.db import IntegrityError, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import User
from audit import actions as audit
from audit.models import AuditAction
from config.celery import enqueue_on_commit
from joborders import actions as joborder_actions
from joborders.decisions import rules_on
from joborders.models import JobOrder, JobOrderStatus
from lib import filecheck
from lib.dates import period_end
from matching import actions as matching_actions
from matching.models import Shortlist, ShortlistEntry, ShortlistStatus
from participants.actions import change_status
from participants.models import Participant, Status
from placements.actions.interviews import (
    NotOnShortlist,
    ReasonRequired,
    SelectionError,
    cancel_upcoming,
    locked_interview,
    locked_order,
    locked_participant,
)
from placements.models import (
    DurationBasis,
    Interview,
    InterviewResult,
    Offer,
    OfferStatus,
    OfferStatusChange,
    Placement,
    PlacementStatus,
)
from rules import Stage, titp_stage_end

# Why a candidate left a published list, stored as the English text (as the
# audit log stores everything) and translated where a page shows it.
SELECTED_ELSEWHERE = gettext_noop("selected for another job order")
DECLINED_OFFER = gettext_noop("declined the offer")
OFFER_WITHDRAWN = gettext_noop("the offer was withdrawn")
# Signed pages are scans or photos, like a participant's documents.
SIGNED_PAGE_TYPES = frozenset({filecheck.PDF, filecheck.JPEG, filecheck.PNG})
# Longest employment contract an offer states: SSW i allows five years in all.
LONGEST_CONTRACT_MONTHS = 60


class PositionsTaken(SelectionError):
    def __init__(self, job_order: JobOrder) -> None:
        super().__init__(
            _(
                "All %(positions)s positions of this job order have an offer out or accepted. "
                "Withdraw one before selecting someone else."
            )
            % {"positions": job_order.positions}
        )


class SelectedElsewhere(SelectionError):
    def __init__(self, participant: Participant) -> None:
        super().__init__(
            _("%(name)s has already been selected for another job order.") % {"name": participant.full_name}
        )


class AlreadyOffered(SelectionError):
    def __init__(self, participant: Participant) -> None:
        super().__init__(_("%(name)s already has an offer for this job order.") % {"name": participant.full_name})


class NotFree(SelectionError):
    def __init__(self, participant: Participant) -> None:
        super().__init__(
            _("%(name)s is “%(status)s” and cannot be selected now.")
            % {"name": participant.full_name, "status": participant.get_status_display()}
        )


class ContractLengthRequired(SelectionError):
    field = "contract_months"

    def __init__(self) -> None:
        super().__init__(
            _("Give the length of the employment contract in months (1 to %(longest)s).")
            % {"longest": LONGEST_CONTRACT_MONTHS}
        )


class OfferWithdrawn(SelectionError):
    def __init__(self, offer: Offer) -> None:
        super().__init__(
            _("This offer was withdrawn on %(day)s and can no longer be answered.")
            % {"day": date_format(timezone.localdate(offer.status_changed_at))}
        )


class AlreadyAnswered(SelectionError):
    def __init__(self, offer: Offer) -> None:
        if offer.status == OfferStatus.ACCEPTED:
            super().__init__(_("This offer has already been accepted."))
        else:
            super().__init__(_("This offer has already been declined."))


class NotYourOffer(SelectionError):
    def __init__(self) -> None:
        super().__init__(_("Only the person this offer was made to can answer it on their own login."))


class SignedPageRefused(SelectionError):
    field = "signed_page"


class AlreadyEnded(SelectionError):
    def __init__(self, offer: Offer) -> None:
        super().__init__(_("This offer is already “%(status)s”.") % {"status": OfferStatus(offer.status).label})


class AlreadyDeparted(SelectionError):
    def __init__(self) -> None:
        super().__init__(_("The worker has already left for Japan: the offer can no longer be withdrawn."))


class NotInterviewing(SelectionError):
    def __init__(self, status: JobOrderStatus) -> None:
        super().__init__(
            _("This job order is “%(status)s”: candidates are selected while it is interviewing.")
            % {"status": status.label}
        )


# --- selecting --------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Duration:
    months: int
    ends_on: datetime.date
    basis: DurationBasis
    rule: str


def offer_duration(job_order: JobOrder, *, contract_months: int | None) -> Duration:
    """How long the work lasts: a TITP stage as the rules in force on the start
    date set it (stage i one year), any other programme as its contract says."""
    if job_order.is_titp and job_order.titp_stage is not None:
        version = rules_on(job_order.start_date).titp_stages
        stage = Stage.numbered(job_order.titp_stage)
        last_day = titp_stage_end(started_on=job_order.start_date, stage=stage, version=version).value
        months = version.parameters.stage_months[stage]
        return Duration(months, last_day, DurationBasis.TITP_STAGE, f"{version.family.value} {version.label}")
    if contract_months is None or not 1 <= contract_months <= LONGEST_CONTRACT_MONTHS:
        raise ContractLengthRequired
    return Duration(contract_months, period_end(job_order.start_date, contract_months), DurationBasis.CONTRACT, "")


def needs_contract_length(job_order: JobOrder) -> bool:
    return not (job_order.is_titp and job_order.titp_stage is not None)


@transaction.atomic
def select_candidate(*, interview_id: int, contract_months: int | None = None, by: User) -> Offer:
    """Select the candidate of an interview: an offer goes out to them."""
    job_order_id = Interview.objects.values_list("job_order_id", flat=True).get(pk=interview_id)
    job_order = locked_order(job_order_id, holding=False)
    if job_order.status != JobOrderStatus.INTERVIEWING:
        raise NotInterviewing(JobOrderStatus(job_order.status))
    return _send_offer(job_order, Interview.objects.get(pk=interview_id), contract_months=contract_months, by=by)


def _live_offer_count(job_order: JobOrder) -> int:
    return Offer.objects.live().filter(job_order=job_order).count()


def _send_offer(
    job_order: JobOrder,
    interview: Interview,
    *,
    contract_months: int | None,
    by: User,
    promoted_from: Offer | None = None,
) -> Offer:
    """The offer, once every check has passed; a refusal changes nothing.
    The caller holds the order's lock."""
    participant = locked_participant(interview.participant_id)
    # The person's offers before the interview's state: selected elsewhere is
    # the reason their interview here was cancelled, and the one to give.
    live = Offer.objects.live().filter(participant=participant).first()
    if live is not None:
        raise AlreadyOffered(participant) if live.job_order_id == job_order.pk else SelectedElsewhere(participant)
    if participant.status != Status.SHORTLISTED:
        raise NotFree(participant)
    interview = locked_interview(interview.pk)
    if not ShortlistEntry.objects.filter(
        pk=interview.entry_id, excluded_at__isnull=True, shortlist__status=ShortlistStatus.PUBLISHED
    ).exists():
        raise NotOnShortlist
    if _live_offer_count(job_order) >= job_order.positions:
        raise PositionsTaken(job_order)
    duration = offer_duration(job_order, contract_months=contract_months)
    change_status(
        participant_id=participant.pk,
        to=Status.SELECTED,
        by=by,
        reason=_("Offer for job order #%(id)s") % {"id": job_order.pk},
        through_placements=True,
    )
    offer = _create_offer(job_order, interview, duration, by=by, promoted_from=promoted_from)
    reason = _("Offered to the next reserve.") if promoted_from else ""
    _history(offer, current=None, to=OfferStatus.SENT, reason=reason, by=by)
    audit.record(actor=by, action=AuditAction.CREATED, target=offer, changes=_conditions(offer))
    interview.result, interview.reserve_rank = InterviewResult.SELECTED, None
    interview.result_at, interview.result_by = timezone.now(), by
    interview.version += 1
    interview.save(update_fields=["result", "reserve_rank", "result_at", "result_by", "version"])
    _leave_other_orders(participant, job_order, by=by)
    return offer


def _create_offer(
    job_order: JobOrder, interview: Interview, duration: Duration, *, by: User, promoted_from: Offer | None
) -> Offer:
    company = job_order.company
    # A promoted reserve's offer is sent in the name of whoever selected the
    # first candidate: the company's decision, not the decliner's.
    sender = promoted_from.sent_by if promoted_from is not None else by
    try:
        # A savepoint: if the database refuses the row (a second live offer for
        # the person that a lock did not stop), the caller's transaction stays usable.
        with transaction.atomic():
            return Offer.objects.create(
                job_order=job_order,
                participant_id=interview.participant_id,
                interview=interview,
                title=job_order.title,
                programme=job_order.programme,
                titp_stage=job_order.titp_stage,
                company_name=company.name,
                company_name_ja=company.name_ja,
                workplace_prefecture_id=job_order.workplace_prefecture_id,
                workplace_city=job_order.workplace_city,
                workplace_city_ja=job_order.workplace_city_ja,
                monthly_wage_jpy=job_order.monthly_wage_jpy,
                hours_per_week=job_order.hours_per_week,
                working_hours_note=job_order.working_hours_note,
                housing_provided=job_order.housing_provided,
                housing_cost_jpy=job_order.housing_cost_jpy,
                other_deductions_jpy=job_order.other_deductions_jpy,
                deductions_note=job_order.deductions_note,
                start_date=job_order.start_date,
                duration_months=duration.months,
                ends_on=duration.ends_on,
                duration_basis=duration.basis,
                duration_rule=duration.rule,
                sent_by=sender,
                promoted_from=promoted_from,
            )
    except IntegrityError:
        raise SelectedElsewhere(interview.participant) from None


def _conditions(offer: Offer) -> dict[str, list[audit.JsonScalar]]:
    fields = (
        "job_order",
        "participant",
        "monthly_wage_jpy",
        "hours_per_week",
        "housing_cost_jpy",
        "other_deductions_jpy",
        "start_date",
        "duration_months",
        "ends_on",
    )
    return audit.changed_fields({}, audit.snapshot(offer, fields))


def _history(offer: Offer, *, current: OfferStatus | None, to: OfferStatus, reason: str, by: User) -> None:
    OfferStatusChange.objects.create(
        offer=offer, from_status=current or "", to_status=to, reason=reason, changed_by=by, changed_at=timezone.now()
    )


def _leave_other_orders(participant: Participant, job_order: JobOrder, *, by: User) -> None:
    """Selected here, the person is taken off every other live list and their
    other interviews still ahead are cancelled."""
    others = (
        ShortlistEntry.objects.live()
        .filter(participant=participant)
        .exclude(shortlist__job_order=job_order)
        .values_list("pk", flat=True)
    )
    matching_actions.take_off_published(entry_ids=list(others), reason=SELECTED_ELSEWHERE, by=by)
    elsewhere = Interview.objects.scheduled().filter(participant=participant).exclude(job_order=job_order)
    cancel_upcoming(list(elsewhere.select_for_update()), reason=SELECTED_ELSEWHERE, by=by)


# --- answering ---------------------------------------------------------------------------


def _locked_offer(offer_id: int) -> tuple[JobOrder, Offer]:
    """The offer and its order, locked in the order every action keeps:
    order, then participant, then offer."""
    job_order_id, participant_id = Offer.objects.values_list("job_order_id", "participant_id").get(pk=offer_id)
    job_order = locked_order(job_order_id, holding=False)
    locked_participant(participant_id)
    offer = Offer.objects.select_for_update().select_related("participant").get(pk=offer_id)
    return job_order, offer


def check_open(offer: Offer) -> None:
    """Refused unless the offer still waits for an answer."""
    if offer.status == OfferStatus.WITHDRAWN:
        raise OfferWithdrawn(offer)
    if offer.status != OfferStatus.SENT:
        raise AlreadyAnswered(offer)


@transaction.atomic
def answer_offer(*, offer_id: int, accept: bool, by: User, reason: str = "") -> Offer:
    """The participant answers on their own login."""
    job_order, offer = _locked_offer(offer_id)
    if offer.participant.user_id != by.pk:
        raise NotYourOffer
    check_open(offer)
    return _answer(job_order, offer, accept=accept, reason=reason, by=by)


def inspect_signed_page(file: File[bytes]) -> str:
    """The content type of a signed page, read from its signature; refused when
    too large or not a PDF, JPEG or PNG."""
    limit = settings.DOCUMENT_MAX_BYTES
    if file.size is None or file.size > limit:
        raise SignedPageRefused(
            _("The file is %(size)s; the limit is %(limit)s. Take the photo again at a lower resolution.")
            % {"size": filesizeformat(file.size or 0), "limit": filesizeformat(limit)}
        )
    try:
        return filecheck.check_content(filecheck.read_head(file), allowed=SIGNED_PAGE_TYPES)
    except filecheck.ContentRefused:
        raise SignedPageRefused(
            _("Upload a PDF, JPEG or PNG file. This file is not one of those, whatever its name says.")
        ) from None


@transaction.atomic
def record_offer_answer(*, offer_id: int, accept: bool, signed_page: File[bytes], by: User, reason: str = "") -> Offer:
    """The candidate's LPK/SO records an answer given on paper, with the signed page."""
    content_type = inspect_signed_page(signed_page)
    job_order, offer = _locked_offer(offer_id)
    check_open(offer)
    fingerprint = filecheck.fingerprint(signed_page)
    offer.signed_page_name = (signed_page.name or "").rsplit("/", 1)[-1][:200]
    offer.signed_page_type = content_type
    offer.signed_page_sha256 = fingerprint.sha256
    # The stored name's suffix comes from the content. A rollback leaves the
    # file unreferenced: harmless, where a row without its file would not be.
    offer.signed_page.save(f"signed.{filecheck.EXTENSIONS[content_type]}", signed_page, save=False)
    return _answer(job_order, offer, accept=accept, reason=reason, by=by)


def _answer(job_order: JobOrder, offer: Offer, *, accept: bool, reason: str, by: User) -> Offer:
    to = OfferStatus.ACCEPTED if accept else OfferStatus.DECLINED
    if accept:
        offer.placement = Placement.objects.create_for_order(
            participant=offer.participant, job_order=job_order, starts_on=offer.start_date, created_by=by
        )
        audit.record(actor=by, action=AuditAction.CREATED, target=offer.placement, changes={"offer": [None, offer.pk]})
        change_status(
            participant_id=offer.participant_id,
            to=Status.PRE_DEPARTURE,
            by=by,
            reason=_("Accepted the offer for job order #%(id)s") % {"id": job_order.pk},
            through_placements=True,
        )
    else:
        change_status(
            participant_id=offer.participant_id,
            to=Status.READY,
            by=by,
            reason=_("Declined the offer for job order #%(id)s") % {"id": job_order.pk},
            through_placements=True,
        )
    _move(offer, to=to, reason=reason, by=by, answered=True)
    if accept:
        _fill_if_complete(job_order, by=by)
    else:
        _take_off_this_list(offer, reason=DECLINED_OFFER, by=by)
        _pass_on(job_order, offer, by=by)
    return offer


def _move(offer: Offer, *, to: OfferStatus, reason: str, by: User, answered: bool = False) -> None:
    current = OfferStatus(offer.status)
    now = timezone.now()
    offer.status, offer.status_changed_at, offer.reason = to, now, reason.strip()[:500]
    fields = ["status", "status_changed_at", "reason", "placement", "version"]
    if answered:
        offer.answered_at, offer.answered_by = now, by
        fields += ["answered_at", "answered_by", "signed_page", "signed_page_name", "signed_page_type"]
        fields += ["signed_page_sha256"]
    offer.version += 1
    offer.save(update_fields=fields)
    _history(offer, current=current, to=to, reason=offer.reason, by=by)
    changes: dict[str, object] = {"status": [current.value, to.value]}
    if offer.reason:
        changes["reason"] = [None, offer.reason]
    if answered and offer.signed_page_sha256:
        changes["signed_page"] = [None, f"sha256:{offer.signed_page_sha256[:12]}"]
    audit.record(actor=by, action=AuditAction.STATUS_CHANGED, target=offer, changes=changes)


def _take_off_this_list(offer: Offer, *, reason: str, by: User) -> None:
    entry_id = offer.interview.entry_id
    matching_actions.take_off_published(entry_ids=[entry_id], reason=reason, by=by)


# --- filling the order ----------------------------------------------------------------------


def _fill_if_complete(job_order: JobOrder, *, by: User) -> None:
    """All positions accepted: the order is filled, its list closed, and the
    candidates not chosen who are on no other live list go back to ready."""
    accepted = Offer.objects.accepted().filter(job_order=job_order).count()
    if accepted < job_order.positions or job_order.status != JobOrderStatus.INTERVIEWING:
        return
    joborder_actions.change_job_order_status(
        job_order_id=job_order.pk,
        to=JobOrderStatus.FILLED,
        by=by,
        reason=_("All %(count)s positions were accepted.") % {"count": accepted},
    )
    job_order.refresh_from_db(fields=["status", "version"])
    shortlist = Shortlist.objects.filter(job_order=job_order).exclude(status=ShortlistStatus.CLOSED).first()
    if shortlist is not None:
        _release(shortlist, by=by)
        matching_actions.close_shortlist(shortlist_id=shortlist.pk, by=by)
    waiting = Interview.objects.scheduled().filter(job_order=job_order).select_for_update()
    cancel_upcoming(list(waiting), reason=gettext_noop("all positions were filled"), by=by)


def _release(shortlist: Shortlist, *, by: User) -> None:
    # The order is filled, so its list no longer counts as live: whoever is on
    # no other live list has nothing left to wait for.
    ids = list(shortlist.kept_entries().values_list("participant_id", flat=True))
    waiting = Participant.objects.filter(pk__in=ids, status=Status.SHORTLISTED).order_by("pk")
    live = ShortlistEntry.objects.live().filter(participant_id__in=ids)
    still_listed = set(live.values_list("participant_id", flat=True))
    for participant_id in waiting.exclude(pk__in=still_listed).values_list("pk", flat=True):
        change_status(
            participant_id=participant_id,
            to=Status.READY,
            by=by,
            reason=_("Job order #%(id)s was filled by others.") % {"id": shortlist.job_order_id},
        )


# --- withdrawing and passing on -----------------------------------------------------------


@transaction.atomic
def withdraw_offer(*, offer_id: int, reason: str, by: User) -> Offer:
    """The company, its supervising organization or the ministry takes the
    offer back, also after it was accepted (before departure): the placement
    is cancelled and the person is ready again."""
    reason = reason.strip()
    if not reason:
        raise ReasonRequired
    job_order, offer = _locked_offer(offer_id)
    if not offer.is_live:
        raise AlreadyEnded(offer)
    if offer.status == OfferStatus.ACCEPTED:
        _cancel_placement(offer, reason=reason, by=by)
    change_status(
        participant_id=offer.participant_id,
        to=Status.READY,
        by=by,
        reason=_("The offer for job order #%(id)s was withdrawn: %(reason)s") % {"id": job_order.pk, "reason": reason},
        through_placements=True,
    )
    _move(offer, to=OfferStatus.WITHDRAWN, reason=reason, by=by)
    _take_off_this_list(offer, reason=OFFER_WITHDRAWN, by=by)
    _pass_on(job_order, offer, by=by)
    return offer


def _cancel_placement(offer: Offer, *, reason: str, by: User) -> None:
    placement = Placement.objects.select_for_update().get(offer=offer)
    if not placement.can_move_to(PlacementStatus.CANCELLED):
        raise AlreadyDeparted
    before = PlacementStatus(placement.status)
    placement.status, placement.status_changed_at = PlacementStatus.CANCELLED, timezone.now()
    placement.version += 1
    placement.save(update_fields=["status", "status_changed_at", "version"])
    audit.record(
        actor=by,
        action=AuditAction.STATUS_CHANGED,
        target=placement,
        changes={"status": [before.value, PlacementStatus.CANCELLED.value], "reason": [None, reason]},
    )


def _pass_on(job_order: JobOrder, lapsed: Offer, *, by: User) -> Offer | None:
    """The place of a declined or withdrawn offer goes to the best-ranked
    reserve who is still free, and the company and its supervising
    organization are told either way (queued for after the commit)."""
    promoted = None
    if job_order.status == JobOrderStatus.INTERVIEWING:
        contract = lapsed.duration_months if lapsed.duration_basis == DurationBasis.CONTRACT else None
        for reserve in Interview.objects.reserves().filter(job_order=job_order).select_for_update():
            try:
                # A savepoint per reserve: one refused leaves nothing half-written for the next.
                with transaction.atomic():
                    promoted = _send_offer(job_order, reserve, contract_months=contract, by=by, promoted_from=lapsed)
            except SelectionError:
                continue  # taken elsewhere or no longer free: the next one
            break
    enqueue_on_commit("placements.tasks.notify_offer_lapsed", lapsed.pk)
    return promoted
