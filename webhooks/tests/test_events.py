"""Which changes become events, and which endpoints get them: only the
organizations whose pages show the record, only after the change commits."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import transaction
from django.test import Client

from participants.models import Status
from placements.actions.offers import withdraw_offer
from placements.models import Placement
from placements.tests.world import budis_selection
from protection.actions.cases import change_status as change_case_status
from protection.models import Body
from protection.models import Status as CaseStatus
from protection.tests.case_world import CONTACT, MESSAGE, STORY, budis_case, referred_case
from tests.cast import Cast, walk
from webhooks.models import Delivery, DeliveryStatus, EventKind
from webhooks.tests.receiver import Receiver
from webhooks.tests.world import endpoint_for

pytestmark = pytest.mark.django_db

Capture = Any


def test_it_delivers_budis_status_change_signed_to_his_lpks_endpoint(
    cast: Cast, receiver: Receiver, django_capture_on_commit_callbacks: Capture
) -> None:
    endpoint = endpoint_for(cast.lpk, receiver)
    with django_capture_on_commit_callbacks(execute=True):
        walk(cast.budi, [Status.IN_TRAINING], cast.lpk_officer)

    [got] = receiver.received
    assert got.signature_valid
    assert got.event == EventKind.PARTICIPANT_STATUS
    delivery = Delivery.objects.get(endpoint=endpoint)
    assert got.delivery == str(delivery.delivery_id)
    assert delivery.status == DeliveryStatus.DELIVERED
    payload = got.payload
    assert payload["kind"] == "participant.status_changed"
    assert payload["subject"] == {"type": "participant", "id": cast.budi.pk}
    assert (payload["from_status"], payload["to_status"]) == ("registered", "in_training")
    assert payload["id"] == str(delivery.event_id)
    assert set(payload) == {"id", "kind", "occurred_at", "subject", "from_status", "to_status"}


def test_it_never_sends_budis_event_to_another_lpk(
    cast: Cast, new_receiver: Callable[[], Receiver], django_capture_on_commit_callbacks: Capture
) -> None:
    own, other = new_receiver(), new_receiver()
    endpoint_for(cast.lpk, own)
    endpoint_for(cast.other_lpk, other)
    with django_capture_on_commit_callbacks(execute=True):
        walk(cast.budi, [Status.IN_TRAINING], cast.lpk_officer)
        walk(cast.siti, [Status.RETURNED], cast.other_lpk_officer)

    assert [r.payload["subject"]["id"] for r in own.received] == [cast.budi.pk]
    assert [r.payload["subject"]["id"] for r in other.received] == [cast.siti.pk]
    assert all(r.signature_valid for r in own.received + other.received)


def test_it_sends_nothing_for_a_rolled_back_change(
    cast: Cast, receiver: Receiver, django_capture_on_commit_callbacks: Capture
) -> None:
    endpoint_for(cast.lpk, receiver)

    def change_then_fail() -> None:
        with transaction.atomic():
            walk(cast.budi, [Status.IN_TRAINING], cast.lpk_officer)
            raise RuntimeError("the request failed after the change")

    capture = django_capture_on_commit_callbacks(execute=True)
    with capture as callbacks, pytest.raises(RuntimeError):
        change_then_fail()

    assert callbacks == []
    assert receiver.received == []
    assert not Delivery.objects.exists()
    cast.budi.refresh_from_db()
    assert cast.budi.status == Status.REGISTERED


def test_it_sends_nothing_for_the_status_a_record_is_created_with(
    cast: Cast, receiver: Receiver, django_capture_on_commit_callbacks: Capture
) -> None:
    endpoint_for(cast.lpk, receiver)
    with django_capture_on_commit_callbacks(execute=True):
        budis_case(cast)  # a new case: "new" is its first status, not a change

    assert receiver.received == []


def test_it_never_sends_a_grievance_to_the_japanese_side_it_was_not_referred_to(
    cast: Cast, new_receiver: Callable[[], Receiver], django_capture_on_commit_callbacks: Capture
) -> None:
    lpk, supervising, company = new_receiver(), new_receiver(), new_receiver()
    endpoint_for(cast.lpk, lpk)
    endpoint_for(cast.supervising, supervising)
    endpoint_for(cast.company, company)
    case = budis_case(cast)  # names the company and its supervising organization
    with django_capture_on_commit_callbacks(execute=True):
        change_case_status(case_id=case.pk, to=CaseStatus.ACKNOWLEDGED, by=cast.lpk_officer, version=case.version)

    assert [r.event for r in lpk.received] == [EventKind.GRIEVANCE_STATUS]
    assert supervising.received == []
    assert company.received == []


def test_it_sends_a_referred_grievance_to_the_japanese_side_without_the_reporter(
    cast: Cast, new_receiver: Callable[[], Receiver], django_capture_on_commit_callbacks: Capture
) -> None:
    supervising, company = new_receiver(), new_receiver()
    endpoint_for(cast.supervising, supervising)
    endpoint_for(cast.company, company)
    case = referred_case(cast, Body.SUPERVISING_ORGANIZATION)
    case.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        change_case_status(case_id=case.pk, to=CaseStatus.IN_PROGRESS, by=cast.lpk_officer, version=case.version)

    [got] = supervising.received
    assert got.signature_valid
    assert got.payload["subject"] == {"type": "grievance", "id": case.pk}
    assert set(got.payload) == {"id", "kind", "occurred_at", "subject", "from_status", "to_status"}
    text = got.body.decode()
    for personal in (STORY, MESSAGE, CONTACT, "Budi", "participant"):
        assert personal not in text
    assert company.received == []


def test_it_sends_job_order_offer_and_placement_changes_to_those_who_see_them(
    cast: Cast, new_receiver: Callable[[], Receiver], django_capture_on_commit_callbacks: Capture
) -> None:
    lpk, company, other = new_receiver(), new_receiver(), new_receiver()
    endpoint_for(cast.lpk, lpk, kinds=[EventKind.JOB_ORDER_STATUS, EventKind.OFFER_STATUS, EventKind.PLACEMENT_STATUS])
    endpoint_for(cast.company, company, kinds=[EventKind.JOB_ORDER_STATUS, EventKind.OFFER_STATUS])
    endpoint_for(cast.other_lpk, other)
    with django_capture_on_commit_callbacks(execute=True):
        selection = budis_selection(cast)
        withdraw_offer(offer_id=selection.offer.pk, reason="The company closed the line.", by=cast.company_officer)

    placement = Placement.objects.get(participant=cast.budi)
    changes = {(r.event, r.payload["from_status"], r.payload["to_status"]) for r in lpk.received}
    assert (EventKind.JOB_ORDER_STATUS, "draft", "open") in changes
    assert (EventKind.OFFER_STATUS, "sent", "accepted") in changes
    assert (EventKind.PLACEMENT_STATUS, "preparing", "cancelled") in changes
    placement_events = [r for r in lpk.received if r.event == EventKind.PLACEMENT_STATUS]
    assert [r.payload["subject"] for r in placement_events] == [{"type": "placement", "id": placement.pk}]
    # The company subscribed to job orders and offers only.
    assert {r.event for r in company.received} == {EventKind.JOB_ORDER_STATUS, EventKind.OFFER_STATUS}
    # LPK Fuji serves none of it and enrols none of them.
    assert other.received == []
    assert all(r.signature_valid for r in lpk.received + company.received)


def test_it_sends_nothing_to_a_disabled_endpoint_or_for_an_event_not_chosen(
    cast: Cast, new_receiver: Callable[[], Receiver], django_capture_on_commit_callbacks: Capture, client: Client
) -> None:
    disabled, grievances_only = new_receiver(), new_receiver()
    endpoint = endpoint_for(cast.lpk, disabled)
    endpoint_for(cast.lpk, grievances_only, kinds=[EventKind.GRIEVANCE_STATUS])
    endpoint.active = False
    endpoint.save(update_fields=["active"])
    with django_capture_on_commit_callbacks(execute=True):
        walk(cast.budi, [Status.IN_TRAINING], cast.lpk_officer)

    assert disabled.received == []
    assert grievances_only.received == []
    assert not Delivery.objects.exists()


def test_it_sends_nothing_once_the_organization_is_inactive(
    cast: Cast, receiver: Receiver, django_capture_on_commit_callbacks: Capture
) -> None:
    endpoint_for(cast.lpk, receiver)
    cast.lpk.is_active = False
    cast.lpk.save(update_fields=["is_active"])
    with django_capture_on_commit_callbacks(execute=True):
        walk(cast.budi, [Status.IN_TRAINING], cast.lpk_officer)

    assert receiver.received == []
