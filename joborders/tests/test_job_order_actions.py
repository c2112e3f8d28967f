"""Job order workflows: drafts, edits, the status edges, and opening with the
programme rules (quota, programme by date, SSW field), whose answer is kept."""

from __future__ import annotations

import contextlib
import copy
import datetime
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import translation

from audit.models import AuditAction, AuditEntry
from joborders import actions, decisions
from joborders.models import JobOrder, JobOrderStatus, RuleDecision, TitpStage
from joborders.tests.world import START, Japan, company_details, order_details, organization_details, trainees
from reference.models import Track
from rules import RuleBook, default_rule_book
from tests.cast import Cast


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """The refusals are read in English, the source language. Without this the
    tests passed only after another test had left English active in the thread."""
    with translation.override("en"):
        yield


def create(cast: Cast, japan: Japan, **overrides: object) -> JobOrder:
    return actions.create_job_order(details=order_details(cast, japan, **overrides), by=cast.company_officer)


def move(cast: Cast, order: JobOrder, to: JobOrderStatus, reason: str = "") -> JobOrder:
    return actions.change_job_order_status(job_order_id=order.pk, to=to, by=cast.company_officer, reason=reason)


def record_trainees(cast: Cast, **counts: int) -> None:
    profile = cast.company.company_profile
    actions.save_company_profile(
        organization_id=cast.company.pk,
        organization=organization_details(),
        details=company_details(),
        trainees=trainees(**counts),
        expected_version=profile.version,
        by=cast.supervising_officer,
    )


# --- drafts and edits ---------------------------------------------------------


def test_a_new_job_order_is_a_draft_with_its_history_and_audit(cast: Cast, japan: Japan) -> None:
    order = create(cast, japan)

    assert order.status == JobOrderStatus.DRAFT
    assert order.supervising_organization == cast.supervising  # the company's, for TITP
    assert list(order.sending_organizations.all()) == [cast.lpk]
    assert order.history.get().to_status == JobOrderStatus.DRAFT
    entry = AuditEntry.objects.for_object(order).get()
    assert (entry.action, entry.actor) == (AuditAction.CREATED, cast.company_officer)
    assert entry.changes["monthly_wage_jpy"] == [None, 185_000]
    assert entry.changes["sending_organizations"] == [None, "lpk-sakura"]


def test_an_ssw_order_has_no_supervising_organization(cast: Cast, japan: Japan) -> None:
    order = create(
        cast,
        japan,
        programme=Track.SSW,
        titp_stage=None,
        job_category=None,
        operation=None,
        ssw_field=japan.construction,
        business_category="建築",
        support_organization=cast.support_organization,
    )
    assert order.supervising_organization is None
    assert order.support_organization == cast.support_organization


def test_the_action_refuses_what_the_form_refuses_and_saves_nothing(cast: Cast, japan: Japan) -> None:
    with pytest.raises(ValidationError) as refused:
        create(cast, japan, monthly_wage_jpy=1_100, ssw_field=None)
    assert "monthly_wage_jpy" in refused.value.message_dict
    assert not JobOrder.objects.exists()


def test_it_refuses_an_edit_based_on_an_old_copy(cast: Cast, japan: Japan) -> None:
    order = create(cast, japan)
    actions.update_job_order(
        job_order_id=order.pk,
        details=order_details(cast, japan, title="Welder (TIG)"),
        expected_version=1,
        by=cast.company_officer,
    )
    with pytest.raises(actions.EditConflict):
        actions.update_job_order(
            job_order_id=order.pk,
            details=order_details(cast, japan, title="Other"),
            expected_version=1,
            by=cast.company_officer,
        )
    order.refresh_from_db()
    assert (order.title, order.version) == ("Welder (TIG)", 2)


def test_an_edit_records_only_what_changed(cast: Cast, japan: Japan) -> None:
    order = create(cast, japan)
    actions.update_job_order(
        job_order_id=order.pk,
        details=order_details(cast, japan, monthly_wage_jpy=190_000, sending_organizations=(cast.lpk, cast.other_lpk)),
        expected_version=1,
        by=cast.supervising_officer,
    )
    entry = AuditEntry.objects.for_object(order).filter(action=AuditAction.UPDATED).get()
    assert entry.changes == {
        "monthly_wage_jpy": [185_000, 190_000],
        "sending_organizations": ["lpk-sakura", "lpk-fuji, lpk-sakura"],
    }


def test_an_unchanged_edit_keeps_the_version(cast: Cast, japan: Japan) -> None:
    order = create(cast, japan)
    actions.update_job_order(
        job_order_id=order.pk, details=order_details(cast, japan), expected_version=1, by=cast.company_officer
    )
    order.refresh_from_db()
    assert order.version == 1
    assert not AuditEntry.objects.for_object(order).filter(action=AuditAction.UPDATED).exists()


