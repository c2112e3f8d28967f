"""Selection and offers through the actions: the offer and its copied
conditions, the limits (positions, one live offer per person), answers,
withdrawal, filling the order and passing a lapsed place to the next reserve."""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterator

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from accounts.models import User
from audit.models import AuditEntry
from joborders import actions as joborder_actions
from joborders.models import JobOrderStatus, SupervisingOrganizationProfile
from joborders.tests.world import Japan
from lib.tests import samples
from matching.models import Shortlist, ShortlistEntry, ShortlistStatus
from participants.models import Participant, Status
from placements.actions import interviews, offers
from placements.models import (
    DurationBasis,
    Interview,
    InterviewResult,
    InterviewStatus,
    Offer,
    OfferStatus,
    Placement,
    PlacementStatus,
)
from placements.tests.world import (
    Selection,
    build_selection,
    details_for,
    open_order,
    published_list,
    reserve,
    schedule,
    select,
)
from reference.models import Track
from tests.cast import PASSWORD, Cast


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Refusals are read in English, the source language."""
    with translation.override("en"):
        yield


def login_for(participant: Participant) -> User:
    user = User.objects.create_user(username=participant.full_name.split()[0].lower(), password=PASSWORD)
    participant.user = user
    participant.save(update_fields=["user"])
    return user


def _status(participant: Participant) -> str:
    participant.refresh_from_db()
    return participant.status


def _signed(content: bytes, name: str = "signed.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@pytest.fixture
def contacts(cast: Cast) -> None:
    SupervisingOrganizationProfile.objects.filter(organization=cast.supervising).update(contact_email="joe@example.jp")


# --- selecting ----------------------------------------------------------------------


def test_selecting_sends_an_offer_with_the_conditions_of_that_moment(cast: Cast, selection: Selection) -> None:
    ana = selection.candidates[0]
    offer = select(selection, ana, cast.company_officer)
    order = selection.order
    assert offer.status == OfferStatus.SENT
    assert (offer.monthly_wage_jpy, offer.hours_per_week) == (185_000, 40)
    assert (offer.housing_cost_jpy, offer.other_deductions_jpy, offer.take_home_before_tax_jpy) == (
        25_000,
        5_000,
        155_000,
    )
    assert (offer.start_date, offer.duration_months) == (order.start_date, 12)
    # TITP stage i lasts a year from the start date, ending the day before (Civil Code art. 143(2)).
    assert offer.ends_on == datetime.date(2027, 9, 30)
    assert (offer.duration_basis, offer.duration_rule) == (DurationBasis.TITP_STAGE, "titp_stages 2026-initial")
    assert _status(ana) == Status.SELECTED
    assert Interview.objects.get(pk=offer.interview_id).result == InterviewResult.SELECTED
    assert list(offer.history.values_list("from_status", "to_status")) == [("", OfferStatus.SENT)]
    assert AuditEntry.objects.for_object(offer).filter(action="created").exists()


def test_a_later_edit_of_the_job_order_does_not_change_the_offer(
    cast: Cast, japan: Japan, selection: Selection
) -> None:
    from joborders.tests.world import order_details  # noqa: PLC0415

    offer = select(selection, selection.candidates[0], cast.company_officer)
    order = selection.order
    order.refresh_from_db()
    changed = dataclasses.replace(order_details(cast, japan, positions=2), monthly_wage_jpy=200_000, housing_cost_jpy=0)
    joborder_actions.update_job_order(
        job_order_id=order.pk, details=changed, expected_version=order.version, by=cast.company_officer
    )
    offer.refresh_from_db()
    assert (offer.monthly_wage_jpy, offer.housing_cost_jpy) == (185_000, 25_000)


def test_an_ssw_offer_lasts_as_its_contract_says(cast: Cast, japan: Japan) -> None:
    selection = build_selection(cast, japan, positions=1)
    order = selection.order
    order.programme, order.titp_stage = Track.SSW, None  # the duration reads only these two
    with pytest.raises(offers.ContractLengthRequired):
        offers.offer_duration(order, contract_months=None)
    with pytest.raises(offers.ContractLengthRequired):
        offers.offer_duration(order, contract_months=61)
    duration = offers.offer_duration(order, contract_months=36)
    assert (duration.months, duration.ends_on, duration.basis) == (
        36,
        datetime.date(2029, 9, 30),
        DurationBasis.CONTRACT,
    )
    assert offers.needs_contract_length(order)


def test_it_never_selects_beyond_the_positions(cast: Cast, selection: Selection) -> None:
    ana, bayu, citra = selection.candidates
    select(selection, ana, cast.company_officer, hours=24)
    select(selection, bayu, cast.company_officer, hours=25)
    interview = schedule(selection, citra, cast.company_officer, hours=26)
    with pytest.raises(offers.PositionsTaken, match="All 2 positions"):
        offers.select_candidate(interview_id=interview.pk, by=cast.company_officer)
    assert _status(citra) == Status.SHORTLISTED
    assert Offer.objects.count() == 2


def test_it_never_selects_one_person_for_two_orders(cast: Cast, japan: Japan, selection: Selection) -> None:
    ana = selection.candidates[0]
    second = open_order(cast, japan, positions=1, title="Welder, second line")
    shortlist = published_list(cast, second, [ana])
    other_interview = interviews.schedule_interview(
        job_order_id=second.pk,
        details=details_for(shortlist, ana, hours=48),
        by=cast.ministry_officer,
    )
    select(selection, ana, cast.company_officer, hours=24)
    with pytest.raises(offers.SelectedElsewhere):
        offers.select_candidate(interview_id=other_interview.pk, by=cast.ministry_officer)
    assert Offer.objects.filter(participant=ana).count() == 1


def test_it_refuses_a_second_offer_for_the_same_order(cast: Cast, selection: Selection) -> None:
    offer = select(selection, selection.candidates[0], cast.company_officer)
    with pytest.raises(offers.AlreadyOffered):
        offers.select_candidate(interview_id=offer.interview_id, by=cast.company_officer)


def test_the_database_refuses_a_second_live_offer_for_a_person(cast: Cast, selection: Selection) -> None:
    from django.db import IntegrityError, transaction  # noqa: PLC0415

    offer = select(selection, selection.candidates[0], cast.company_officer)
    copy = Offer.objects.get(pk=offer.pk)
    copy.pk = None
    with pytest.raises(IntegrityError), transaction.atomic():
        copy.save()


def test_selecting_closes_the_persons_other_live_lists_and_interviews(
    cast: Cast, japan: Japan, selection: Selection
) -> None:
    ana = selection.candidates[0]
    second = open_order(cast, japan, positions=1, title="Welder, second line")
    shortlist = published_list(cast, second, [ana])
    elsewhere = interviews.schedule_interview(
        job_order_id=second.pk, details=details_for(shortlist, ana, hours=48), by=cast.ministry_officer
    )
    select(selection, ana, cast.company_officer, hours=24)
    entry = shortlist.entries.get(participant=ana)
    assert entry.is_excluded
    assert entry.excluded_reason == offers.SELECTED_ELSEWHERE
    assert not ShortlistEntry.objects.live().filter(participant=ana).exclude(shortlist=selection.shortlist).exists()
    elsewhere.refresh_from_db()
    assert (elsewhere.status, elsewhere.cancelled_reason) == (InterviewStatus.CANCELLED, offers.SELECTED_ELSEWHERE)


def test_selecting_needs_an_interviewing_order(cast: Cast, selection: Selection) -> None:
    interview = schedule(selection, selection.candidates[0], cast.company_officer)
    joborder_actions.change_job_order_status(
        job_order_id=selection.order.pk, to=JobOrderStatus.CANCELLED, by=cast.company_officer, reason="No budget"
    )
    with pytest.raises(offers.NotInterviewing):
        offers.select_candidate(interview_id=interview.pk, by=cast.company_officer)


# --- answering ------------------------------------------------------------------------


def test_accepting_makes_the_placement_and_moves_the_person_to_pre_departure(cast: Cast, selection: Selection) -> None:
    ana = selection.candidates[0]
    user = login_for(ana)
    offer = select(selection, ana, cast.company_officer)
    answered = offers.answer_offer(offer_id=offer.pk, accept=True, by=user)
    assert answered.status == OfferStatus.ACCEPTED
    assert (answered.answered_by, answered.signed_page.name) == (user, "")
    placement = Placement.objects.get(participant=ana)
    assert (placement.status, placement.job_order_id, placement.starts_on) == (
        PlacementStatus.PREPARING,
        selection.order.pk,
        offer.start_date,
    )
    assert answered.placement == placement
    assert _status(ana) == Status.PRE_DEPARTURE
    assert list(answered.history.values_list("to_status", flat=True)) == [OfferStatus.ACCEPTED, OfferStatus.SENT]


def test_it_refuses_an_answer_to_someone_elses_offer(cast: Cast, selection: Selection) -> None:
    ana, bayu, _ = selection.candidates
    login_for(ana)
    bayus_login = login_for(bayu)
    offer = select(selection, ana, cast.company_officer)
    for stranger in (bayus_login, cast.participant_user, cast.lpk_officer):
        with pytest.raises(offers.NotYourOffer):
            offers.answer_offer(offer_id=offer.pk, accept=True, by=stranger)
    offer.refresh_from_db()
    assert offer.status == OfferStatus.SENT


def test_it_refuses_to_accept_twice_or_after_declining(cast: Cast, selection: Selection) -> None:
    ana, bayu, _ = selection.candidates
    anas, bayus = login_for(ana), login_for(bayu)
    accepted = select(selection, ana, cast.company_officer, hours=24)
    offers.answer_offer(offer_id=accepted.pk, accept=True, by=anas)
    with pytest.raises(offers.AlreadyAnswered, match="already been accepted"):
        offers.answer_offer(offer_id=accepted.pk, accept=True, by=anas)
    declined = select(selection, bayu, cast.company_officer, hours=25)
    offers.answer_offer(offer_id=declined.pk, accept=False, by=bayus)
    with pytest.raises(offers.AlreadyAnswered, match="already been declined"):
        offers.answer_offer(offer_id=declined.pk, accept=True, by=bayus)
    assert Placement.objects.count() == 1


def test_it_refuses_to_accept_after_the_offer_was_withdrawn(cast: Cast, selection: Selection) -> None:
    ana = selection.candidates[0]
    user = login_for(ana)
    offer = select(selection, ana, cast.company_officer)
    offers.withdraw_offer(offer_id=offer.pk, reason="The line closes", by=cast.company_officer)
    with pytest.raises(offers.OfferWithdrawn, match="was withdrawn on"):
        offers.answer_offer(offer_id=offer.pk, accept=True, by=user)
    assert not Placement.objects.exists()
    assert _status(ana) == Status.READY


def test_the_lpk_records_an_answer_with_the_signed_page(cast: Cast, selection: Selection) -> None:
    ana = selection.candidates[0]
    offer = select(selection, ana, cast.company_officer)
    recorded = offers.record_offer_answer(
        offer_id=offer.pk, accept=True, signed_page=_signed(samples.pdf(), "surat.pdf"), by=cast.lpk_officer
    )
    assert recorded.status == OfferStatus.ACCEPTED
    assert recorded.answered_by == cast.lpk_officer
    assert (recorded.signed_page_name, recorded.signed_page_type) == ("surat.pdf", "application/pdf")
    assert recorded.signed_page.name.startswith(f"offers/{ana.pk}/")
    assert recorded.signed_page.name.endswith(".pdf")
    assert "surat" not in recorded.signed_page.name
    assert len(recorded.signed_page_sha256) == 64


@pytest.mark.parametrize("content", [samples.web_page(), samples.windows_program(), b""])
def test_it_refuses_a_signed_page_that_is_not_a_scan_and_writes_nothing(
    cast: Cast, selection: Selection, content: bytes
) -> None:
    ana = selection.candidates[0]
    offer = select(selection, ana, cast.company_officer)
    with pytest.raises(offers.SignedPageRefused):
        offers.record_offer_answer(offer_id=offer.pk, accept=True, signed_page=_signed(content), by=cast.lpk_officer)
    offer.refresh_from_db()
    assert (offer.status, offer.signed_page.name) == (OfferStatus.SENT, "")
    assert _status(ana) == Status.SELECTED


# --- filling the order ----------------------------------------------------------------


def test_the_order_is_filled_when_all_positions_are_accepted(cast: Cast, japan: Japan, selection: Selection) -> None:
    ana, bayu, citra = selection.candidates
    # Citra is also on another live list: she stays shortlisted for it.
    second = open_order(cast, japan, positions=1, title="Welder, second line")
    published_list(cast, second, [citra])
    first = select(selection, ana, cast.company_officer, hours=24)
    offers.answer_offer(offer_id=first.pk, accept=True, by=login_for(ana))
    selection.order.refresh_from_db()
    assert selection.order.status == JobOrderStatus.INTERVIEWING  # one of two
    later = schedule(selection, citra, cast.company_officer, hours=72)
    second_offer = select(selection, bayu, cast.company_officer, hours=25)
    offers.record_offer_answer(
        offer_id=second_offer.pk, accept=True, signed_page=_signed(samples.jpeg(), "b.jpg"), by=cast.lpk_officer
    )
    selection.order.refresh_from_db()
    assert selection.order.status == JobOrderStatus.FILLED
    assert Shortlist.objects.get(pk=selection.shortlist.pk).status == ShortlistStatus.CLOSED
    assert (_status(ana), _status(bayu), _status(citra)) == (
        Status.PRE_DEPARTURE,
        Status.PRE_DEPARTURE,
        Status.SHORTLISTED,
    )
    later.refresh_from_db()
    assert later.status == InterviewStatus.CANCELLED


def test_the_candidates_not_chosen_go_back_to_ready(cast: Cast, japan: Japan) -> None:
    selection = build_selection(cast, japan, positions=1)
    ana, bayu, citra = selection.candidates
    offer = select(selection, ana, cast.company_officer)
    offers.answer_offer(offer_id=offer.pk, accept=True, by=login_for(ana))
    assert (_status(bayu), _status(citra)) == (Status.READY, Status.READY)
    history = bayu.history.first()
    assert history is not None
    assert history.to_status == Status.READY


# --- declined and withdrawn offers: the next reserve ---------------------------------------


def test_a_declined_offer_goes_to_the_best_ranked_free_reserve(
    cast: Cast, selection: Selection, contacts: None, django_capture_on_commit_callbacks
) -> None:
    ana, bayu, citra = selection.candidates
    user = login_for(ana)
    reserve(schedule(selection, citra, cast.company_officer, hours=26), 1, cast.company_officer)
    reserve(schedule(selection, bayu, cast.company_officer, hours=25), 2, cast.company_officer)
    offer = select(selection, ana, cast.company_officer, hours=24)
    with django_capture_on_commit_callbacks(execute=True):
        offers.answer_offer(offer_id=offer.pk, accept=False, by=user, reason="My mother is ill")
    assert _status(ana) == Status.READY
    promoted = Offer.objects.get(participant=citra)
    assert (promoted.status, promoted.promoted_from, promoted.sent_by) == (
        OfferStatus.SENT,
        offer,
        cast.company_officer,
    )
    assert _status(citra) == Status.SELECTED
    assert _status(bayu) == Status.SHORTLISTED
    assert selection.entry(ana).excluded_reason == offers.DECLINED_OFFER
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == ["joe@example.jp", "sato@example.jp"]
    assert "Citra Santoso" in message.body
    assert "Ana Santoso" in message.body


def test_a_reserve_taken_elsewhere_is_passed_over(cast: Cast, japan: Japan, selection: Selection) -> None:
    ana, bayu, citra = selection.candidates
    reserve(schedule(selection, citra, cast.company_officer, hours=26), 1, cast.company_officer)
    reserve(schedule(selection, bayu, cast.company_officer, hours=25), 2, cast.company_officer)
    # Citra is selected by another order meanwhile.
    second = open_order(cast, japan, positions=1, title="Welder, second line")
    shortlist = published_list(cast, second, [citra])
    elsewhere = interviews.schedule_interview(
        job_order_id=second.pk, details=details_for(shortlist, citra, hours=50), by=cast.ministry_officer
    )
    offers.select_candidate(interview_id=elsewhere.pk, by=cast.ministry_officer)
    offer = select(selection, ana, cast.company_officer, hours=24)
    offers.withdraw_offer(offer_id=offer.pk, reason="Changed plans", by=cast.company_officer)
    assert Offer.objects.get(participant=bayu).promoted_from == offer
    assert Offer.objects.filter(participant=citra).count() == 1


def test_without_a_reserve_the_notice_says_so(
    cast: Cast, selection: Selection, django_capture_on_commit_callbacks
) -> None:
    ana = selection.candidates[0]
    offer = select(selection, ana, cast.company_officer)
    with django_capture_on_commit_callbacks(execute=True):
        offers.withdraw_offer(offer_id=offer.pk, reason="Changed plans", by=cast.supervising_officer)
    assert Offer.objects.count() == 1
    assert [message.to for message in mail.outbox] == [["sato@example.jp"]]
    # In Japanese, which the company and its supervising organization read.
    assert "内定を出せる補欠がいません。" in mail.outbox[0].body
    assert f"求人#{selection.order.pk}「Welder」" in mail.outbox[0].body


def test_no_notice_is_sent_before_the_change_commits(cast: Cast, selection: Selection) -> None:
    offer = select(selection, selection.candidates[0], cast.company_officer)
    offers.withdraw_offer(offer_id=offer.pk, reason="Changed plans", by=cast.company_officer)
    assert mail.outbox == []  # the test's transaction never commits


def test_withdrawing_an_accepted_offer_cancels_the_placement(cast: Cast, selection: Selection) -> None:
    ana = selection.candidates[0]
    offer = select(selection, ana, cast.company_officer)
    offers.answer_offer(offer_id=offer.pk, accept=True, by=login_for(ana))
    withdrawn = offers.withdraw_offer(offer_id=offer.pk, reason="Visa refused", by=cast.ministry_officer)
    assert (withdrawn.status, withdrawn.reason) == (OfferStatus.WITHDRAWN, "Visa refused")
    placement = Placement.objects.get(participant=ana)
    assert placement.status == PlacementStatus.CANCELLED
    assert _status(ana) == Status.READY
    assert AuditEntry.objects.for_object(placement).filter(action="status_changed").exists()


def test_an_offer_cannot_be_withdrawn_after_departure(cast: Cast, selection: Selection) -> None:
    ana = selection.candidates[0]
    offer = select(selection, ana, cast.company_officer)
    offers.answer_offer(offer_id=offer.pk, accept=True, by=login_for(ana))
    Placement.objects.filter(participant=ana).update(status=PlacementStatus.IN_JAPAN, departed_on=timezone.localdate())
    with pytest.raises(offers.AlreadyDeparted):
        offers.withdraw_offer(offer_id=offer.pk, reason="Too late", by=cast.company_officer)
    offer.refresh_from_db()
    assert offer.status == OfferStatus.ACCEPTED


def test_withdrawing_needs_a_reason_and_a_live_offer(cast: Cast, selection: Selection) -> None:
    offer = select(selection, selection.candidates[0], cast.company_officer)
    with pytest.raises(interviews.ReasonRequired):
        offers.withdraw_offer(offer_id=offer.pk, reason="  ", by=cast.company_officer)
    offers.withdraw_offer(offer_id=offer.pk, reason="Changed plans", by=cast.company_officer)
    with pytest.raises(offers.AlreadyEnded):
        offers.withdraw_offer(offer_id=offer.pk, reason="Again", by=cast.company_officer)


def test_an_order_with_a_live_offer_is_not_cancelled_under_it(cast: Cast, selection: Selection) -> None:
    offer = select(selection, selection.candidates[0], cast.company_officer)
    with pytest.raises(joborder_actions.LiveOffers):
        joborder_actions.change_job_order_status(
            job_order_id=selection.order.pk, to=JobOrderStatus.CANCELLED, by=cast.ministry_officer, reason="Closed"
        )
    offers.withdraw_offer(offer_id=offer.pk, reason="The order is closing", by=cast.company_officer)
    for reserve_offer in Offer.objects.filter(job_order=selection.order).live():
        offers.withdraw_offer(offer_id=reserve_offer.pk, reason="The order is closing", by=cast.company_officer)
    cancelled = joborder_actions.change_job_order_status(
        job_order_id=selection.order.pk, to=JobOrderStatus.CANCELLED, by=cast.ministry_officer, reason="Closed"
    )
    assert cancelled.status == JobOrderStatus.CANCELLED
