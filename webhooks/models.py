"""Endpoints that organizations register, and the log of what was sent to them.

An ``Endpoint`` receives the status changes its organization may see on its
own pages. Each event it is sent becomes a ``Delivery``: one signed POST,
tried until it is answered with a 2xx or given up, and each try is an
``Attempt`` row, so the log shows every answer the receiver gave.
"""

from __future__ import annotations

import datetime
import ipaddress
import uuid
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.db.models.fields.related_descriptors import RelatedManager
    from django_stubs_ext import StrOrPromise


class EventKind(models.TextChoices):
    PARTICIPANT_STATUS = "participant.status_changed", _("A participant's status changed")
    PLACEMENT_STATUS = "placement.status_changed", _("A placement's status changed")
    GRIEVANCE_STATUS = "grievance.status_changed", _("A grievance's status changed")
    JOB_ORDER_STATUS = "job_order.status_changed", _("A job order's status changed")
    OFFER_STATUS = "offer.status_changed", _("An offer's status changed")
    # Sent only by the "send a test event" button, to one endpoint; nobody subscribes to it.
    PING = "ping", _("Test event")


SUBSCRIBABLE = [kind for kind in EventKind if kind != EventKind.PING]

# What is kept of a receiver's error or answer: enough to see what went wrong.
ERROR_CHARACTERS = 500
# Hosts a plain-http endpoint may name (WEBHOOKS_ALLOW_HTTP or DEBUG).
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})

URL_NOT_HTTPS = _("The address must start with https://.")
URL_NO_HOST = _("The address has no host name.")
URL_WITH_PASSWORD = _("Put no user name or password in the address: each delivery is signed instead.")
URL_INTERNAL = _("This address points at this server's own network, which webhooks may not reach.")


def url_problem(url: str) -> StrOrPromise | None:
    """Why ``url`` cannot receive webhooks, or None if it can.

    https only, so the payload and its signature travel encrypted; plain http
    only to this machine, for tests and a developer's own receiver. Loopback,
    link-local (cloud metadata services) and unspecified addresses are refused
    over https too: an organization's administrator must not be able to make
    the server call itself."""
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").lower()
    except ValueError:  # e.g. an unclosed [IPv6 bracket
        return URL_NO_HOST
    if not host:
        return URL_NO_HOST
    if parts.username or parts.password:
        return URL_WITH_PASSWORD
    if parts.scheme == "http" and host in LOCAL_HOSTS and (settings.DEBUG or settings.WEBHOOKS_ALLOW_HTTP):
        return None
    if parts.scheme != "https":
        return URL_NOT_HTTPS
    return URL_INTERNAL if _internal(host) else None


def _internal(host: str) -> bool:
    if host in LOCAL_HOSTS or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_link_local or address.is_unspecified or address.is_multicast


class EndpointQuerySet(models.QuerySet["Endpoint"]):
    def receiving(self, kind: str) -> EndpointQuerySet:
        """Active endpoints of active organizations subscribed to ``kind``.
        The kinds are a short JSON array of strings; the quoted kind matches
        only itself in its text (JSON ``contains`` is not on SQLite)."""
        return self.filter(active=True, organization__is_active=True, event_kinds__icontains=f'"{kind}"')


class Endpoint(models.Model):
    organization = models.ForeignKey(
        "accounts.Organization", verbose_name=_("organization"), on_delete=models.CASCADE, related_name="+"
    )
    url = models.URLField(_("URL"), max_length=500)
    # The signing secret is never stored: it is derived from WEBHOOK_SECRET_KEY
    # and this random salt (webhooks.signing.secret_for), shown once, and
    # derived again for each delivery. A copy of the database alone signs nothing.
    secret_salt = models.CharField(max_length=64)
    # The secret's first characters, so an administrator can tell which one a receiver holds.
    secret_hint = models.CharField(_("secret begins with"), max_length=12)
    secret_changed_at = models.DateTimeField(_("secret made at"), default=timezone.now)
    event_kinds = models.JSONField(_("events"), default=list)
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    objects = EndpointQuerySet.as_manager()

    if TYPE_CHECKING:
        deliveries: RelatedManager[Delivery]

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        ordering = ["organization__name", "url", "pk"]

    def __str__(self) -> str:
        return self.url

    def kind_labels(self) -> list[str]:
        return [str(EventKind(kind).label) for kind in self.event_kinds if kind in EventKind.values]


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("waiting to be sent")
    DELIVERED = "delivered", _("delivered")
    FAILED = "failed", _("failed, will be tried again")
    GIVEN_UP = "given_up", _("given up")


