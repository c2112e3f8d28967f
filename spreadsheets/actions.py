"""An import, step by step: start (store the file, open the job), validate
(every row, into a preview), decide (a conflict with who a registered person
is: write the file's values or keep the record), commit (all valid rows in one
transaction, or nothing), cancel. Undoing a committed import is ``undo``;
closing jobs nobody will finish is ``expiry``.

Each state change is a checked transition on the locked job row, audit-logged
(``transitions``). Validating and committing run in a Celery task for large
files (``spreadsheets.tasks``) and in the request for small ones: the same
functions either way.

Validating a participant file keeps its valid rows (``checked_rows``): the
commit writes those after checking again only what the database decides, so a
large file is checked once, not twice. What the rows would change in
registered records is kept as ``ImportChange`` rows: the preview shows them,
the commit refuses to write a record that moved on since, and an undo puts the
replaced values back.

A job whose checking or writing stops moving (its worker died) is cancellable
by its organization and the ministry once IMPORT_JOB_STALLED_AFTER_MINUTES
have passed; before that, it is refused as still working.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import gc
import hashlib
import logging
from collections.abc import Callable, Collection, Iterator
from typing import IO, Any, TypedDict

from django.conf import settings
from django.core.files import File
from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone

from accounts import access
from accounts.models import Organization, User
from audit import actions as audit
from audit.models import AuditAction
from config.celery import enqueue_on_commit
from ledger.actions import LedgerError, book_imported_entries
from lib import nik as nik_lib
from lib import spreadsheet, worker_claim
from lib.spreadsheet import SpreadsheetError, Table
from participants import nik_checks
from participants.actions import ParticipantError
from participants.imports import (
    ImportCounts,
    ImportRow,
    OutOfScope,
    ParticipantRow,
    Stale,
    detail_values,
    import_participant_values,
)
from spreadsheets import checked_rows, participant_jobs
from spreadsheets.checks import Checked, Outcome
from spreadsheets.columns import LEDGER_COLUMNS, RESULT_COLUMNS
from spreadsheets.expiry import close_stale_imports
from spreadsheets.ledger_rows import LedgerRow, LedgerRows
from spreadsheets.models import (
    RUNNING_STATES,
    ChangeKind,
    ImportChange,
    ImportJob,
    ImportKind,
    ImportState,
    Problem,
    RowIssue,
)
from spreadsheets.participant_rows import ParticipantChecked, ParticipantRows, Recheck, participant_columns_for, stored
from spreadsheets.result_rows import ResultRows
from spreadsheets.transitions import (
    ERRORS_KEPT,
    TransitionNotAllowed,
    database_busy,
    discard,
    fail,
    move,
    unless_held,
)
from training.actions import RecordedResults, TrainingError, TrainingResult, record_training_results

__all__ = ["ImportRefused", "StillWorking", "TransitionNotAllowed"]

logger = logging.getLogger(__name__)
SAMPLE_ROWS = 10


class ImportRefused(Exception):
    """The whole job is refused; ``code`` and ``params`` say why (spreadsheets.messages)."""

    def __init__(self, code: str, **params: str | int) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


class StillWorking(Exception):
    """The job is being checked or written, and its worker is still moving:
    cancelling now would leave the worker writing for a job nobody waits for."""


class NotDecidable(Exception):
    """No conflict to decide on that row, or not one this person may decide."""


def limits() -> spreadsheet.Limits:
    return spreadsheet.Limits(
        max_bytes=settings.IMPORT_MAX_BYTES,
        max_rows=settings.IMPORT_MAX_ROWS,
        max_unpacked_bytes=settings.IMPORT_MAX_UNPACKED_BYTES,
        max_columns=settings.IMPORT_MAX_COLUMNS,
    )


# --- starting -----------------------------------------------------------------


def start_import(*, kind: ImportKind, upload: File[bytes], organization: Organization, by: User) -> ImportJob:
    """Store the file and open the job, refused while the organization has
    another open import, or has used up its checks of NIKs held elsewhere
    (``participants.nik_checks``). Small files are validated before this
    returns; large ones in the background (the job page shows the progress)."""
    close_stale_imports(organization=organization)
    try:
        nik_checks.ensure_checks_left(by=by)
    except nik_checks.ChecksExhausted:
        raise ImportRefused("nik_checks_exhausted", limit=settings.NIK_OUT_OF_SCOPE_CHECKS_PER_DAY) from None
    job = _open_job(kind=kind, upload=upload, organization=organization, by=by)
    if job.background:
        enqueue_on_commit("spreadsheets.tasks.validate_import", job.pk)
    else:
        validate_import(job_id=job.pk)
        job.refresh_from_db()
    return job


@transaction.atomic
def _open_job(*, kind: ImportKind, upload: File[bytes], organization: Organization, by: User) -> ImportJob:
    job = ImportJob(
        kind=kind,
        organization=organization,
        uploaded_by=by,
        original_name=(upload.name or "").rsplit("/", 1)[-1][:255],
        size_bytes=upload.size or 0,
        background=spreadsheet.estimate_rows(upload) > settings.IMPORT_BACKGROUND_ROWS,
    )
    # Busy is checked before the file is stored; the database constraint
    # settles two uploads that pass this check at the same moment.
    if ImportJob.objects.active().filter(organization=organization).exists():
        raise ImportRefused("busy")
    upload.seek(0)
    job.file.save(f"{kind}.upload", upload, save=False)
    try:
        with transaction.atomic():
            job.save()
    except IntegrityError:
        job.file.delete(save=False)
        raise ImportRefused("busy") from None
    audit.record(
        actor=by, action=AuditAction.CREATED, target=job, changes={"kind": [None, kind], "file": [None, str(job)]}
    )
    return job


# --- cancelling ---------------------------------------------------------------


def cancel_import(*, job_id: int, by: User) -> ImportJob:
    """Cancel an open job: a preview nobody confirmed, a file waiting for its
    worker, or one whose checking or writing was interrupted (not moved for
    IMPORT_JOB_STALLED_AFTER_MINUTES). One still moving is refused
    (``StillWorking``). Nothing has been written by a job that can be cancelled."""
    try:
        with transaction.atomic():
            job = unless_held(job_id)
            if job is None or (job.state in RUNNING_STATES and not job.is_interrupted):
                raise StillWorking
            return move(job.pk, ImportState.CANCELLED, by=by)
    except OperationalError as error:
        if database_busy(error):
            raise StillWorking from None
        raise


# --- validating ---------------------------------------------------------------


class _Closed(Exception):
    """The job was closed while its rows were being checked (it looked interrupted)."""


@dataclasses.dataclass
class Summary:
    counts: dict[Outcome, int] = dataclasses.field(default_factory=lambda: dict.fromkeys(Outcome, 0))
    invalid: int = 0
    issues: list[RowIssue] = dataclasses.field(default_factory=list)
    issue_count: int = 0
    sample: list[dict[str, str | int]] = dataclasses.field(default_factory=list)
    digest: Any = dataclasses.field(default_factory=hashlib.sha256)
    outcomes: dict[int, Outcome] = dataclasses.field(default_factory=dict)  # each valid row's
    dropped: list[int] = dataclasses.field(default_factory=list)  # valid rows refused after the fact
    notices: list[Problem] = dataclasses.field(default_factory=list)

    def add(self, result: Checked[Any], show: Callable[[Any], dict[str, str | int]]) -> None:
        if result.value is None:
            self._invalid(result.row, result.issues)
            return
        if result.outcome is not None:
            self.counts[result.outcome] += 1
            self.outcomes[result.row] = result.outcome
        if len(self.sample) < SAMPLE_ROWS:
            self.sample.append({"row": result.row, **show(result.value)})

    def drop(self, issue: RowIssue) -> None:
        """A row found invalid once a later row was read; counted as valid until now."""
        outcome = self.outcomes.pop(issue["row"], None)
        if outcome is None:  # invalid already: one more reason
            self.issue_count += 1
            if len(self.issues) < ERRORS_KEPT:
                self.issues.append(issue)
            return
        self.counts[outcome] -= 1
        self.dropped.append(issue["row"])
        self.sample = [shown for shown in self.sample if shown["row"] != issue["row"]]
        self._invalid(issue["row"], [issue])

    def _invalid(self, row: int, issues: list[RowIssue]) -> None:
        self.invalid += 1
        self.issue_count += len(issues)
        if len(self.issues) < ERRORS_KEPT:
            self.issues.extend(issues[: ERRORS_KEPT - len(self.issues)])
        self.digest.update(row.to_bytes(4, "big"))


VALIDATING_WORK = "spreadsheets.validate_import"


def validate_import(*, job_id: int) -> None:
    """Check every row and keep the preview: counts, the first errors, the
    first valid rows, what the rows would change in registered records.

    Held by this worker while it checks (``lib.worker_claim``): a delivery of
    the task that finds a live worker at it leaves the job alone, and one that
    finds the job left "checking" by a dead worker checks it again from the
    start (``_begin_validating``). Refused (``TransitionNotAllowed``) for a
    job past checking."""
    with worker_claim.claim(VALIDATING_WORK, job_id) as mine:
        if mine:
            _validate_job(_begin_validating(job_id))


def _begin_validating(job_id: int) -> ImportJob:
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job_id)
        if job.state != ImportState.VALIDATING:
            return move(job_id, ImportState.VALIDATING)
        # Its worker died mid-check: the partial check's changes go, and the
        # NIK checks it counted stay counted once (nik_checks by source).
        ImportChange.objects.filter(job=job).delete()
        job.rows_done = 0
        job.save(update_fields=["rows_done", "updated_at"])
        audit.record(actor=None, action=AuditAction.UPDATED, target=job, changes={"checking_restarted": [None, True]})
        return job


def _validate_job(job: ImportJob) -> None:
    try:
        with _collecting_less(), job.file.open("rb") as stream:
            summary = _validate(job, stream)
    except SpreadsheetError as error:
        fail(job.pk, error.problem, error.params, sheet_name=error.sheet)
        return
    except nik_checks.ChecksExhausted:
        fail(job.pk, "nik_checks_exhausted", {"limit": settings.NIK_OUT_OF_SCOPE_CHECKS_PER_DAY})
        return
    except _Closed:
        discard(job)
        return
    except Exception:
        # A job left "checking" would block the organization's imports until it looked interrupted.
        logger.exception("import %s: validation failed", job.pk)
        fail(job.pk, "internal", {})
        raise
    try:
        move(job.pk, ImportState.VALIDATED, **_preview(summary), rows_done=job.rows_total)
    except TransitionNotAllowed:
        discard(job)  # cancelled as interrupted while the last rows were checked


def _preview(summary: Summary) -> dict[str, Any]:
    return {
        "new": summary.counts[Outcome.NEW],
        "updated": summary.counts[Outcome.UPDATED],
        "unchanged": summary.counts[Outcome.UNCHANGED],
        "conflicts": summary.counts[Outcome.CONFLICT],
        "invalid": summary.invalid,
        "issues": sorted(summary.issues, key=lambda issue: issue["row"]),
        "issue_count": summary.issue_count,
        "sample": summary.sample,
        "invalid_digest": summary.digest.hexdigest(),
        "notices": summary.notices,
        "dropped_rows": summary.dropped,
    }


def _validate(job: ImportJob, stream: IO[bytes]) -> Summary:
    table = _open_table(job, stream, by=job.uploaded_by)
    hidden_columns = [[table.headings[key], table.letters[key]] for key in table.hidden_columns]
    ImportJob.objects.filter(pk=job.pk).update(sheet_name=table.sheet_name, hidden_columns=hidden_columns)
    job.rows_total = table.row_count
    _progress(job, rows_total=table.row_count)
    summary = Summary()
    if job.kind == ImportKind.PARTICIPANTS:
        _validate_participants(job, table, summary)
        return summary
    if job.kind == ImportKind.LEDGER_ENTRIES:
        for checked_row in LedgerRows(table=table, by=job.uploaded_by, today=_today()).check():
            summary.add(checked_row, _show_ledger_row)
        return summary
    results = list(ResultRows(table=table, by=job.uploaded_by, today=_today()).check())
    for checked in results:
        summary.add(checked, _show_result)
    _count_results(summary, [r.value for r in results if r.value is not None], by=job.uploaded_by)
    return summary


def _validate_participants(job: ImportJob, table: Table, summary: Summary) -> None:
    checker = ParticipantRows(table=table, by=job.uploaded_by, today=_today())
    done = 0
    with checked_rows.Writer(fields=checker.fields) as kept:
        for chunk in checker.check_chunks():
            # Before anything of this chunk reaches the preview.
            participant_jobs.record_held_elsewhere(job, chunk)
            participant_jobs.plan_changes(job, chunk)
            for result in chunk:
                summary.add(result, _show_participant)
                if result.value is not None:
                    kept.add(stored(result))
            done += len(chunk)
            _progress(job, rows_done=done)
        for issue in checker.late_issues():
            summary.drop(issue)
        ImportChange.objects.filter(job=job, row__in=summary.dropped).delete()
        summary.notices = checker.notices()
        kept.save(job)


def _open_table(job: ImportJob, stream: IO[bytes], *, by: User) -> Table:
    columns = {
        ImportKind.PARTICIPANTS: participant_columns_for(by),
        ImportKind.LEDGER_ENTRIES: LEDGER_COLUMNS,
    }.get(ImportKind(job.kind), RESULT_COLUMNS)
    return spreadsheet.open_table(stream, columns=columns, limits=limits())


class _DryRun(Exception):
    pass


def _count_results(summary: Summary, results: list[TrainingResult], *, by: User) -> None:
    """What recording the results would do, from the action itself, rolled back:
    result files are one class list long, so a dry run costs nothing."""
    recorded: list[RecordedResults] = []
    try:
        with transaction.atomic():
            recorded.append(record_training_results(results=results, by=by))
            raise _DryRun
    except _DryRun:
        pass
    summary.counts[Outcome.NEW] = recorded[0].created
    summary.counts[Outcome.UPDATED] = recorded[0].updated
    summary.counts[Outcome.UNCHANGED] = recorded[0].unchanged


@contextlib.contextmanager
def _collecting_less() -> Iterator[None]:
    """Run the cyclic garbage collector less often while rows are checked or
    written. It walks every live object whenever enough new ones have survived,
    and an import keeps thousands alive per batch (none of them in cycles):
    those walks were an eighth of a 100,000-row import's time."""
    thresholds = gc.get_threshold()
    gc.set_threshold(50_000, 20, 20)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


