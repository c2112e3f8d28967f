"""An import job: one uploaded spreadsheet, from upload through validation and
preview to the one transaction that commits it (or nothing).

Row errors are stored language-neutral (row, column, code, parameters) and
worded in the reader's language when shown (``spreadsheets.messages``).

What a participant import changes in records already registered is an
``ImportChange`` per record: the preview shows it (and asks for a decision
where it would change who the record is), the commit writes it, and an undo
puts the stored values back while IMPORT_UNDO_DAYS last.
"""

from __future__ import annotations

import datetime
from typing import TypedDict

from django.conf import settings
from django.core.files.storage import Storage
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lib.encrypted import EncryptedJSONField
from lib.storage import SafeFileSystemStorage


def import_storage() -> Storage:
    """Private storage outside MEDIA_ROOT (settings.IMPORT_FILES_DIR): the files
    hold NIKs and addresses and are never served."""
    return SafeFileSystemStorage(location=settings.IMPORT_FILES_DIR, base_url=None)


class ImportKind(models.TextChoices):
    PARTICIPANTS = "participants", _("participants")
    TRAINING_RESULTS = "training_results", _("training results")
    LEDGER_ENTRIES = "ledger_entries", _("costs paid (ledger entries)")


class ImportState(models.TextChoices):
    UPLOADED = "uploaded", _("uploaded")
    VALIDATING = "validating", _("checking")
    VALIDATED = "validated", _("checked, waiting for confirmation")
    COMMITTING = "committing", _("importing")
    COMMITTED = "committed", _("imported")
    FAILED = "failed", _("failed")
    CANCELLED = "cancelled", _("cancelled")
    UNDONE = "undone", _("undone")


# Checking and writing are cancelled only once they have stopped moving (the
# actions check that): a worker that is still at it would otherwise go on
# writing for a job nobody waits for.
ALLOWED_TRANSITIONS: dict[ImportState, frozenset[ImportState]] = {
    ImportState.UPLOADED: frozenset({ImportState.VALIDATING, ImportState.FAILED, ImportState.CANCELLED}),
    ImportState.VALIDATING: frozenset({ImportState.VALIDATED, ImportState.FAILED, ImportState.CANCELLED}),
    ImportState.VALIDATED: frozenset({ImportState.COMMITTING, ImportState.CANCELLED}),
    ImportState.COMMITTING: frozenset({ImportState.COMMITTED, ImportState.FAILED, ImportState.CANCELLED}),
    ImportState.COMMITTED: frozenset({ImportState.UNDONE}),
    ImportState.FAILED: frozenset(),
    ImportState.CANCELLED: frozenset(),
    ImportState.UNDONE: frozenset(),
}

# One open import per organization: two people in one LPK importing overlapping
# files at once would race on the same NIKs. The database enforces it (see the
# constraint below), so two simultaneous uploads cannot both slip past a check.
ACTIVE_STATES = (ImportState.UPLOADED, ImportState.VALIDATING, ImportState.VALIDATED, ImportState.COMMITTING)
# States a worker is busy in: the page polls for progress.
WORKING_STATES = frozenset({ImportState.UPLOADED, ImportState.VALIDATING, ImportState.COMMITTING})
# States in which a worker holds the job: one that stops moving was interrupted.
RUNNING_STATES = (ImportState.VALIDATING, ImportState.COMMITTING)
ENDED_STATES = frozenset({ImportState.COMMITTED, ImportState.FAILED, ImportState.CANCELLED, ImportState.UNDONE})


def stalled_before(now: datetime.datetime | None = None) -> datetime.datetime:
    """A running job last moved before this moment has been interrupted."""
    return (now or timezone.now()) - datetime.timedelta(minutes=settings.IMPORT_JOB_STALLED_AFTER_MINUTES)