def test_once_open_the_decided_fields_are_fixed_but_the_rest_may_change(cast: Cast, japan: Japan) -> None:
    order = move(cast, create(cast, japan), JobOrderStatus.OPEN)
    with pytest.raises(actions.DecidedFieldsChanged, match="positions"):
        actions.update_job_order(
            job_order_id=order.pk,
            details=order_details(cast, japan, positions=2),
            expected_version=2,
            by=cast.company_officer,
        )
    interview = datetime.date(2026, 8, 3)
    actions.update_job_order(
        job_order_id=order.pk,
        details=order_details(cast, japan, interview_date=interview, interview_mode="in_person"),
        expected_version=2,
        by=cast.company_officer,
    )
    order.refresh_from_db()
    assert (order.interview_date, order.interview_mode) == (interview, "in_person")


def test_a_filled_or_cancelled_order_cannot_be_edited(cast: Cast, japan: Japan) -> None:
    order = move(cast, move(cast, create(cast, japan), JobOrderStatus.OPEN), JobOrderStatus.CANCELLED, "Plan changed")
    with pytest.raises(actions.NotEditable):
        actions.update_job_order(
            job_order_id=order.pk,
            details=order_details(cast, japan),
            expected_version=order.version,
            by=cast.company_officer,
        )


# --- the status edges ---------------------------------------------------------


def test_it_walks_the_main_line_with_history_and_audit(cast: Cast, japan: Japan) -> None:
    order = create(cast, japan)
    for status in (JobOrderStatus.OPEN, JobOrderStatus.INTERVIEWING, JobOrderStatus.FILLED):
        order = move(cast, order, status)
    assert order.status == JobOrderStatus.FILLED
    assert [change.to_status for change in order.history.order_by("changed_at", "id")] == [
        "draft",
        "open",
        "interviewing",
        "filled",
    ]
    moves = AuditEntry.objects.for_object(order).filter(action=AuditAction.STATUS_CHANGED)
    assert [entry.changes["status"] for entry in moves.order_by("at", "id")] == [
        ["draft", "open"],
        ["open", "interviewing"],
        ["interviewing", "filled"],
    ]


@pytest.mark.parametrize(
    ("path", "refused"),
    [
        ([], JobOrderStatus.INTERVIEWING),  # draft skips open
        ([], JobOrderStatus.FILLED),
        ([], JobOrderStatus.CANCELLED),  # a draft is edited, not cancelled
        ([JobOrderStatus.OPEN], JobOrderStatus.FILLED),  # nobody interviewed yet
        ([JobOrderStatus.OPEN], JobOrderStatus.DRAFT),  # no way back
        ([JobOrderStatus.OPEN, JobOrderStatus.INTERVIEWING], JobOrderStatus.OPEN),
        ([JobOrderStatus.OPEN, JobOrderStatus.INTERVIEWING, JobOrderStatus.FILLED], JobOrderStatus.CANCELLED),
    ],
)
def test_it_refuses_every_other_move(
    cast: Cast, japan: Japan, path: list[JobOrderStatus], refused: JobOrderStatus
) -> None:
    order = create(cast, japan)
    for status in path:
        order = move(cast, order, status)
    with pytest.raises(actions.TransitionNotAllowed):
        move(cast, order, refused, reason="because")
    order.refresh_from_db()
    assert order.status == (path[-1] if path else JobOrderStatus.DRAFT)


@pytest.mark.parametrize("path", [[JobOrderStatus.OPEN], [JobOrderStatus.OPEN, JobOrderStatus.INTERVIEWING]])
def test_an_open_or_interviewing_order_may_be_cancelled_with_a_reason(
    cast: Cast, japan: Japan, path: list[JobOrderStatus]
) -> None:
    order = create(cast, japan)
    for status in path:
        order = move(cast, order, status)
    with pytest.raises(actions.ReasonRequired):
        move(cast, order, JobOrderStatus.CANCELLED, reason="  ")
    order = move(cast, order, JobOrderStatus.CANCELLED, reason="The company postponed its expansion.")
    assert order.history.filter(to_status=JobOrderStatus.CANCELLED).get().reason.startswith("The company")


# --- opening: the quota and the other rules -----------------------------------