def _progress(job: ImportJob, **done: int) -> None:
    """Move the progress, which is what tells a live worker from an
    interrupted one (``ImportJob.is_interrupted``). Outside any transaction,
    so the page polling it sees it at once; a job closed meanwhile stops the
    checking (``_Closed``)."""
    moved = ImportJob.objects.filter(pk=job.pk, state=ImportState.VALIDATING).update(updated_at=timezone.now(), **done)
    if not moved:
        raise _Closed


def _today() -> datetime.date:
    return timezone.localdate()


def _show_participant(details: ParticipantRow) -> dict[str, str | int]:
    return {
        "nik": nik_lib.mask(details.nik),
        "name": details.full_name,
        "birth_date": details.birth_date.isoformat(),
        "training_centre": details.training_centre.code,
        "sending_organization": details.sending_organization.code if details.sending_organization else "",
    }


def _show_ledger_row(row: LedgerRow) -> dict[str, str | int]:
    details = row.details
    return {
        "paid_on": details.paid_on.isoformat(),
        "cost_class": details.cost_class,
        "amount": f"{details.currency} {details.amount}",
        "payer": details.payer.value,
        "payee": details.payee_name,
    }


def _show_result(result: TrainingResult) -> dict[str, str | int]:
    return {
        "completed_on": result.completed_on.isoformat(),
        "final_score": str(result.final_score),
        "certificate_number": result.certificate_number,
    }


