"""An import job: one uploaded spreadsheet, from upload through validation and
preview to the one transaction that commits it (or nothing).

Row errors are stored language-neutral (row, column, code, parameters) and
worded in the reader's language when shown (``spreadsheets.messages``).
"""

from __future__ import annotations

import datetime
from typing import TypedDict

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def import_storage() -> Storage:
    """Private storage outside MEDIA_ROOT (settings.IMPORT_FILES_DIR): the files
    hold NIKs and addresses and are never served."""
    return FileSystemStorage(location=settings.IMPORT_FILES_DIR, base_url=None)


class ImportKind(models.TextChoices):
    PARTICIPANTS = "participants", _("participants")
    TRAINING_RESULTS = "training_results", _("training results")


class ImportState(models.TextChoices):
    UPLOADED = "uploaded", _("uploaded")
    VALIDATING = "validating", _("checking")
    VALIDATED = "validated", _("checked, waiting for confirmation")
    COMMITTING = "committing", _("importing")
    COMMITTED = "committed", _("imported")
    FAILED = "failed", _("failed")
    CANCELLED = "cancelled", _("cancelled")


ALLOWED_TRANSITIONS: dict[ImportState, frozenset[ImportState]] = {
    ImportState.UPLOADED: frozenset({ImportState.VALIDATING, ImportState.FAILED, ImportState.CANCELLED}),
    ImportState.VALIDATING: frozenset({ImportState.VALIDATED, ImportState.FAILED}),
    ImportState.VALIDATED: frozenset({ImportState.COMMITTING, ImportState.CANCELLED}),
    ImportState.COMMITTING: frozenset({ImportState.COMMITTED, ImportState.FAILED}),
    ImportState.COMMITTED: frozenset(),
    ImportState.FAILED: frozenset(),
    ImportState.CANCELLED: frozenset(),
}

# One open import per organization: two people in one LPK importing overlapping
# files at once would race on the same NIKs. The database enforces it (see the
# constraint below), so two simultaneous uploads cannot both slip past a check.
ACTIVE_STATES = (ImportState.UPLOADED, ImportState.VALIDATING, ImportState.VALIDATED, ImportState.COMMITTING)
# States a worker is busy in: the page polls for progress.
WORKING_STATES = frozenset({ImportState.UPLOADED, ImportState.VALIDATING, ImportState.COMMITTING})


class RowIssue(TypedDict):
    row: int
    column: str  # the heading as written in the file ("" for the whole row)
    ref: str  # the cell, e.g. "C5" ("" for the whole row)
    code: str
    params: dict[str, str | int]


class Problem(TypedDict):
    code: str
    params: dict[str, str | int]


class ImportJobQuerySet(models.QuerySet["ImportJob"]):
    def active(self) -> ImportJobQuerySet:
        return self.filter(state__in=ACTIVE_STATES)

    def not_moved_since(self, moment: datetime.datetime) -> ImportJobQuerySet:
        # Every state change saves the job; progress updates do not.
        return self.filter(updated_at__lt=moment)


class ImportJob(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=ImportKind.choices)
    state = models.CharField(_("state"), max_length=12, choices=ImportState.choices, default=ImportState.UPLOADED)
    organization = models.ForeignKey(
        "accounts.Organization", verbose_name=_("organization"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    file = models.FileField(_("file"), storage=import_storage, upload_to="%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    size_bytes = models.PositiveBigIntegerField(_("size"), default=0)
    background = models.BooleanField(default=False)

    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_done = models.PositiveIntegerField(default=0)
    new = models.PositiveIntegerField(_("new"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    invalid = models.PositiveIntegerField(_("invalid rows"), default=0)
    # The first errors (settings.IMPORT_ERRORS_KEPT), as RowIssue dicts.
    issues = models.JSONField(default=list, blank=True)
    issue_count = models.PositiveIntegerField(default=0)
    # The first valid rows, as the preview shows them (NIKs masked).
    sample = models.JSONField(default=list, blank=True)
    # Which rows were invalid when previewed: the commit must find the same ones,
    # or what the person confirmed is not what would be written.
    invalid_digest = models.CharField(max_length=64, blank=True)
    problem = models.JSONField(default=dict, blank=True)  # a Problem when the whole job failed
    # Which sheet of a workbook was read (the one the person sees), and the
    # imported columns it hides: the preview says both.
    sheet_name = models.CharField(_("sheet"), max_length=255, blank=True)
    hidden_columns = models.JSONField(default=list, blank=True)  # [heading, column letter] pairs

    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization"],
                condition=Q(state__in=ACTIVE_STATES),
                name="one_active_import_per_organization",
            )
        ]

    def __str__(self) -> str:
        return self.original_name

    def can_move_to(self, state: ImportState) -> bool:
        return state in ALLOWED_TRANSITIONS[ImportState(self.state)]

    @property
    def checked_rows_name(self) -> str:
        """Where the preview keeps the valid rows for the commit: next to the upload."""
        return f"{self.file.name}.checked.pickle"

    @property
    def is_working(self) -> bool:
        return self.state in WORKING_STATES

    @property
    def valid(self) -> int:
        return self.new + self.updated + self.unchanged

    @property
    def percent_done(self) -> int:
        return min(100, self.rows_done * 100 // self.rows_total) if self.rows_total else 0
