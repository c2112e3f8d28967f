"""Who changed or viewed what."""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import ForeignObjectRel
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    CREATED = "created", _("created")
    UPDATED = "updated", _("updated")
    STATUS_CHANGED = "status_changed", _("status changed")
    DELETED = "deleted", _("deleted")
    VIEWED_SENSITIVE = "viewed_sensitive", _("viewed sensitive data")
    # A safeguard refused someone further work (a rate limit reached).
    LIMIT_REACHED = "limit_reached", _("limit reached")


# Longer values are cut on the page; the admin shows the entry's whole JSON.
SHOWN_CHARACTERS = 500


@dataclass(frozen=True)
class ChangeRow:
    """One line of an entry as the audit page shows it: a field that changed
    (``before`` → ``after``), a field that was viewed (neither), or the
    details of an event such as an export (``detail``)."""

    field: str
    before: str | None = None
    after: str | None = None
    detail: str | None = None
    # The field as the reader's language names it ("alamat"); the stored name where it is no field.
    label: str = ""

    @property
    def is_change(self) -> bool:
        return self.before is not None or self.after is not None


def _shown(value: object) -> str | None:
    """A stored value as text: scalars as they are, lists and objects as JSON."""
    if value is None:
        return None
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= SHOWN_CHARACTERS else f"{text[:SHOWN_CHARACTERS]}…"


def _detail(value: object) -> str | None:
    if isinstance(value, dict):
        return _shown(", ".join(f"{key}: {_shown(item) or '—'}" for key, item in value.items()))
    return _shown(value)


def change_rows(changes: object, model: type[models.Model] | None = None) -> list[ChangeRow]:
    """The lines of any stored ``changes``, whatever its shape: the log must
    show every entry, including those an older or another writer made. Field
    names of ``model`` (the record's) are labelled in the reader's language."""
    if not isinstance(changes, dict):
        return [] if changes in (None, "", [], {}) else [ChangeRow(field="", detail=_shown(changes))]
    rows = []
    for name, value in changes.items():
        label = field_label(model, str(name))
        if isinstance(value, list) and len(value) == 2:
            rows.append(ChangeRow(str(name), before=_shown(value[0]), after=_shown(value[1]), label=label))
        else:
            rows.append(ChangeRow(str(name), detail=_detail(value), label=label))
    return rows


def model_of(label: str) -> type[models.Model] | None:
    """The model an entry's record type names ("participants.participant"); None if none does (any more)."""
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def field_label(model: type[models.Model] | None, name: str) -> str:
    """A stored field name as the reader's language calls it ("alamat" for
    ``address``, "pemeriksaan kesehatan" for ``health_checks``); a name that is
    no field of the record (a document's kind, an export's filters) as stored."""
    if model is None:
        return name
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return name
    if isinstance(field, ForeignObjectRel) and not isinstance(field.related_model, str):
        return str(field.related_model._meta.verbose_name_plural)
    return str(getattr(field, "verbose_name", name))


class AuditChain(models.Model):
    """One hash chain of audit entries: each entry stores the hash of its own
    content and of the entry before it in its chain, so an entry altered,
    removed or slipped in breaks the chain where it happened (``verify_audit``).

    A day has as many chains as it had transactions writing audit entries at
    the same time: a writer takes the day's first chain that no other open
    transaction holds and opens a new one when all are held, so writers never
    wait for each other's commit. The row is the chain's head: its length and
    last hash, which also show an entry removed from, or added after, its end.
    """

    day = models.DateField(_("day"), db_index=True)
    length = models.PositiveBigIntegerField(_("number of entries"), default=0)
    head = models.CharField(_("hash of the last entry"), max_length=64, blank=True, default="")

    class Meta:
        verbose_name = _("audit chain")
        verbose_name_plural = _("audit chains")

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d} #{self.pk}"


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def for_object(self, obj: models.Model) -> AuditEntryQuerySet:
        return self.filter(target_type=obj._meta.label_lower, target_id=str(obj.pk))


class AuditEntry(models.Model):
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("who"), on_delete=models.PROTECT, null=True, blank=True
    )
    action = models.CharField(_("action"), max_length=20, choices=AuditAction.choices)
    target_type = models.CharField(_("record type"), max_length=100)
    target_id = models.CharField(_("record id"), max_length=40)
    target_repr = models.CharField(_("record"), max_length=200)
    # {field: [before, after]} for changes; {field: null} for views; {name:
    # {detail: value, ...}} for what an event was about (an export's format,
    # rows and filters). Sensitive values are stored masked, so the log never
    # becomes a second copy of them. change_rows() reads every shape.
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    # The entry's place in its chain and the SHA-256 of the entry before it
    # and of its own content (audit.chain.digest). Empty only on a row that
    # was slipped in around the application: verify_audit reports it.
    chain = models.ForeignKey(
        AuditChain, verbose_name=_("chain"), on_delete=models.PROTECT, null=True, blank=True, db_index=False
    )
    seq = models.PositiveBigIntegerField(_("place in chain"), null=True, blank=True)
    prev_hash = models.CharField(_("hash of the entry before"), max_length=64, blank=True, default="")
    hash = models.CharField(_("hash"), max_length=64, blank=True, default="")

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id", "at"], name="audit_by_target")]
        # Also the index verify_audit walks each chain by.
        constraints = [models.UniqueConstraint(fields=["chain", "seq"], name="audit_one_entry_per_place")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.target_repr}"

    def change_rows(self) -> list[ChangeRow]:
        return change_rows(self.changes, model_of(self.target_type))

    @property
    def target_label(self) -> str:
        """The record's kind in the reader's language ("peserta"), else as stored."""
        model = model_of(self.target_type)
        return str(model._meta.verbose_name) if model is not None else self.target_type