# --- deciding -----------------------------------------------------------------


@transaction.atomic
def decide_conflict(*, job_id: int, row: int, apply: bool, by: User) -> ImportChange:
    """Decide whether the commit writes a row that would change who a
    registered person is (``apply``), or leaves the record as it is (the
    default). Only while the job waits for confirmation, and applying only by
    someone who may change that record."""
    job = ImportJob.objects.select_for_update().get(pk=job_id)
    if job.state != ImportState.VALIDATED:
        raise TransitionNotAllowed(f"{job.state}: no decisions")
    change = ImportChange.objects.select_for_update().filter(job=job, row=row, kind=ChangeKind.CONFLICT).first()
    if change is None:
        raise NotDecidable
    if apply and not access.participants_writable_by(by).filter(pk=change.participant_id).exists():
        raise NotDecidable
    before = change.accepted
    change.accepted, change.decided_by, change.decided_at = apply, by, timezone.now()
    change.save(update_fields=["accepted", "decided_by", "decided_at"])
    audit.record(
        actor=by,
        action=AuditAction.UPDATED,
        target=job,
        changes={"conflict_row": [None, row], "apply_file_values": [before, apply]},
    )
    return change


# --- committing ---------------------------------------------------------------


def commit_import(*, job_id: int, by: User) -> ImportJob:
    """Confirm a previewed job; large ones are written in the background.
    Conflicts are written as decided (``decide_conflict``), the others skipped."""
    applied = ImportChange.objects.filter(job_id=job_id).conflicts().filter(accepted=True).count()
    detail = {"conflicts_applied": [None, applied]}
    job = move(job_id, ImportState.COMMITTING, by=by, detail=detail, confirmed_by=by)
    if job.background:
        enqueue_on_commit("spreadsheets.tasks.commit_import", job.pk)
    else:
        run_commit(job_id=job.pk)
        job.refresh_from_db()
    return job