def test_opening_within_the_quota_stores_the_decision_with_its_rule_version(cast: Cast, japan: Japan) -> None:
    order = move(cast, create(cast, japan, positions=3), JobOrderStatus.OPEN)

    quota = order.decisions.get(question=decisions.Question.TITP_QUOTA)
    assert quota.allowed
    assert (quota.rule_family, quota.rule_version) == ("titp_quota", "2026-initial")
    assert quota.rule_effective_from == datetime.date(2017, 11, 1)
    assert quota.applied_on == START
    assert (
        "quota 3: 25 full-time staff ≤ 30, supervising organization and company not both excellent, stage i"
        in quota.explanation_en
    )
    assert quota.status_change == order.history.get(to_status=JobOrderStatus.OPEN)
    assert set(order.decisions.values_list("question", flat=True)) == {
        "programme_open",
        "start_date",
        "minimum_age",
        "wage",
        "titp_stage",
        "titp_quota",
    }
    audit_entry = AuditEntry.objects.for_object(order).get(action=AuditAction.STATUS_CHANGED)
    assert "titp_quota: yes (titp_quota 2026-initial" in audit_entry.changes["rules"][1]


def test_a_refusal_names_the_rule_and_what_would_fit_and_changes_nothing(cast: Cast, japan: Japan) -> None:
    record_trainees(cast, i=1)
    order = create(cast, japan, positions=4)

    with pytest.raises(actions.OpeningRefused) as refused:
        move(cast, order, JobOrderStatus.OPEN)

    (refusal,) = refused.value.refusals
    assert refusal.rule_names == ("bands",)
    assert refusal.would_fit == 2
    message = str(refused.value)
    assert "5 stage i trainees (4 new, 1 current) exceed the quota of 3" in message
    assert "2 of the new positions would fit" in message
    assert "“TITP yearly quota”, version “2026-initial”" in message
    order.refresh_from_db()
    assert order.status == JobOrderStatus.DRAFT
    assert not RuleDecision.objects.exists()
    assert not order.history.filter(to_status=JobOrderStatus.OPEN).exists()


def test_the_quota_counts_the_positions_of_the_companys_other_open_orders(cast: Cast, japan: Japan) -> None:
    move(cast, create(cast, japan, positions=2), JobOrderStatus.OPEN)
    cancelled = move(cast, create(cast, japan, positions=1), JobOrderStatus.OPEN)
    move(cast, cancelled, JobOrderStatus.CANCELLED, reason="withdrawn")
    create(cast, japan, positions=3)  # a draft holds nothing

    with pytest.raises(actions.OpeningRefused) as refused:
        move(cast, create(cast, japan, positions=2), JobOrderStatus.OPEN)
    assert refused.value.refusals[0].would_fit == 1
    move(cast, create(cast, japan, positions=1), JobOrderStatus.OPEN)


def test_another_stage_has_its_own_quota(cast: Cast, japan: Japan) -> None:
    make_excellent(cast)
    move(cast, create(cast, japan, positions=6), JobOrderStatus.OPEN)  # stage i: 3 × 2
    order = move(cast, create(cast, japan, positions=18, titp_stage=TitpStage.III), JobOrderStatus.OPEN)
    assert order.status == JobOrderStatus.OPEN  # stage iii: 3 × 6 = 18, the first six not counted in it


def make_excellent(cast: Cast, *, company: bool = True) -> None:
    """The cast's cooperative (and, unless told otherwise, its company) rated excellent (優良) since 2025."""
    since = datetime.date(2025, 1, 1)
    actions.save_supervising_profile(
        organization_id=cast.supervising.pk,
        organization=organization_details(),
        details=actions.SupervisingDetails(licence_number="許1", category="general", excellent_since=since),  # type: ignore[arg-type]
        expected_version=1,
        by=cast.supervising_officer,
    )
    if company:
        actions.save_company_profile(
            organization_id=cast.company.pk,
            organization=organization_details(),
            details=company_details(excellent_since=since),
            trainees=None,
            expected_version=cast.company.company_profile.version,
            by=cast.supervising_officer,
        )


def test_an_excellent_company_and_cooperative_get_the_higher_quota(cast: Cast, japan: Japan) -> None:
    make_excellent(cast)
    order = move(cast, create(cast, japan, positions=6), JobOrderStatus.OPEN)
    quota = order.decisions.get(question="titp_quota")
    assert "× 2 for an excellent supervising organization and company in stage i: 6" in quota.explanation_en


def test_an_excellent_company_under_a_normal_cooperative_gets_the_normal_quota(cast: Cast, japan: Japan) -> None:
    actions.save_company_profile(
        organization_id=cast.company.pk,
        organization=organization_details(),
        details=company_details(excellent_since=datetime.date(2025, 1, 1)),
        trainees=None,
        expected_version=1,
        by=cast.supervising_officer,
    )
    with pytest.raises(actions.OpeningRefused):
        move(cast, create(cast, japan, positions=6), JobOrderStatus.OPEN)


