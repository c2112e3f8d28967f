"""The webhook pages, through real URLs, for the organizations' administrators."""

from __future__ import annotations

import pytest
from django.test import Client

from accounts.models import User
from audit.models import AuditAction, AuditEntry
from tests.cast import Cast
from webhooks import signing
from webhooks.models import Delivery, DeliveryStatus, Endpoint, EventKind
from webhooks.tests.receiver import Receiver
from webhooks.tests.world import admin_of, endpoint_for

pytestmark = pytest.mark.django_db

ACTIONS = ["active", "rotate", "delete", "test"]


@pytest.fixture
def lpk_admin(cast: Cast) -> User:
    return admin_of(cast.lpk)


def logged_in(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


def add(client: Client, cast: Cast, **overrides: object) -> Client:
    data: dict[str, object] = {
        "organization": cast.lpk.pk,
        "url": "https://partner.example/jembatan/events",
        "event_kinds": [EventKind.PARTICIPANT_STATUS, EventKind.GRIEVANCE_STATUS],
    }
    data.update(overrides)
    client.post("/webhooks/", data)
    return client


def test_it_shows_an_administrator_their_own_organizations_endpoints(
    english: Client, cast: Cast, lpk_admin: User
) -> None:
    own = endpoint_for(cast.lpk, url="https://sakura.example/hooks")
    endpoint_for(cast.other_lpk, url="https://fuji.example/hooks")

    page = logged_in(english, lpk_admin).get("/webhooks/")
    assert page.status_code == 200
    assert list(page.context["endpoints"]) == [own]
    assert b"fuji.example" not in page.content
    assert english.get(f"/webhooks/{own.pk}/").status_code == 200


def test_it_shows_a_ministry_administrator_every_endpoint(english: Client, cast: Cast) -> None:
    endpoint_for(cast.lpk, url="https://sakura.example/hooks")
    endpoint_for(cast.other_lpk, url="https://fuji.example/hooks")

    page = logged_in(english, cast.ministry_admin).get("/webhooks/")
    assert len(page.context["endpoints"]) == 2


@pytest.mark.parametrize("persona", ["lpk_officer", "lpk_viewer", "ministry_officer", "participant_user", "outsider"])
def test_it_hides_the_pages_from_everyone_but_administrators(client: Client, cast: Cast, persona: str) -> None:
    endpoint = endpoint_for(cast.lpk)
    logged_in(client, getattr(cast, persona))
    assert client.get("/webhooks/").status_code == 404
    assert client.get(f"/webhooks/{endpoint.pk}/").status_code == 404
    for action in ACTIONS:
        assert client.post(f"/webhooks/{endpoint.pk}/{action}/", {"confirm": "yes"}).status_code == 404
    assert Endpoint.objects.get().active


def test_it_hides_another_organizations_endpoint_from_its_administrator(client: Client, cast: Cast) -> None:
    endpoint = endpoint_for(cast.lpk)
    logged_in(client, admin_of(cast.other_lpk))
    assert client.get(f"/webhooks/{endpoint.pk}/").status_code == 404
    for action in ACTIONS:
        assert client.post(f"/webhooks/{endpoint.pk}/{action}/", {"confirm": "yes"}).status_code == 404
    assert Endpoint.objects.filter(pk=endpoint.pk, active=True).exists()


def test_it_sends_anonymous_visitors_to_the_login_page(client: Client, cast: Cast) -> None:
    response = client.get("/webhooks/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("action", ACTIONS)
def test_it_refuses_get_on_an_action(client: Client, cast: Cast, action: str) -> None:
    endpoint = endpoint_for(cast.lpk)
    logged_in(client, cast.ministry_admin)
    assert client.get(f"/webhooks/{endpoint.pk}/{action}/").status_code == 405


def test_it_adds_an_endpoint_and_shows_its_secret_once(english: Client, cast: Cast, lpk_admin: User) -> None:
    logged_in(english, lpk_admin)
    response = english.post(
        "/webhooks/",
        {
            "organization": cast.lpk.pk,
            "url": " https://partner.example/jembatan/events ",
            "event_kinds": [EventKind.PARTICIPANT_STATUS, EventKind.OFFER_STATUS],
        },
    )
    endpoint = Endpoint.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/webhooks/{endpoint.pk}/secret/"
    assert (endpoint.organization, endpoint.url, endpoint.created_by) == (
        cast.lpk,
        "https://partner.example/jembatan/events",
        lpk_admin,
    )
    assert endpoint.event_kinds == [EventKind.PARTICIPANT_STATUS, EventKind.OFFER_STATUS]

    shown = english.get(response["Location"])
    secret = signing.secret_for(endpoint.secret_salt)
    assert shown.status_code == 200
    assert secret.encode() in shown.content
    assert "no-store" in shown["Cache-Control"]
    again = english.get(response["Location"])
    assert again.status_code == 302
    assert secret.encode() not in english.get(f"/webhooks/{endpoint.pk}/").content
    assert AuditEntry.objects.for_object(endpoint).filter(action=AuditAction.CREATED, actor=lpk_admin).exists()


def test_it_shows_no_secret_of_one_endpoint_on_anothers_page(english: Client, cast: Cast, lpk_admin: User) -> None:
    add(logged_in(english, lpk_admin), cast)
    first = Endpoint.objects.get()
    second = endpoint_for(cast.lpk, url="https://second.example/hooks")
    response = english.get(f"/webhooks/{second.pk}/secret/")
    assert response.status_code == 302
    assert signing.secret_for(first.secret_salt).encode() not in english.get(response["Location"]).content


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"url": "http://partner.example/hooks"}, "url", "The address must start with https://."),
        ({"url": "https://169.254.169.254/"}, "url", "This address points at this server's own network"),
        ({"url": ""}, "url", "This field is required."),
        ({"event_kinds": []}, "event_kinds", "Choose at least one event."),
        ({"event_kinds": ["ping"]}, "event_kinds", "Select a valid choice."),
    ],
)
def test_it_refuses_a_bad_endpoint_at_its_field(
    english: Client, cast: Cast, lpk_admin: User, *, overrides: dict[str, object], field: str, message: str
) -> None:
    logged_in(english, lpk_admin)
    data: dict[str, object] = {
        "organization": cast.lpk.pk,
        "url": "https://partner.example/hooks",
        "event_kinds": [EventKind.PARTICIPANT_STATUS],
    }
    data.update(overrides)
    response = english.post("/webhooks/", data)

    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert not Endpoint.objects.exists()