class _ChangedSincePreview(Exception):
    def __init__(self, count: int, held_elsewhere: Collection[int] = ()) -> None:
        super().__init__(count)
        self.count = count
        self.held_elsewhere = list(held_elsewhere)  # NIKs registered elsewhere since the preview


class Counts(TypedDict):
    """What a commit wrote, as the job keeps it."""

    new: int
    updated: int
    unchanged: int
    invalid: int
    skipped: int
    created_ranges: list[list[int]]


def run_commit(*, job_id: int) -> None:
    """Write the rows the preview found valid, all in one transaction, after
    checking again what may have changed since: the database (a NIK registered
    elsewhere meanwhile, a record changed since the preview compared it, a
    trade list replaced, the importer's access). Rows that were invalid in the
    preview are skipped; a row that is not valid any more writes nothing and
    fails the job with the reason."""
    try:
        with _collecting_less(), transaction.atomic():
            # Locked for the whole transaction: the lock is how a cancel or
            # the sweep tells this worker is alive (transitions.unless_held).
            job = (
                ImportJob.objects.select_for_update(of=("self",))
                .select_related("confirmed_by", "uploaded_by")
                .filter(pk=job_id, state=ImportState.COMMITTING)
                .first()
            )
            if job is None:
                return  # a task delivered twice, or a job closed as interrupted meanwhile
            by = job.confirmed_by or job.uploaded_by
            counts = _write(job, by=by)
            move(job.pk, ImportState.COMMITTED, by=by, **counts)
    except SpreadsheetError as error:
        fail(job_id, error.problem, error.params)
    except _ChangedSincePreview as changed:
        fail(job_id, "changed_since_preview", {"count": changed.count})
        if changed.held_elsewhere:
            participant_jobs.record_found_at_commit(ImportJob.objects.get(pk=job_id), changed.held_elsewhere)
    except (ParticipantError, TrainingError, LedgerError, IntegrityError) as error:
        fail(job_id, "not_possible", {"reason": str(error)})
    except Exception:
        logger.exception("import %s: commit failed", job_id)
        fail(job_id, "internal", {})
        raise