# A delivery being sent (pending or failed) may be delivered, fail again or be
# given up; a given-up one may be sent again by hand; a delivered one is done.
ALLOWED_TRANSITIONS: dict[DeliveryStatus, frozenset[DeliveryStatus]] = {
    DeliveryStatus.PENDING: frozenset({DeliveryStatus.DELIVERED, DeliveryStatus.FAILED, DeliveryStatus.GIVEN_UP}),
    DeliveryStatus.FAILED: frozenset(
        {DeliveryStatus.DELIVERED, DeliveryStatus.FAILED, DeliveryStatus.GIVEN_UP, DeliveryStatus.PENDING}
    ),
    DeliveryStatus.GIVEN_UP: frozenset({DeliveryStatus.PENDING}),
    DeliveryStatus.DELIVERED: frozenset(),
}
SENDING = (DeliveryStatus.PENDING, DeliveryStatus.FAILED)


class DeliveryQuerySet(models.QuerySet["Delivery"]):
    def due(self, now: datetime.datetime) -> DeliveryQuerySet:
        """Deliveries whose next attempt has come (the sweep sends them)."""
        return self.filter(status__in=SENDING, next_attempt_at__lte=now)


class Delivery(models.Model):
    endpoint = models.ForeignKey(
        Endpoint, verbose_name=_("endpoint"), on_delete=models.CASCADE, related_name="deliveries"
    )
    # Sent as Jembatan-Delivery: the same on every attempt, so a receiver can drop repeats.
    delivery_id = models.UUIDField(_("delivery"), default=uuid.uuid4, unique=True, editable=False)
    # The same for every endpoint the event went to.
    event_id = models.UUIDField(_("event id"))
    event_kind = models.CharField(_("event kind"), max_length=40, choices=EventKind.choices)
    payload = models.JSONField(_("payload"))
    # Attempts since the delivery was (last) queued; its Attempt rows keep every one.
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    last_response_code = models.PositiveSmallIntegerField(_("last answer"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=ERROR_CHARACTERS, blank=True)
    # When the next attempt may start; while one is under way, the end of its
    # lease (see actions.claim_attempt). Empty once delivered or given up.
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    objects = DeliveryQuerySet.as_manager()

    if TYPE_CHECKING:
        attempt_log: RelatedManager[Attempt]

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # A fan-out task run twice (a worker killed after it wrote) makes no second delivery.
            models.UniqueConstraint(fields=["endpoint", "event_id"], name="one_delivery_per_event_and_endpoint")
        ]
        indexes = [
            # The sweep: deliveries still being sent, by when they are due.
            models.Index(
                fields=["next_attempt_at"], condition=Q(status__in=["pending", "failed"]), name="delivery_due"
            ),
            # An endpoint's log, newest first.
            models.Index(fields=["endpoint", "-created_at"], name="delivery_log"),
        ]

    def __str__(self) -> str:
        return f"{self.event_kind} → {self.endpoint_id} ({self.status})"

    def can_move_to(self, status: DeliveryStatus) -> bool:
        return status in ALLOWED_TRANSITIONS[DeliveryStatus(self.status)]

    @property
    def may_send_again(self) -> bool:
        return self.status in (DeliveryStatus.FAILED, DeliveryStatus.GIVEN_UP)


class Attempt(models.Model):
    """One POST of a delivery and what came of it."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="attempt_log")
    number = models.PositiveSmallIntegerField(_("attempt"))
    started_at = models.DateTimeField(_("started at"))
    duration_ms = models.PositiveIntegerField(_("took (ms)"), default=0)
    # None when no answer came (refused, timed out, TLS error).
    response_code = models.PositiveSmallIntegerField(_("answer"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=ERROR_CHARACTERS, blank=True)

    class Meta:
        verbose_name = _("webhook attempt")
        verbose_name_plural = _("webhook attempts")
        ordering = ["delivery", "number"]
        constraints = [models.UniqueConstraint(fields=["delivery", "number"], name="one_attempt_per_number")]

    def __str__(self) -> str:
        return f"{self.delivery_id} #{self.number}: {self.response_code or self.error}"

    @property
    def succeeded(self) -> bool:
        return self.response_code is not None and 200 <= self.response_code < 300
