"""A protection case: a grievance a worker raised, in their own words, and
everything done about it.

The reporter's identity is the most sensitive thing here. A case names the
company and supervising organization it is about, but they do not learn of
the case before a referral to them, and never learn who reported it unless
the reporter consented (a ``Consent`` row for that purpose). An anonymous
case stores nothing that identifies its reporter: no account, no address, no
device; they follow it with a tracking code and a PIN whose hash alone is kept.
"""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lib.encrypted import EncryptedCharField, EncryptedTextField

# Tracking codes avoid letters and digits a tired reader confuses (0/O, 1/I/L).
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_GROUPS = 3
CODE_GROUP_LENGTH = 4
# Every case is acknowledged within a day, whatever its severity.
ACKNOWLEDGE_WITHIN = datetime.timedelta(hours=24)
# A stand-in hash checked when a tracking code is unknown, so a wrong code
# costs as long as a wrong PIN and the answer does not reveal which was wrong.
_DUMMY_PIN_HASH = make_password("not-a-pin")


class Door(models.TextChoices):
    """How the case came in."""

    PARTICIPANT = "participant", _("the worker's own login")
    HOTLINE = "hotline", _("hotline call recorded by staff")
    VISIT = "visit", _("visit recorded by staff")
    ANONYMOUS = "anonymous", _("anonymous, without login")
    CHECK_IN = "check_in", _("monthly check-in answer")
    DISPUTE = "dispute", _("disputed ledger line")


class Category(models.TextChoices):
    WAGES = "wages", _("unpaid or under-paid wages")
    OVERTIME = "overtime", _("excessive overtime")
    DOCUMENTS_WITHHELD = "documents_withheld", _("passport or residence card withheld")
    VIOLENCE = "violence", _("violence")
    SEXUAL_HARASSMENT = "sexual_harassment", _("sexual harassment")
    HARASSMENT = "harassment", _("other harassment")
    UNSAFE_WORK = "unsafe_work", _("unsafe work")
    HOUSING = "housing", _("housing")
    FEES_OR_DEBTS = "fees_or_debts", _("fees or debts charged")
    FORCED_RETURN = "forced_return", _("forced return")
    CONTRACT_SUBSTITUTION = "contract_substitution", _("contract substitution")
    OTHER = "other", _("other")

    @property
    def escalates_at_once(self) -> bool:
        """Violence, a withheld passport or a forced return cannot wait for
        the sending organization: they go to the ministry and embassy at once."""
        return self in _AT_ONCE


_AT_ONCE = frozenset({Category.VIOLENCE, Category.DOCUMENTS_WITHHELD, Category.FORCED_RETURN})


class Severity(models.TextChoices):
    NORMAL = "normal", _("normal")
    SERIOUS = "serious", _("serious")
    URGENT = "urgent", _("urgent: danger to the worker")


class Status(models.TextChoices):
    NEW = "new", _("new")
    ACKNOWLEDGED = "acknowledged", _("acknowledged")
    IN_PROGRESS = "in_progress", _("being handled")
    RESOLVED = "resolved", _("resolved")
    CLOSED = "closed", _("closed")


# A resolved or closed case reopens into handling: the worker says it is not over.
TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.NEW: frozenset({Status.ACKNOWLEDGED, Status.IN_PROGRESS}),
    Status.ACKNOWLEDGED: frozenset({Status.IN_PROGRESS, Status.RESOLVED}),
    Status.IN_PROGRESS: frozenset({Status.RESOLVED}),
    Status.RESOLVED: frozenset({Status.CLOSED, Status.IN_PROGRESS}),
    Status.CLOSED: frozenset({Status.IN_PROGRESS}),
}
OPEN_STATUSES = frozenset({Status.NEW, Status.ACKNOWLEDGED, Status.IN_PROGRESS})


class Level(models.IntegerChoices):
    """The escalation chain: the worker's LPK/SO first, then the supervising
    organization, then the ministry and the embassy."""

    SENDING_ORGANIZATION = 1, _("LPK/SO")
    SUPERVISING_ORGANIZATION = 2, _("supervising organization")
    MINISTRY_AND_EMBASSY = 3, _("ministry and embassy")


class Remedy(models.TextChoices):
    WAGES_PAID_BACK = "wages_paid_back", _("wages paid back")
    FEES_REFUNDED = "fees_refunded", _("fees refunded")
    DOCUMENTS_RETURNED = "documents_returned", _("passport or residence card returned")
    TRANSFER = "transfer", _("transfer to another employer")
    RETURN_HOME = "return_home", _("return home")
    CONDITIONS_CHANGED = "conditions_changed", _("working or living conditions changed")
    NONE = "none", _("no remedy")


def new_tracking_code() -> str:
    groups = ("".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_GROUP_LENGTH)) for _ in range(CODE_GROUPS))
    return "-".join(groups)


def normalized_tracking_code(typed: str) -> str:
    """A code as people type it back (lower case, spaces, no dashes) in its stored form."""
    letters = "".join(ch for ch in typed.upper() if ch in CODE_ALPHABET)
    if len(letters) != CODE_GROUPS * CODE_GROUP_LENGTH:
        return ""
    return "-".join(letters[i : i + CODE_GROUP_LENGTH] for i in range(0, len(letters), CODE_GROUP_LENGTH))


