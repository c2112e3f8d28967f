"""Demo data for the Japanese side: profiles and job orders that the rules
and actions themselves produced, the same for the same seed."""

from __future__ import annotations

import datetime
import io
from collections import Counter

import pytest
import time_machine
from django.core.management import call_command

from accounts.models import Organization, OrganizationKind
from demo.seed import seed_demo
from joborders.demo import seed_job_orders
from joborders.models import (
    CompanyProfile,
    JobOrder,
    JobOrderStatus,
    RuleDecision,
    SupervisingOrganizationProfile,
    SupportOrganizationProfile,
)
from placements.models import DepartureCohort, HomeReturn, Placement
from protection.models import Case, CheckIn, Referral
from reference.models import Track

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 5, 4, 3, 0, tzinfo=datetime.UTC)


@pytest.fixture
def seeded() -> None:
    """The full reference data and a small demo, on a fixed day."""
    call_command("load_reference", stdout=io.StringIO())
    with time_machine.travel(NOW, tick=False):
        seed_demo(participants=50, seed=7)


def fingerprint() -> list[tuple[str, str, str, int, int, datetime.date]]:
    return list(
        JobOrder.objects.order_by("pk").values_list(
            "company__code", "title", "status", "positions", "monthly_wage_jpy", "start_date"
        )
    )


def test_every_demo_organization_in_japan_has_a_profile(seeded: None) -> None:
    assert SupervisingOrganizationProfile.objects.count() == 2
    assert SupportOrganizationProfile.objects.count() == 1
    companies = Organization.objects.of_kind(OrganizationKind.COMPANY)
    assert CompanyProfile.objects.filter(organization__in=companies).count() == companies.count() == 10
    excellent = [
        p.organization.code for p in SupervisingOrganizationProfile.objects.all() if p.is_excellent_on(NOW.date())
    ]
    assert excellent == ["michinoku-coop"]
    aoba = CompanyProfile.objects.get(organization__code="aoba-kensetsu")
    assert aoba.is_construction
    assert all(profile.full_time_staff > 0 for profile in CompanyProfile.objects.all())


def test_job_orders_cover_every_status_and_programme(seeded: None) -> None:
    statuses = Counter(JobOrder.objects.values_list("status", flat=True))
    assert set(statuses) == set(JobOrderStatus)
    assert 30 <= sum(statuses.values()) <= 40
    assert {Track.TITP, Track.SSW, Track.ENGINEER} <= set(JobOrder.objects.values_list("programme", flat=True))
    served = JobOrder.objects.filter(sending_organizations__code="lpk-karya-nusantara").count()
    assert served > 3  # the demo LPK/SO login has orders to read


def test_every_order_past_draft_opened_with_its_decision_stored(seeded: None) -> None:
    for order in JobOrder.objects.exclude(status=JobOrderStatus.DRAFT):
        decisions = list(order.decisions.all())
        assert decisions, order
        assert all(decision.allowed for decision in decisions)
        if order.programme == Track.TITP:
            assert any(d.question == "titp_quota" and d.rule_version for d in decisions), order
    assert not RuleDecision.objects.filter(job_order__status=JobOrderStatus.DRAFT).exists()


def test_open_orders_fit_their_companys_quota_together(seeded: None) -> None:
    """The actions opened them one by one against the others: the stored
    quota decisions all say the positions fit."""
    quota = RuleDecision.objects.filter(question="titp_quota")
    assert quota.exists()
    assert all("fit the quota" in decision.explanation_en for decision in quota)


def test_a_second_run_adds_no_orders(seeded: None) -> None:
    before = fingerprint()
    with time_machine.travel(NOW, tick=False):
        seed_demo(participants=10, seed=7)
    assert fingerprint() == before


def _delete_orders() -> None:
    # The demo's departures hang off filled orders: their cohorts and placements go first,
    # and before the placements the demo's returns home (with their follow-ups) and the
    # protection cases and check-ins that name them.
    DepartureCohort.objects.all().delete()
    HomeReturn.objects.all().delete()
    CheckIn.objects.all().delete()
    Referral.objects.all().delete()  # it protects the consent it rests on
    Case.objects.all().delete()
    Placement.objects.all().delete()
    JobOrder.objects.all().delete()


def test_the_same_seed_gives_the_same_orders(seeded: None) -> None:
    organizations = {org.code: org for org in Organization.objects.all()}
    first = fingerprint()
    _delete_orders()
    with time_machine.travel(NOW, tick=False):
        seed_job_orders(organizations, seed=7, today=NOW.date())
        assert fingerprint() == first
        _delete_orders()
        seed_job_orders(organizations, seed=8, today=NOW.date())
    assert fingerprint() != first