def test_it_refuses_an_endpoint_for_an_organization_the_user_does_not_administer(
    english: Client, cast: Cast, lpk_admin: User
) -> None:
    add(logged_in(english, lpk_admin), cast, organization=cast.other_lpk.pk)
    assert not Endpoint.objects.exists()


def test_it_disables_and_enables_an_endpoint(english: Client, cast: Cast, lpk_admin: User) -> None:
    endpoint = endpoint_for(cast.lpk)
    logged_in(english, lpk_admin)

    response = english.post(f"/webhooks/{endpoint.pk}/active/", {"active": "0"}, follow=True)
    assert b"Disabled: nothing is sent." in response.content
    endpoint.refresh_from_db()
    assert not endpoint.active
    english.post(f"/webhooks/{endpoint.pk}/active/", {"active": "1"})
    endpoint.refresh_from_db()
    assert endpoint.active


def test_it_rotates_the_secret_and_shows_the_new_one_once(english: Client, cast: Cast, lpk_admin: User) -> None:
    endpoint = endpoint_for(cast.lpk)
    old = signing.secret_for(endpoint.secret_salt)
    logged_in(english, lpk_admin)

    response = english.post(f"/webhooks/{endpoint.pk}/rotate/")
    endpoint.refresh_from_db()
    new = signing.secret_for(endpoint.secret_salt)
    assert response["Location"] == f"/webhooks/{endpoint.pk}/secret/"
    shown = english.get(response["Location"]).content
    assert new.encode() in shown
    assert old.encode() not in shown
    assert new != old


def test_it_deletes_an_endpoint_only_when_confirmed(english: Client, cast: Cast, lpk_admin: User) -> None:
    endpoint = endpoint_for(cast.lpk)
    logged_in(english, lpk_admin)

    refused = english.post(f"/webhooks/{endpoint.pk}/delete/")
    assert refused.status_code == 400
    assert b"Tick the box to confirm" in refused.content
    assert Endpoint.objects.exists()
    done = english.post(f"/webhooks/{endpoint.pk}/delete/", {"confirm": "yes"})
    assert done.status_code == 302
    assert not Endpoint.objects.exists()


# Committed for real, as a request is: the answer reports the attempt made after the commit.
@pytest.mark.django_db(transaction=True)
def test_it_sends_a_test_event_to_the_receiver(
    english: Client, cast: Cast, lpk_admin: User, receiver: Receiver
) -> None:
    endpoint = endpoint_for(cast.lpk, receiver)
    logged_in(english, lpk_admin)
    response = english.post(f"/webhooks/{endpoint.pk}/test/", follow=True)

    [got] = receiver.received
    assert got.signature_valid
    assert got.payload["subject"] == {"type": "endpoint", "id": endpoint.pk}
    assert b"Sent: the receiver answered 200." in response.content
    assert response.context["deliveries"][0].status == DeliveryStatus.DELIVERED


# Committed for real, as a request is: the answer reports the attempt made after the commit.
@pytest.mark.django_db(transaction=True)
def test_it_tells_when_the_receiver_refused_the_test_event(
    english: Client, cast: Cast, lpk_admin: User, receiver: Receiver
) -> None:
    receiver.answers = [500]
    endpoint = endpoint_for(cast.lpk, receiver)
    logged_in(english, lpk_admin)
    response = english.post(f"/webhooks/{endpoint.pk}/test/", follow=True)

    assert b"The receiver did not accept it: HTTP 500" in response.content
    assert b"Send again" in response.content


# Committed for real, as a request is: the answer reports the attempt made after the commit.
@pytest.mark.django_db(transaction=True)
def test_it_sends_a_failed_delivery_again_from_the_log(
    english: Client, cast: Cast, lpk_admin: User, receiver: Receiver
) -> None:
    receiver.answers = [500]
    endpoint = endpoint_for(cast.lpk, receiver)
    logged_in(english, lpk_admin)
    english.post(f"/webhooks/{endpoint.pk}/test/")
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.FAILED
    response = english.post(f"/webhooks/deliveries/{delivery.pk}/send-again/")

    assert response.status_code == 302
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.DELIVERED, 2)
    assert len(receiver.received) == 2
    again = english.post(f"/webhooks/deliveries/{delivery.pk}/send-again/", follow=True)
    assert b"Only a failed or given-up delivery can be sent again." in again.content


def test_it_hides_another_organizations_delivery(client: Client, cast: Cast) -> None:
    endpoint = endpoint_for(cast.lpk)
    delivery = Delivery.objects.create(
        endpoint=endpoint,
        event_id="0b8f0c1e-3a43-4c4b-9a43-8e2d2c0a6f11",
        event_kind=EventKind.PING,
        payload={},
        status=DeliveryStatus.GIVEN_UP,
    )
    logged_in(client, admin_of(cast.other_lpk))
    assert client.post(f"/webhooks/deliveries/{delivery.pk}/send-again/").status_code == 404
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.GIVEN_UP