class CaseQuerySet(models.QuerySet["Case"]):
    def open(self) -> CaseQuerySet:
        return self.filter(status__in=OPEN_STATUSES)

    def unacknowledged_past(self, moment: datetime.datetime) -> CaseQuerySet:
        """Cases whose 24-hour clock ran out at ``moment`` without an acknowledgement."""
        return self.filter(status=Status.NEW, acknowledge_by__lt=moment)

    def named_to(self, organizations: list[int]) -> CaseQuerySet:
        """Cases that name one of these organizations as employer or supervisor."""
        return self.filter(Q(company__in=organizations) | Q(supervising_organization__in=organizations))

    def newest_first(self) -> CaseQuerySet:
        return self.order_by("-opened_at", "-pk")


class Case(models.Model):
    # Anonymous cases only: the code the reporter follows the case with, and
    # the salted hash of the PIN they chose. Never the PIN itself.
    tracking_code = models.CharField(_("tracking code"), max_length=14, blank=True)
    pin_hash = models.CharField(max_length=200, blank=True, editable=False)
    door = models.CharField(_("how it came in"), max_length=20, choices=Door.choices)
    # The worker concerned, when known: empty for an anonymous reporter who
    # gave no name, and hidden from the organizations the case names.
    participant = models.ForeignKey(
        "participants.Participant",
        verbose_name=_("worker"),
        on_delete=models.PROTECT,
        related_name="protection_cases",
        null=True,
        blank=True,
    )
    placement = models.ForeignKey(
        "placements.Placement",
        verbose_name=_("placement"),
        on_delete=models.PROTECT,
        related_name="protection_cases",
        null=True,
        blank=True,
    )
    # An anonymous reporter who chooses to give a name or a way to reach them.
    reporter_name = EncryptedCharField(_("reporter's name"), max_length=200, blank=True)
    reporter_contact = EncryptedCharField(_("how to reach the reporter"), max_length=200, blank=True)
    company = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("company concerned"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    supervising_organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("supervising organization concerned"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    category = models.CharField(_("what it is about"), max_length=30, choices=Category.choices)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices, default=Severity.NORMAL)
    # The language the reporter wrote in (a language code), so a handler can
    # answer in it and a translation can be asked for.
    language = models.CharField(_("language"), max_length=10, default="id")
    description = EncryptedTextField(_("what happened"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NEW)
    status_changed_at = models.DateTimeField(_("status changed at"), default=timezone.now)
    assigned_organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("handled by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handler"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    level = models.PositiveSmallIntegerField(
        _("escalated to"), choices=Level.choices, default=Level.SENDING_ORGANIZATION
    )
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    acknowledge_by = models.DateTimeField(_("acknowledge by"))
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    outcome = EncryptedTextField(_("outcome"), blank=True)
    remedy = models.CharField(_("remedy"), max_length=30, choices=Remedy.choices, blank=True)
    # Staff who recorded a call or visit, or the worker's own account; empty
    # for an anonymous case, which keeps no account.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    dispute = models.OneToOneField(
        "ledger.Dispute",
        verbose_name=_("disputed ledger line"),
        on_delete=models.PROTECT,
        related_name="case",
        null=True,
        blank=True,
    )
    version = models.PositiveIntegerField(default=1)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("protection case")
        verbose_name_plural = _("protection cases")
        ordering = ["-opened_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["tracking_code"], condition=~Q(tracking_code=""), name="one_case_per_tracking_code"
            ),
            models.CheckConstraint(
                condition=Q(door="anonymous") | Q(tracking_code=""), name="only_anonymous_cases_have_codes"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "acknowledge_by"], name="case_status_clock"),
            models.Index(fields=["assigned_organization", "status"], name="case_handler_status"),
            # The handlers' case list pages newest first by keyset (lib.seek).
            models.Index(fields=["-opened_at", "-id"], name="case_newest_first"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.category}"

    def language_name(self) -> str:
        """The language the reporter wrote in, named in the reader's language
        (the stored code itself if the site no longer offers it)."""
        return str(dict(settings.LANGUAGES).get(self.language, self.language))

    @property
    def is_anonymous(self) -> bool:
        return self.door == Door.ANONYMOUS

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def may_become(self, status: Status) -> bool:
        return status in TRANSITIONS[Status(self.status)]

    def set_pin(self, pin: str) -> None:
        self.pin_hash = make_password(pin)

    def pin_matches(self, pin: str) -> bool:
        return bool(self.pin_hash) and check_password(pin, self.pin_hash)

    def is_past_clock(self, moment: datetime.datetime) -> bool:
        return self.status == Status.NEW and self.acknowledge_by < moment


def case_for_code_and_pin(code: str, pin: str) -> Case | None:
    """The anonymous case with this code if the PIN is right; None for a wrong
    code and a wrong PIN alike, after the same work, so neither answer nor
    timing tells whether the code exists."""
    normalized = normalized_tracking_code(code)
    case = Case.objects.filter(door=Door.ANONYMOUS, tracking_code=normalized).first() if normalized else None
    if case is None:
        check_password(pin, _DUMMY_PIN_HASH)
        return None
    return case if case.pin_matches(pin) else None