def test_a_titp_order_cannot_open_before_the_company_has_a_profile(cast: Cast, japan: Japan) -> None:
    cast.company.company_profile.delete()
    with pytest.raises(actions.CannotDecide, match="no profile yet"):
        move(cast, create(cast, japan), JobOrderStatus.OPEN)


def test_an_engineer_order_opens_without_a_quota(cast: Cast, japan: Japan) -> None:
    order = create(
        cast, japan, programme=Track.ENGINEER, titp_stage=None, job_category=None, operation=None, positions=40
    )
    order = move(cast, order, JobOrderStatus.OPEN)
    assert set(order.decisions.values_list("question", flat=True)) == {
        "programme_open",
        "start_date",
        "minimum_age",
        "wage",
    }


def test_an_ssw_order_stores_that_its_field_is_open(cast: Cast, japan: Japan) -> None:
    order = create(
        cast,
        japan,
        programme=Track.SSW,
        titp_stage=None,
        job_category=None,
        operation=None,
        ssw_field=japan.construction,
    )
    order = move(cast, order, JobOrderStatus.OPEN)
    field = order.decisions.get(question="ssw_field_open")
    assert field.allowed
    assert field.rule_version == ""  # it rests on the SSW field list, not on a rule version
    assert field.explanation_en == "SSW field Construction is open on 1 October 2026"


# --- a later rule version -----------------------------------------------------


def stricter_book() -> RuleBook:
    """The shipped rules plus a TITP quota version from 2026-09-01 (before the
    orders' start date) that gives a company of 25 staff one trainee a year."""
    data = default_rule_book().to_dict()
    versions = data["titp_quota"]
    assert isinstance(versions, list)
    later = copy.deepcopy(versions[-1])
    assert isinstance(later, dict)
    later.update(label="2026-09-strict", effective_from="2026-09-01", source="A stricter quota, for the test.")
    later["parameters"]["bands"]["value"] = [[30, 1], [40, 2], [50, 3], [100, 4], [200, 6], [300, 8]]  # type: ignore[call-overload,index]
    versions.append(later)
    return RuleBook.from_dict(data)


def test_a_later_rule_version_never_changes_a_decision_already_taken(
    cast: Cast, japan: Japan, monkeypatch: pytest.MonkeyPatch
) -> None:
    order = move(cast, create(cast, japan, positions=3), JobOrderStatus.OPEN)
    stored = {d.question: (d.rule_version, d.explanation, d.explanation_en) for d in order.decisions.all()}

    monkeypatch.setattr(decisions, "rule_book", stricter_book)

    # The new version is in force on the start date: it refuses a new order now ...
    with pytest.raises(actions.OpeningRefused, match="2026-09-strict"):
        move(cast, create(cast, japan, positions=1), JobOrderStatus.OPEN)
    # ... but the order opened before it keeps its decision, and stays editable.
    actions.update_job_order(
        job_order_id=order.pk,
        details=order_details(cast, japan, notes="Night shifts twice a week."),
        expected_version=order.version,
        by=cast.company_officer,
    )
    order.refresh_from_db()
    assert order.status == JobOrderStatus.OPEN
    assert {d.question: (d.rule_version, d.explanation, d.explanation_en) for d in order.decisions.all()} == stored
    quota = order.decisions.get(question="titp_quota")
    assert quota.explained()[0] == (
        "quota 3: 25 full-time staff ≤ 30, supervising organization and company not both excellent, stage i"
    )


# --- two at once --------------------------------------------------------------


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serializes writers at BEGIN IMMEDIATE")
@pytest.mark.django_db(transaction=True)
def test_two_orders_opening_at_once_cannot_both_take_the_last_places(
    cast: Cast, japan: Japan, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each opening locks the company's profile row: the second waits for the
    first and counts its positions. Without the lock both would count what the
    company held before either, and both would open: the barrier makes them
    count at the same moment if they can."""
    first, second = create(cast, japan, positions=2), create(cast, japan, positions=2)
    outcomes: list[str] = []
    barrier = threading.Barrier(2, timeout=1)
    counted = decisions.held_by

    def count_then_wait(*args: Any, **kwargs: Any) -> decisions.Held:
        held = counted(*args, **kwargs)
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait()
        return held

    monkeypatch.setattr(decisions, "held_by", count_then_wait)

    def open_it(order: JobOrder) -> None:
        try:
            move(cast, order, JobOrderStatus.OPEN)
            outcomes.append("opened")
        except actions.OpeningRefused:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=open_it, args=(order,)) for order in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["opened", "refused"]
    assert JobOrder.objects.filter(status=JobOrderStatus.OPEN).count() == 1