def _write(job: ImportJob, *, by: User) -> Counts:
    if job.kind == ImportKind.PARTICIPANTS:
        with checked_rows.kept(job) as kept:
            if kept is not None:
                return _write_kept_participants(job, kept, by=by)
    with job.file.open("rb") as stream:
        return _check_and_write(job, stream, by=by)


def _write_kept_participants(job: ImportJob, kept: checked_rows.Kept, *, by: User) -> Counts:
    rows = participant_jobs.KeptRows(job, Recheck(by))
    counts = _import(rows.rows(kept.rows), kept.fields, by=by, also_changed=lambda: rows.no_longer_valid)
    if rows.no_longer_valid:
        raise _ChangedSincePreview(rows.no_longer_valid)
    return _counts(counts, invalid=job.invalid)


def _import(
    rows: Iterator[ImportRow], fields: list[str], *, by: User, also_changed: Callable[[], int] = lambda: 0
) -> ImportCounts:
    try:
        return import_participant_values(rows=rows, fields=fields, by=by)
    except OutOfScope as refused:
        # A NIK registered elsewhere since the preview; the refusal has read every row.
        raise _ChangedSincePreview(refused.count + also_changed(), refused.participants) from None
    except Stale as stale:
        raise _ChangedSincePreview(stale.count + also_changed()) from None