def undo_data_kept_since(now: datetime.datetime | None = None) -> datetime.datetime:
    """Imports finished before this moment can no longer be undone."""
    return (now or timezone.now()) - datetime.timedelta(days=settings.IMPORT_UNDO_DAYS)


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
        # Every state change saves the job, and every progress update moves updated_at.
        return self.filter(updated_at__lt=moment)

    def interrupted(self, now: datetime.datetime | None = None) -> ImportJobQuerySet:
        """Checking or writing, but not moved for IMPORT_JOB_STALLED_AFTER_MINUTES."""
        return self.filter(state__in=RUNNING_STATES).not_moved_since(stalled_before(now))


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
    # Rows that would change who a registered record is (ImportChange, kind
    # conflict); the commit writes only those someone decided to apply, and
    # counts the others as skipped.
    conflicts = models.PositiveIntegerField(_("conflicts"), default=0)
    skipped = models.PositiveIntegerField(_("skipped"), default=0)
    # The first errors (settings.IMPORT_ERRORS_KEPT), as RowIssue dicts.
    issues = models.JSONField(default=list, blank=True)
    issue_count = models.PositiveIntegerField(default=0)
    # The first valid rows, as the preview shows them (NIKs masked).
    sample = models.JSONField(default=list, blank=True)
    # Which rows were invalid when previewed: the commit must find the same ones,
    # or what the person confirmed is not what would be written.
    invalid_digest = models.CharField(max_length=64, blank=True)
    problem = models.JSONField(default=dict, blank=True)  # a Problem when the whole job failed
    # Problems about the whole file that do not stop it (such as NIKs that
    # look rounded by Excel), as Problem dicts.
    notices = models.JSONField(default=list, blank=True)
    # Rows that passed their own checks but were refused once a later row
    # was read (the same NIK further down): the commit skips them.
    dropped_rows = models.JSONField(default=list, blank=True)
    # The participants the commit registered, as [first id, last id] runs:
    # what an undo removes (if nothing happened to them since).
    created_ranges = models.JSONField(default=list, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("undone by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)
    # What the undo left as it was, and why (UndoKept dicts).
    undo_kept = models.JSONField(default=list, blank=True)
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
    def is_interrupted(self) -> bool:
        """Checking or writing, but its progress has not moved for a while:
        its worker is gone (the actions check again under the row lock)."""
        return self.state in RUNNING_STATES and self.updated_at < stalled_before()

    @property
    def undo_until(self) -> datetime.datetime | None:
        """Until when this import can be undone; None if it cannot."""
        if self.state != ImportState.COMMITTED or self.kind != ImportKind.PARTICIPANTS or self.finished_at is None:
            return None
        until = self.finished_at + datetime.timedelta(days=settings.IMPORT_UNDO_DAYS)
        return until if until > timezone.now() else None

    @property
    def valid(self) -> int:
        return self.new + self.updated + self.unchanged + self.conflicts

    @property
    def percent_done(self) -> int:
        return min(100, self.rows_done * 100 // self.rows_total) if self.rows_total else 0


class ChangeKind(models.TextChoices):
    UPDATE = "update", _("update")
    # Name, sex, birth date or birth place differ: perhaps another person
    # under a mistyped or Excel-rounded NIK. Written only if someone decides so.
    CONFLICT = "conflict", _("conflict")


class UndoKept(TypedDict):
    """A record an undo left as it was."""

    participant: int
    row: int  # the file's row, 0 for a record the import registered
    reason: str  # spreadsheets.messages.UNDO_KEPT_MESSAGES


class ImportChangeQuerySet(models.QuerySet["ImportChange"]):
    def applied(self) -> ImportChangeQuerySet:
        """The changes a commit writes: updates, and conflicts someone decided to apply."""
        return self.filter(Q(kind=ChangeKind.UPDATE) | Q(accepted=True))

    def conflicts(self) -> ImportChangeQuerySet:
        return self.filter(kind=ChangeKind.CONFLICT)

    def past_undo(self, now: datetime.datetime | None = None) -> ImportChangeQuerySet:
        """Kept longer than the undo needs them: jobs that ended before the undo period."""
        return self.filter(job__finished_at__lt=undo_data_kept_since(now))


class ImportChange(models.Model):
    """What a participant import changes in one registered record: each
    field's stored value and the file's, as ``audit.snapshot`` gives them
    (related records by key, dates in ISO form), unmasked.

    Written at the preview, which shows them; the commit writes the updates
    and the conflicts someone decided to apply, after checking the record is
    still at ``version``. Afterwards the stored values are what an undo puts
    back. They are personal data (addresses included): shown only to people
    who may see the record, sensitive fields masked, and deleted when the undo
    period ends (``sweep_imports``) or the job ends without writing them.
    """

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="changes")
    row = models.PositiveIntegerField(_("row"))
    participant = models.ForeignKey(
        "participants.Participant", verbose_name=_("participant"), on_delete=models.CASCADE, related_name="+"
    )
    version = models.PositiveIntegerField()  # the record's version the values were compared with
    kind = models.CharField(_("kind"), max_length=10, choices=ChangeKind.choices)
    # {field: [stored, file]}: personal data, sealed like the fields it copies.
    fields = EncryptedJSONField(default=dict)
    # The fields that make it a conflict, in DETAIL_FIELDS order.
    identity = models.JSONField(default=list, blank=True)
    accepted = models.BooleanField(_("apply the file's values"), default=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = ImportChangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("change by an import")
        verbose_name_plural = _("changes by imports")
        ordering = ["job", "row"]
        # The page lists a job's changes by row, a page at a time.
        constraints = [models.UniqueConstraint(fields=["job", "row"], name="one_change_per_import_row")]

    def __str__(self) -> str:
        return f"{self.job_id}:{self.row}"
