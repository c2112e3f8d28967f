"""Handling a case: assignment, escalation, referrals only with the reporter's
consent, outcome and remedy, reopening; each refuses a stale form."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from audit import actions as audit
from audit.models import AuditEntry
from protection.actions.cases import CaseError, change_status
from protection.actions.conversation import give_consent, withdraw_consent
from protection.actions.handling import assign_case, escalate_case, refer_case, reopen_case, resolve_case
from protection.models import Body, Case, ConsentGivenBy, ConsentPurpose, Level, Referral, Remedy, Status
from protection.tests.case_world import budis_case, referred
from tests.cast import Cast

pytestmark = pytest.mark.django_db


def _consent(
    cast: Cast, case: Case, body: Body, *, purpose: ConsentPurpose = ConsentPurpose.REFERRAL, **kw: object
) -> int:
    consent = give_consent(
        case_id=case.pk,
        purpose=purpose,
        body=body,
        given_by=ConsentGivenBy.IN_PERSON,
        recorded_by=cast.lpk_officer,
        **kw,  # type: ignore[arg-type]
    )
    return consent.pk


def _refer(cast: Cast, case: Case, body: Body, organization: object = None, *, identity: bool = False) -> Referral:
    case.refresh_from_db()
    return refer_case(
        case_id=case.pk,
        body=body,
        organization=organization,  # type: ignore[arg-type]
        reference="OTIT-2026-114",
        shared="Upah lembur tidak dibayar sejak Maret.",
        share_identity=identity,
        by=cast.lpk_officer,
        version=case.version,
    )


class TestReferralWithoutConsent:
    """A referral is refused without the reporter's consent in force, and the
    refusal leaves nothing behind: no referral, no step up, no audit row."""

    @pytest.mark.parametrize("body", [Body.OTIT, Body.JITCO, Body.POLICE])
    def test_it_refuses_a_referral_outside_the_system_without_consent(self, cast: Cast, body: Body) -> None:
        case = budis_case(cast)
        written = AuditEntry.objects.count()
        with pytest.raises(CaseError) as refused:
            _refer(cast, case, body)
        assert refused.value.field == "body"
        assert not Referral.objects.exists()
        assert AuditEntry.objects.count() == written
        assert Case.objects.get(pk=case.pk).version == case.version

    def test_it_refuses_a_referral_to_the_supervising_organization_without_consent(self, cast: Cast) -> None:
        case = budis_case(cast)
        with pytest.raises(CaseError):
            _refer(cast, case, Body.SUPERVISING_ORGANIZATION, cast.supervising)
        case.refresh_from_db()
        assert case.level == Level.SENDING_ORGANIZATION
        assert not case.referrals.exists()

    def test_it_refuses_with_a_consent_for_another_body(self, cast: Cast) -> None:
        case = budis_case(cast)
        _consent(cast, case, Body.JITCO)
        with pytest.raises(CaseError):
            _refer(cast, case, Body.POLICE)

    def test_it_refuses_once_the_reporter_withdrew_the_consent(self, cast: Cast) -> None:
        case = budis_case(cast)
        withdraw_consent(consent_id=_consent(cast, case, Body.OTIT), by=cast.participant_user)
        with pytest.raises(CaseError):
            _refer(cast, case, Body.OTIT)

    def test_it_refuses_another_company_than_the_one_an_unnamed_consent_covers(self, cast: Cast) -> None:
        case = budis_case(cast)
        _consent(cast, case, Body.COMPANY)  # "my company": the one the case names
        other = type(cast.company).objects.create(kind=cast.company.kind, code="other-co", name="Other Co")
        with pytest.raises(CaseError):
            _refer(cast, case, Body.COMPANY, other)
        assert _refer(cast, case, Body.COMPANY, cast.company).organization == cast.company

    def test_it_refuses_to_share_the_identity_without_its_own_consent(self, cast: Cast) -> None:
        case = budis_case(cast)
        _consent(cast, case, Body.SUPERVISING_ORGANIZATION)
        with pytest.raises(CaseError) as refused:
            _refer(cast, case, Body.SUPERVISING_ORGANIZATION, cast.supervising, identity=True)
        assert refused.value.field == "share_identity"
        assert not Referral.objects.exists()


def test_it_refers_with_consent_recording_what_was_shared_and_the_reference(cast: Cast) -> None:
    case = budis_case(cast)
    consent = _consent(cast, case, Body.OTIT)
    referral = _refer(cast, case, Body.OTIT)
    assert referral.consent_id == consent
    assert referral.reference == "OTIT-2026-114"
    assert referral.shared == "Upah lembur tidak dibayar sejak Maret."
    assert not referral.identity_shared
    entry = AuditEntry.objects.filter(target_id=str(referral.pk)).latest("pk")
    assert "Upah lembur" not in str(entry.changes)
    assert audit.MASKED in str(entry.changes)


def test_it_shares_the_identity_with_both_consents(cast: Cast) -> None:
    case = budis_case(cast)
    assert referred(cast, case, body=Body.COMPANY, identity=True).identity_shared


def test_it_takes_the_case_to_the_supervising_level_by_a_referral_there(cast: Cast) -> None:
    case = budis_case(cast)
    referred(cast, case, body=Body.SUPERVISING_ORGANIZATION)
    case.refresh_from_db()
    assert case.level == Level.SUPERVISING_ORGANIZATION
    assert case.assigned_organization == cast.lpk  # the LPK/SO keeps the reporter's channel
    assert case.escalations.get().by == cast.lpk_officer


@pytest.mark.parametrize(
    ("body", "organization", "field"),
    [
        (Body.POLICE, "company", "organization"),
        (Body.COMPANY, None, "organization"),
        (Body.COMPANY, "supervising", "organization"),
    ],
)
def test_it_refuses_an_organization_that_is_not_of_the_body(
    cast: Cast, body: Body, organization: str | None, field: str
) -> None:
    case = budis_case(cast)
    _consent(cast, case, body)
    with pytest.raises(CaseError) as refused:
        _refer(cast, case, body, getattr(cast, organization) if organization else None)
    assert refused.value.field == field


def test_it_refuses_to_refer_a_closed_case(cast: Cast) -> None:
    case = budis_case(cast)
    _consent(cast, case, Body.OTIT)
    _acknowledge(cast, case)
    resolve_case(
        case_id=case.pk,
        outcome="Dibayar.",
        remedy=Remedy.WAGES_PAID_BACK,
        by=cast.lpk_officer,
        version=case.version + 1,
    )
    with pytest.raises(CaseError):
        _refer(cast, case, Body.OTIT)


def _acknowledge(cast: Cast, case: Case) -> Case:
    case.refresh_from_db()
    return change_status(case_id=case.pk, to=Status.ACKNOWLEDGED, by=cast.lpk_officer, version=case.version)


def test_it_assigns_the_case_to_an_officer_of_the_organization(cast: Cast) -> None:
    case = budis_case(cast)
    assigned = assign_case(
        case_id=case.pk, organization=cast.lpk, person=cast.lpk_officer, by=cast.lpk_officer, version=case.version
    )
    assert (assigned.assigned_organization, assigned.assigned_to) == (cast.lpk, cast.lpk_officer)
    assert assigned.version == case.version + 1


@pytest.mark.parametrize(
    ("organization", "person", "field"),
    [
        ("lpk", "lpk_viewer", "person"),
        ("lpk", "other_lpk_officer", "person"),
        ("company", None, "organization"),
        ("supervising", None, "organization"),
    ],
)
def test_it_refuses_an_assignment_outside_the_workers_side_or_to_a_non_officer(
    cast: Cast, organization: str, person: str | None, field: str
) -> None:
    case = budis_case(cast)
    with pytest.raises(CaseError) as refused:
        assign_case(
            case_id=case.pk,
            organization=getattr(cast, organization),
            person=getattr(cast, person) if person else None,
            by=cast.ministry_officer,
            version=case.version,
        )
    assert refused.value.field == field
    assert Case.objects.get(pk=case.pk).assigned_organization == cast.lpk


def test_it_refuses_a_stale_form_for_every_action(cast: Cast) -> None:
    case = budis_case(cast)
    stale = case.version
    _acknowledge(cast, case)
    attempts: list[Callable[[], object]] = [
        lambda: assign_case(
            case_id=case.pk, organization=cast.ministry, person=None, by=cast.lpk_officer, version=stale
        ),
        lambda: escalate_case(
            case_id=case.pk, to=Level.MINISTRY_AND_EMBASSY, by=cast.lpk_officer, version=stale, reason="x"
        ),
        lambda: resolve_case(case_id=case.pk, outcome="x", remedy=Remedy.NONE, by=cast.lpk_officer, version=stale),
    ]
    for attempt in attempts:
        with pytest.raises(CaseError) as refused:
            attempt()
        assert refused.value.field is None
    current = Case.objects.get(pk=case.pk)
    assert (current.assigned_organization, current.level, current.status) == (
        cast.lpk,
        Level.SENDING_ORGANIZATION,
        Status.ACKNOWLEDGED,
    )


def test_it_escalates_to_the_ministry_but_not_to_the_supervising_organization_without_a_referral(cast: Cast) -> None:
    case = budis_case(cast)
    with pytest.raises(CaseError) as refused:
        escalate_case(
            case_id=case.pk, to=Level.SUPERVISING_ORGANIZATION, by=cast.lpk_officer, version=case.version, reason="x"
        )
    assert refused.value.field == "to"
    with pytest.raises(CaseError) as refused:
        escalate_case(
            case_id=case.pk, to=Level.MINISTRY_AND_EMBASSY, by=cast.lpk_officer, version=case.version, reason=" "
        )
    assert refused.value.field == "reason"
    moved = escalate_case(
        case_id=case.pk, to=Level.MINISTRY_AND_EMBASSY, by=cast.lpk_officer, version=case.version, reason="Serius."
    )
    assert (moved.level, moved.assigned_organization) == (Level.MINISTRY_AND_EMBASSY, cast.ministry)


def test_it_resolves_with_outcome_and_remedy_then_reopens_with_a_reason(cast: Cast) -> None:
    case = _acknowledge(cast, budis_case(cast))
    with pytest.raises(CaseError) as refused:
        resolve_case(case_id=case.pk, outcome=" ", remedy=Remedy.NONE, by=cast.lpk_officer, version=case.version)
    assert refused.value.field == "outcome"
    resolved = resolve_case(
        case_id=case.pk,
        outcome="Upah dibayar kembali.",
        remedy=Remedy.WAGES_PAID_BACK,
        by=cast.lpk_officer,
        version=case.version,
    )
    assert (resolved.status, resolved.remedy) == (Status.RESOLVED, Remedy.WAGES_PAID_BACK)
    assert resolved.resolved_at is not None
    closed = change_status(case_id=case.pk, to=Status.CLOSED, by=cast.lpk_officer, version=resolved.version)
    with pytest.raises(CaseError) as refused:
        reopen_case(case_id=case.pk, by=cast.lpk_officer, version=closed.version, reason="")
    assert refused.value.field == "reason"
    reopened = reopen_case(case_id=case.pk, by=cast.lpk_officer, version=closed.version, reason="Dipotong lagi.")
    assert reopened.status == Status.IN_PROGRESS
    assert reopened.resolved_at is None
    assert reopened.status_changes.last().reason == "Dipotong lagi."  # type: ignore[union-attr]


def test_it_refuses_to_reopen_an_open_case(cast: Cast) -> None:
    case = budis_case(cast)
    with pytest.raises(CaseError):
        reopen_case(case_id=case.pk, by=cast.lpk_officer, version=case.version, reason="x")
    assert Case.objects.get(pk=case.pk).status == Status.NEW
