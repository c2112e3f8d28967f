"""The participant: one person, one record, from registration to return."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Protocol, cast

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lib import nik
from lib.encrypted import BlindIndexField, EncryptedCharField, EncryptedTextField, blind_index
from lib.names import name_key
from participants.models.health import refresh_validity

if TYPE_CHECKING:
    from django.db.models.fields.related_descriptors import RelatedManager


class Sex(models.TextChoices):
    MALE = "M", _("male")
    FEMALE = "F", _("female")


class Status(models.TextChoices):
    REGISTERED = "registered", _("registered")
    IN_TRAINING = "in_training", _("in training")
    READY = "ready", _("ready")
    SHORTLISTED = "shortlisted", _("shortlisted")
    SELECTED = "selected", _("selected")
    PRE_DEPARTURE = "pre_departure", _("pre-departure")
    DEPARTED = "departed", _("departed")
    PLACED = "placed", _("placed")
    TRANSFERRED = "transferred", _("transferred")
    MISSING = "missing", _("missing")
    DECEASED = "deceased", _("deceased")
    RETURNED_EARLY = "returned_early", _("returned early")
    RETURNED = "returned", _("returned")
    WITHDRAWN = "withdrawn", _("withdrawn")
    DISQUALIFIED = "disqualified", _("disqualified")


_LEAVE = {Status.WITHDRAWN, Status.DISQUALIFIED}

# The allowed edges of the lifecycle (ARCHITECTURE.md). Before departure anyone
# may withdraw or be disqualified. The backward edges are the ordinary ways a
# plan falls through: dropped from a shortlist, an offer withdrawn, a returnee
# who enters the pool again for another programme (TITP ii -> SSW i).
ALLOWED_TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.REGISTERED: frozenset({Status.IN_TRAINING, *_LEAVE}),
    Status.IN_TRAINING: frozenset({Status.READY, *_LEAVE}),
    Status.READY: frozenset({Status.SHORTLISTED, Status.IN_TRAINING, *_LEAVE}),
    Status.SHORTLISTED: frozenset({Status.SELECTED, Status.READY, *_LEAVE}),
    Status.SELECTED: frozenset({Status.PRE_DEPARTURE, Status.READY, *_LEAVE}),
    Status.PRE_DEPARTURE: frozenset({Status.DEPARTED, Status.READY, *_LEAVE}),
    Status.DEPARTED: frozenset({Status.PLACED, Status.RETURNED_EARLY}),
    Status.PLACED: frozenset(
        {Status.TRANSFERRED, Status.MISSING, Status.DECEASED, Status.RETURNED_EARLY, Status.RETURNED}
    ),
    Status.TRANSFERRED: frozenset({Status.PLACED, Status.RETURNED_EARLY}),
    Status.MISSING: frozenset({Status.PLACED, Status.DECEASED, Status.RETURNED_EARLY}),
    Status.RETURNED_EARLY: frozenset({Status.RETURNED}),
    Status.RETURNED: frozenset({Status.READY}),
    Status.DECEASED: frozenset(),
    Status.WITHDRAWN: frozenset(),
    Status.DISQUALIFIED: frozenset(),
}

# Statuses with no way on: moving someone there cannot be undone, so the
# pages ask for confirmation first.
FINAL_STATUSES = frozenset(status for status, onward in ALLOWED_TRANSITIONS.items() if not onward)

# A reason is required where the change ends or interrupts someone's path.
REASON_REQUIRED = frozenset(
    {Status.WITHDRAWN, Status.DISQUALIFIED, Status.MISSING, Status.DECEASED, Status.RETURNED_EARLY}
)

# Statuses in which the participant is in Japan: the embassy's protection scope.
IN_JAPAN = frozenset({Status.DEPARTED, Status.PLACED, Status.TRANSFERRED, Status.MISSING})

# Statuses in the matching pool, whose readiness wants a valid health check:
# the list and the home warn when it is about to run out (health_lapsing).
HEALTH_WATCHED = frozenset({Status.READY, Status.SHORTLISTED})

# Statuses before departure: the readiness checklist and the job orders that
# fit guide the person only while they are getting ready or waiting to leave.
BEFORE_DEPARTURE = frozenset(
    {Status.REGISTERED, Status.IN_TRAINING, Status.READY, Status.SHORTLISTED, Status.SELECTED, Status.PRE_DEPARTURE}
)

# Statuses a placement holds (placements app): an offer is out, or accepted and
# the person is getting ready to fly. Entering them, leaving them and departing
# happen through the offer, the pre-departure gate and the cohort, which keep
# the offer and the placement in step with the status; the status form does
# not offer them.
HELD_BY_PLACEMENT = frozenset({Status.SELECTED, Status.PRE_DEPARTURE})
# Life in Japan belongs to the placement too: arrival, a transfer, a
# disappearance, a death and the return each end or open a placement, so the
# status follows the placement actions and never the status form alone.
IN_JAPAN_THROUGH_PLACEMENTS = frozenset({Status.DEPARTED, Status.PLACED, Status.TRANSFERRED, Status.MISSING})
ENTERED_THROUGH_PLACEMENTS = (
    HELD_BY_PLACEMENT | IN_JAPAN_THROUGH_PLACEMENTS | {Status.DECEASED, Status.RETURNED_EARLY, Status.RETURNED}
)
# Left only through the placements actions; "returned" is left on the status
# form (a returnee enters the pool again: returned → ready).
LEFT_THROUGH_PLACEMENTS = HELD_BY_PLACEMENT | IN_JAPAN_THROUGH_PLACEMENTS


def moved_by_placements(*, current: Status, to: Status) -> bool:
    """Whether a move from ``current`` to ``to`` belongs to the placements actions."""
    return to in ENTERED_THROUGH_PLACEMENTS or current in LEFT_THROUGH_PLACEMENTS


# Fields that are personal data beyond the profile (UU 27/2022): shown on
# request only, and every showing is audit-logged.
SENSITIVE_FIELDS = ("nik", "address")

# The youngest age at which a person is registered. Registration reads the NIK
# from the identity card (KTP-el), which Indonesians receive at 17 (UU 23/2006 on
# population administration, art. 63, as amended by UU 24/2013); the programmes
# take trainees from 18 at departure (TITP, domain notes §3; AP2LN 18-30, IM
# Japan 18-26, §6), after months of training that may start a little earlier.
# Anyone younger is a wrong birth date, not a candidate.
MIN_REGISTRATION_AGE = 17


# What a row of the participant list shows, and the keys its pages are sorted
# and continued by (participants.forms.ParticipantFilterForm.SORTS).
LIST_ROW_FIELDS = (
    "id",
    "full_name",
    "name_katakana",
    "nik",
    "status",
    "registered_at",
    "training_centre__name",
    "sending_organization__name",
    "vocational_programme__name_id",
    "vocational_programme__name_en",
    "vocational_programme__name_ja",
)


class ListedParticipant(Protocol):
    """A row of the participant list (ParticipantQuerySet.for_list): the
    values of LIST_ROW_FIELDS, by name."""

    id: int
    full_name: str
    name_katakana: str
    nik: str
    status: str
    registered_at: datetime.datetime
    training_centre__name: str
    sending_organization__name: str | None
    vocational_programme__name_id: str | None
    vocational_programme__name_en: str | None
    vocational_programme__name_ja: str | None


# A name search is served by trigram indexes (migration 0008), which look a
# name up three letters at a time. A text without three letters or digits in
# a row ("ab", "a b", "__") gives them nothing, or next to nothing, to look
# up, and PostgreSQL reads every participant instead: 3.1 s at a million, for
# a search that finds nobody.
NAME_SEARCH_MIN_LETTERS = 3
_LETTERS_IN_A_ROW = re.compile(rf"[^\W_]{{{NAME_SEARCH_MIN_LETTERS}}}")
NAME_SEARCH_TOO_SHORT = _("Type at least three letters of the name in a row, or the whole NIK.")


def too_short_to_search(text: str) -> bool:
    """Whether a name search for ``text`` would have nothing to look up (an
    empty text is no search at all, and a whole NIK is found by its own index)."""
    text = text.strip()
    return bool(text) and _whole_nik(text) is None and _LETTERS_IN_A_ROW.search(text) is None


def _whole_nik(text: str) -> str | None:
    """The NIK ``text`` holds, typed in full with or without spaces."""
    compact = nik.compact(text)
    return compact if compact.isdigit() and len(compact) == 16 else None


class ParticipantQuerySet(models.QuerySet["Participant"]):
    def for_list(self) -> models.QuerySet[Participant, ListedParticipant]:
        """The participant list's rows, with their centre's, LPK/SO's and
        trade's names: plain values, not model instances. A page of 51 rows at
        a million participants took 4.3–4.9 ms (p50, one process) as model
        instances of these columns and of the centre, LPK/SO and trade they
        come with, and takes 2.4–2.6 ms as values. (Whole rows were slower
        still: the address was decrypted for every row.)"""
        return cast("models.QuerySet[Participant, ListedParticipant]", self.values_list(*LIST_ROW_FIELDS, named=True))

    def with_status(self, status: Status) -> ParticipantQuerySet:
        return self.filter(status=status)

    def health_lapsing(self, *, by: datetime.date) -> ParticipantQuerySet:
        """Ready or shortlisted participants without a fit health check that
        lasts past ``by``: unless they get a new one, they fall out of the
        matching pool (readiness wants it valid)."""
        return self.filter(status__in=HEALTH_WATCHED).filter(
            Q(health_valid_until__isnull=True) | Q(health_valid_until__lte=by)
        )

    def refresh_health_valid_until(self) -> int:
        """Writes each participant's ``health_valid_until`` from their health
        checks (HealthCheck keeps it on every save, update and delete)."""
        return refresh_validity(self)

    def with_nik(self, number: str) -> ParticipantQuerySet:
        """The participant holding ``number``, found by its blind index (the NIK is sealed)."""
        return self.filter(nik_index=blind_index(number))

    def with_niks(self, numbers: Iterable[str]) -> ParticipantQuerySet:
        return self.filter(nik_index__in=[blind_index(number) for number in numbers])

    def search(self, text: str) -> ParticipantQuerySet:
        """Name, katakana, or a NIK typed in full (with or without spaces).
        A text too short to search (``too_short_to_search``) finds nobody:
        the forms that take one refuse it and say why."""
        text = text.strip()
        if not text:
            return self
        whole_nik = _whole_nik(text)
        if whole_nik is not None:
            return self.with_nik(whole_nik)
        if too_short_to_search(text):
            return self.none()
        return self.filter(Q(full_name__icontains=text) | Q(name_katakana__icontains=text))


class Participant(models.Model):
    full_name = models.CharField(_("full name"), max_length=200)
    # full_name normalized (lib.names): with the birth date it finds possible
    # duplicates that a different NIK would hide. Kept in step by save().
    name_key = models.CharField(max_length=200, editable=False, default="")
    name_katakana = models.CharField(_("name in katakana"), max_length=200, blank=True)
    # Sealed at rest (lib.encrypted); found and kept unique by nik_index, its
    # keyed hash, since equal NIKs give unequal ciphertexts.
    nik = EncryptedCharField(_("NIK"), max_length=16)
    nik_index = BlindIndexField(source="nik", unique=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("date of birth"))
    birth_place = models.CharField(_("place of birth"), max_length=100, blank=True)
    province = models.ForeignKey("reference.Province", verbose_name=_("province (from NIK)"), on_delete=models.PROTECT)
    address = EncryptedTextField(_("address"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    vocational_programme = models.ForeignKey(
        "reference.VocationalProgramme",
        verbose_name=_("trade (vocational programme)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    sending_programme = models.ForeignKey(
        "reference.SendingProgramme",
        verbose_name=_("sending programme"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participants",
    )
    # No index of their own: the composite indexes below begin with them
    # (participant_blk_*, participant_lpk_*), and each index on this table is
    # paid for by every row an import inserts.
    training_centre = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("training centre"),
        on_delete=models.PROTECT,
        related_name="trained_participants",
        db_index=False,
    )
    sending_organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("sending organization (LPK/SO)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enrolled_participants",
        db_index=False,
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.REGISTERED)
    status_changed_at = models.DateTimeField(_("status changed at"), default=timezone.now)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="participant",
    )
    # Bumped by every edit; an edit based on an older version is refused
    # instead of silently overwriting somebody else's change.
    version = models.PositiveIntegerField(default=1)
    registered_at = models.DateTimeField(_("registered at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # The last day the latest fit (or conditionally fit) health check covers;
    # empty without one. Derived from the checks and kept by them
    # (HealthCheck.save and delete, HealthCheckQuerySet.update and delete), so
    # the list of readiness about to lapse reads an index: finding those
    # people through their checks walked 180,000 ready participants with a
    # valid check before the newest lapsing one (1.1–2 s at a million).
    health_valid_until = models.DateField(_("health check valid until"), null=True, blank=True, editable=False)

    objects = ParticipantQuerySet.as_manager()

    if TYPE_CHECKING:
        history: RelatedManager[StatusChange]

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        # Each index serves one sort order of the list with its keyset tiebreak,
        # alone or after the organization filters staff always have.
        indexes = [
            models.Index(fields=["full_name", "id"], name="participant_name_seek"),
            models.Index(fields=["registered_at", "id"], name="participant_registered_seek"),
            models.Index(fields=["status", "id"], name="participant_status_seek"),
            # A filter plus the default sort (newest first), for lists scoped to an
            # organization or filtered by status; the (org, status) pair serves counts.
            models.Index(fields=["status", "registered_at", "id"], name="participant_status_newest"),
            models.Index(fields=["training_centre", "registered_at", "id"], name="participant_blk_newest"),
            models.Index(fields=["sending_organization", "registered_at", "id"], name="participant_lpk_newest"),
            models.Index(fields=["training_centre", "status"], name="participant_blk_status"),
            models.Index(fields=["sending_organization", "status"], name="participant_lpk_status"),
            # The ministry's lists filtered by province of origin, with or without a status:
            # their capped count reads this index alone (66 ms → 2 ms at a million).
            models.Index(fields=["province", "status"], name="participant_province_status"),
            # The home queue of ready participants whose health check lapses, longest
            # waiting first: read per status in that order (303 → 109 ms at a million).
            models.Index(fields=["status", "status_changed_at", "id"], name="participant_status_waiting"),
            # The list of readiness about to lapse (health_lapsing), newest first, in
            # every scope: its keys are read in order from this index alone, the date
            # and the scope too. Those who lapse registered long ago, so through the
            # table's index the newest lapsing one lay past 180,000 others, each read
            # from the table (1.1 s for the ministry, 120-430 ms for an organization
            # or a province at a million participants; 12-27 ms with this index).
            models.Index(
                fields=[
                    "registered_at",
                    "id",
                    "health_valid_until",
                    "training_centre",
                    "sending_organization",
                    "province",
                ],
                name="participant_pool_lapsing",
                condition=Q(status__in=sorted(HEALTH_WATCHED)),
            ),
            models.Index(fields=["name_key", "birth_date"], name="participant_name_birth"),
            # The embassy's list, newest first: those in Japan registered years
            # before those in training, so the whole table's index passed 440,000
            # rows before the first of them (530 ms at a million participants).
            models.Index(
                fields=["registered_at", "id"],
                name="participant_in_japan_newest",
                condition=Q(status__in=sorted(IN_JAPAN)),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.name_key = name_key(self.full_name)
        update_fields = kwargs.get("update_fields")
        if update_fields is None and not self._state.adding and not kwargs.get("force_insert"):
            # Every loaded column but the one the health checks keep: a record
            # read before a check was recorded would write back the old date.
            deferred = self.get_deferred_fields()
            update_fields = {
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.attname not in deferred and field.name != "health_valid_until"
            }
        if update_fields is not None:
            # The derived columns are written with what they derive from (nik_index by its pre_save).
            derived = {"full_name": "name_key", "nik": "nik_index"}
            kwargs["update_fields"] = {*update_fields, *(derived[name] for name in derived if name in update_fields)}
        super().save(*args, **kwargs)

    @property
    def masked_nik(self) -> str:
        return nik.mask(self.nik)

    @property
    def status_label(self) -> str:
        """The status in the reader's language. Django's get_status_display
        rebuilds (and translates) every choice on each call: 0.2 ms a row,
        ten of a list page's milliseconds."""
        return str(Status(self.status).label)

    def age_on(self, day: datetime.date) -> int:
        before_birthday = (day.month, day.day) < (self.birth_date.month, self.birth_date.day)
        return day.year - self.birth_date.year - int(before_birthday)

    @property
    def is_before_departure(self) -> bool:
        return self.status in BEFORE_DEPARTURE

    def allowed_next_statuses(self) -> list[Status]:
        current = Status(self.status)
        return [status for status in Status if status in ALLOWED_TRANSITIONS[current]]

    def can_move_to(self, status: Status) -> bool:
        return status in ALLOWED_TRANSITIONS[Status(self.status)]


class StatusChange(models.Model):
    # No index of its own: status_change_timeline begins with it.
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="history", db_index=False)
    from_status = models.CharField(_("from"), max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=Status.choices)
    reason = models.TextField(_("reason"), blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("changed by"), on_delete=models.PROTECT, null=True, blank=True
    )
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["-changed_at", "-id"]
        indexes = [models.Index(fields=["participant", "changed_at"], name="status_change_timeline")]

    def __str__(self) -> str:
        return f"{self.participant_id}: {self.from_status} → {self.to_status}"
