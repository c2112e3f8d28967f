"""Opening a case and moving it: routing, the clock, escalation at once,
checked transitions."""

from __future__ import annotations

import datetime
from dataclasses import replace

import pytest
from django.utils import timezone

from protection.actions.cases import CaseDetails, CaseError, change_status, open_case
from protection.models import Case, Category, Door, Level, Severity, Status, case_for_code_and_pin
from tests.cast import Cast

pytestmark = pytest.mark.django_db


def test_it_routes_a_named_workers_case_to_their_lpk_with_a_24_hour_clock(cast: Cast) -> None:
    now = timezone.now()
    case = open_case(
        details=CaseDetails(category=Category.WAGES, description="Gaji saya dipotong.", participant=cast.budi),
        door=Door.PARTICIPANT,
        by=cast.participant_user,
        now=now,
    )
    assert case.assigned_organization == cast.lpk
    assert case.acknowledge_by == now + datetime.timedelta(hours=24)
    assert case.level == Level.SENDING_ORGANIZATION
    assert case.tracking_code == ""


def test_it_sends_violence_to_the_ministry_and_embassy_at_once(cast: Cast) -> None:
    case = open_case(
        details=CaseDetails(category=Category.VIOLENCE, description="Saya dipukul.", participant=cast.budi),
        door=Door.PARTICIPANT,
        by=cast.participant_user,
    )
    assert case.level == Level.MINISTRY_AND_EMBASSY
    assert case.severity == Severity.URGENT
    assert case.assigned_organization == cast.ministry
    assert case.escalations.get().by is None


def test_it_gives_an_anonymous_reporter_a_code_and_keeps_only_the_pins_hash(cast: Cast) -> None:
    case = open_case(
        details=CaseDetails(category=Category.HOUSING, description="Asrama bocor."),
        door=Door.ANONYMOUS,
        by=None,
        pin="482913",
    )
    assert case.recorded_by is None
    assert case.participant is None
    assert "482913" not in case.pin_hash
    assert case_for_code_and_pin(case.tracking_code.lower().replace("-", " "), "482913") == case
    assert case_for_code_and_pin(case.tracking_code, "000000") is None
    assert case_for_code_and_pin("AAAA-BBBB-CCCC", "482913") is None


def test_it_refuses_an_empty_story_and_a_missing_pin(cast: Cast) -> None:
    with pytest.raises(CaseError):
        open_case(details=CaseDetails(category=Category.OTHER, description="  "), door=Door.PARTICIPANT, by=None)
    with pytest.raises(CaseError):
        open_case(details=CaseDetails(category=Category.OTHER, description="x"), door=Door.ANONYMOUS, by=None)
    assert not Case.objects.exists()


def test_it_refuses_a_stale_form_and_a_transition_the_table_forbids(cast: Cast) -> None:
    case = open_case(
        details=CaseDetails(category=Category.WAGES, description="x", participant=cast.budi),
        door=Door.HOTLINE,
        by=cast.lpk_officer,
    )
    with pytest.raises(CaseError):
        change_status(case_id=case.pk, to=Status.CLOSED, by=cast.lpk_officer, version=case.version)
    moved = change_status(case_id=case.pk, to=Status.ACKNOWLEDGED, by=cast.lpk_officer, version=case.version)
    assert moved.acknowledged_at is not None
    with pytest.raises(CaseError):
        change_status(case_id=case.pk, to=Status.IN_PROGRESS, by=cast.lpk_officer, version=case.version)


def test_it_sends_any_case_marked_urgent_to_the_ministry_and_embassy_at_once(cast: Cast) -> None:
    details = CaseDetails(category=Category.UNSAFE_WORK, description="Mesin tanpa pelindung.", participant=cast.budi)
    serious = open_case(details=replace(details, severity=Severity.SERIOUS), door=Door.HOTLINE, by=cast.lpk_officer)
    urgent = open_case(details=replace(details, severity=Severity.URGENT), door=Door.HOTLINE, by=cast.lpk_officer)
    assert (serious.level, serious.assigned_organization) == (Level.SENDING_ORGANIZATION, cast.lpk)
    assert (urgent.level, urgent.assigned_organization) == (Level.MINISTRY_AND_EMBASSY, cast.ministry)