def _counts(counts: ImportCounts, *, invalid: int) -> Counts:
    return Counts(
        new=counts.new,
        updated=counts.updated,
        unchanged=counts.unchanged,
        invalid=invalid,
        skipped=counts.skipped,
        created_ranges=participant_jobs.as_ranges(counts.created),
    )


def _check_and_write(job: ImportJob, stream: IO[bytes], *, by: User) -> Counts:
    """Every row checked again from the file: training results (a class list
    long), and participant jobs previewed before their rows were kept."""
    table = _open_table(job, stream, by=by)
    summary = Summary()

    def valid(results: Iterator[Checked[Any]]) -> Iterator[Any]:
        for result in results:
            summary.add(result, lambda _value: {})
            if result.value is not None:
                yield result

    if job.kind == ImportKind.PARTICIPANTS:
        checker = ParticipantRows(table=table, by=by, today=_today())
        decided, dropped = participant_jobs.decided_rows(job), frozenset(job.dropped_rows)
        rows = (
            _as_import_row(result, decided)
            for result in valid(checker.check())
            if result.row not in dropped and isinstance(result, ParticipantChecked)
        )
        counts = _import(rows, checker.fields, by=by)
        for issue in checker.late_issues():
            summary.drop(issue)
        written = _counts(counts, invalid=summary.invalid)
    elif job.kind == ImportKind.LEDGER_ENTRIES:
        entries = [
            (f"import:{job.pk}:{result.row}", result.value.participant_id, result.value.details)
            for result in valid(_ledger_rows(table, by=by))
        ]
        booked = book_imported_entries(rows=entries, by=by)
        written = Counts(
            new=booked,
            updated=0,
            unchanged=len(entries) - booked,
            invalid=summary.invalid,
            skipped=0,
            created_ranges=[],
        )
    else:
        results = [result.value for result in valid(ResultRows(table=table, by=by, today=_today()).check())]
        recorded = record_training_results(results=results, by=by)
        written = Counts(
            new=recorded.created,
            updated=recorded.updated,
            unchanged=recorded.unchanged,
            invalid=summary.invalid,
            skipped=0,
            created_ranges=[],
        )
    if summary.digest.hexdigest() != job.invalid_digest:
        raise _ChangedSincePreview(max(summary.invalid - job.invalid, 1))
    return written


def _ledger_rows(table: Table, *, by: User) -> Iterator[Checked[LedgerRow]]:
    return LedgerRows(table=table, by=by, today=_today()).check()


def _as_import_row(result: ParticipantChecked, decided: frozenset[int]) -> ImportRow:
    if result.value is None or result.plan is None:
        raise ValueError("only valid, settled rows are imported")
    return ImportRow(detail_values(result.value), result.blank, result.row, result.plan.version, result.row in decided)
