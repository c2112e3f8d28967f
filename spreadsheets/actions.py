"""An import, step by step: start (store the file, open the job), validate
(every row, into a preview), commit (all valid rows in one transaction, or
nothing), cancel.

Each state change is a checked transition on the locked job row, audit-logged.
Validating and committing run in a Celery task for large files
(``spreadsheets.tasks``) and in the request for small ones: the same functions
either way.

Validating a participant file keeps its valid rows (``checked_rows``): the
commit writes those after checking again only what the database decides, so a
large file is checked once, not twice. A job left open longer than
``IMPORT_JOB_EXPIRES_AFTER_HOURS`` is closed when the organization starts its
next import, so an abandoned preview cannot block it for good.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import gc
import hashlib
import logging
from collections.abc import Callable, Iterator
from typing import IO, Any, TypedDict

from django.conf import settings
from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import Organization, User
from audit import actions as audit
from audit.models import AuditAction
from config.celery import enqueue_on_commit
from lib import nik as nik_lib
from lib import spreadsheet
from lib.spreadsheet import SpreadsheetError, Table
from participants.actions import ParticipantError
from participants.imports import (
    DetailValues,
    OutOfScope,
    ParticipantRow,
    import_participant_values,
    import_participants,
)
from spreadsheets import checked_rows
from spreadsheets.checks import Checked, Outcome
from spreadsheets.columns import RESULT_COLUMNS
from spreadsheets.models import ImportJob, ImportKind, ImportState, Problem, RowIssue
from spreadsheets.participant_rows import ParticipantRows, Recheck, StoredRow, participant_columns_for, stored
from spreadsheets.result_rows import ResultRows
from training.actions import RecordedResults, TrainingError, TrainingResult, record_training_results

logger = logging.getLogger(__name__)
SAMPLE_ROWS = 10
ERRORS_KEPT = 10_000  # enough for any file worth fixing; the count says how many there were
PROGRESS_EVERY = 2_000


class ImportRefused(Exception):
    """The whole job is refused; ``code`` and ``params`` say why (spreadsheets.messages)."""

    def __init__(self, code: str, **params: str | int) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


class TransitionNotAllowed(Exception):
    pass


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
    another open import. Small files are validated before this returns; large
    ones in the background (the job page shows the progress)."""
    expire_abandoned_imports(organization=organization)
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


# --- transitions --------------------------------------------------------------


@transaction.atomic
def _move(job_id: int, to: ImportState, *, by: User | None = None, expired: bool = False, **values: Any) -> ImportJob:
    """``expired``: the system closes an abandoned job; nobody asked for it."""
    job = ImportJob.objects.select_for_update().get(pk=job_id)
    current = job.state
    if not job.can_move_to(to):
        raise TransitionNotAllowed(f"{current} -> {to}")
    job.state = to
    for name, value in values.items():
        setattr(job, name, value)
    if to in (ImportState.COMMITTED, ImportState.FAILED, ImportState.CANCELLED):
        job.finished_at = timezone.now()
        # The files hold NIKs and addresses: kept no longer than the job needs them.
        transaction.on_commit(lambda: _delete_files(job))
    job.save()
    changes: dict[str, object] = {"state": [current, to]}
    if expired:
        changes["expired_after_hours"] = settings.IMPORT_JOB_EXPIRES_AFTER_HOURS
    audit.record(
        actor=None if expired else by or job.uploaded_by, action=AuditAction.UPDATED, target=job, changes=changes
    )
    return job


def _delete_files(job: ImportJob) -> None:
    checked_rows.delete(job)  # first: its name follows the upload's
    job.file.delete(save=False)


def _fail(
    job_id: int, code: str, params: dict[str, str | int], *, issues: list[RowIssue] | None = None, sheet_name: str = ""
) -> None:
    extra: dict[str, Any] = {"problem": Problem(code=code, params=params)}
    if sheet_name:
        extra["sheet_name"] = sheet_name
    if issues is not None:
        extra.update(issues=issues[:ERRORS_KEPT], issue_count=len(issues))
    _move(job_id, ImportState.FAILED, **extra)


def cancel_import(*, job_id: int, by: User) -> ImportJob:
    return _move(job_id, ImportState.CANCELLED, by=by)


# A preview nobody confirmed is cancelled; a job stuck checking or writing
# (its worker gone) has failed.
_EXPIRES_TO = {
    ImportState.UPLOADED: ImportState.CANCELLED,
    ImportState.VALIDATED: ImportState.CANCELLED,
    ImportState.VALIDATING: ImportState.FAILED,
    ImportState.COMMITTING: ImportState.FAILED,
}


def expire_abandoned_imports(*, organization: Organization) -> int:
    """Close the organization's open jobs that have not moved for
    IMPORT_JOB_EXPIRES_AFTER_HOURS; return how many. Each closing is a checked
    transition with its audit row, so a job that moved on meanwhile is left alone."""
    cutoff = timezone.now() - datetime.timedelta(hours=settings.IMPORT_JOB_EXPIRES_AFTER_HOURS)
    abandoned = ImportJob.objects.active().filter(organization=organization).not_moved_since(cutoff)
    return sum(_expire(job_id, cutoff) for job_id in abandoned.values_list("pk", flat=True))


@transaction.atomic
def _expire(job_id: int, cutoff: datetime.datetime) -> bool:
    # Checked again under the lock: someone may have confirmed it a moment ago.
    job = ImportJob.objects.select_for_update().active().not_moved_since(cutoff).filter(pk=job_id).first()
    if job is None:
        return False
    to = _EXPIRES_TO[ImportState(job.state)]
    if to == ImportState.FAILED:
        _move(job.pk, to, expired=True, problem=Problem(code="internal", params={}))
    else:
        _move(job.pk, to, expired=True)
    return True


# --- validating ---------------------------------------------------------------


@dataclasses.dataclass
class Summary:
    counts: dict[Outcome, int] = dataclasses.field(default_factory=lambda: dict.fromkeys(Outcome, 0))
    invalid: int = 0
    issues: list[RowIssue] = dataclasses.field(default_factory=list)
    issue_count: int = 0
    sample: list[dict[str, str | int]] = dataclasses.field(default_factory=list)
    digest: Any = dataclasses.field(default_factory=hashlib.sha256)

    def add(self, result: Checked[Any], show: Callable[[Any], dict[str, str | int]]) -> None:
        if result.value is None:
            self.invalid += 1
            self.issue_count += len(result.issues)
            if len(self.issues) < ERRORS_KEPT:
                self.issues.extend(result.issues[: ERRORS_KEPT - len(self.issues)])
            self.digest.update(result.row.to_bytes(4, "big"))
            return
        if result.outcome is not None:
            self.counts[result.outcome] += 1
        if len(self.sample) < SAMPLE_ROWS:
            self.sample.append({"row": result.row, **show(result.value)})


def validate_import(*, job_id: int) -> None:
    """Check every row and keep the preview: counts, the first errors, the first valid rows."""
    job = _move(job_id, ImportState.VALIDATING)
    try:
        with _collecting_less(), job.file.open("rb") as stream:
            summary = _validate(job, stream)
    except SpreadsheetError as error:
        _fail(job.pk, error.problem, error.params, sheet_name=error.sheet)
        return
    except Exception:
        # A job left "checking" would block the organization's imports for good.
        logger.exception("import %s: validation failed", job.pk)
        _fail(job.pk, "internal", {})
        raise
    _move(
        job.pk,
        ImportState.VALIDATED,
        new=summary.counts[Outcome.NEW],
        updated=summary.counts[Outcome.UPDATED],
        unchanged=summary.counts[Outcome.UNCHANGED],
        invalid=summary.invalid,
        issues=summary.issues,
        issue_count=summary.issue_count,
        sample=summary.sample,
        invalid_digest=summary.digest.hexdigest(),
        rows_done=job.rows_total,
    )


def _validate(job: ImportJob, stream: IO[bytes]) -> Summary:
    table = _open_table(job, stream, by=job.uploaded_by)
    hidden_columns = [[table.headings[key], table.letters[key]] for key in table.hidden_columns]
    ImportJob.objects.filter(pk=job.pk).update(
        rows_total=table.row_count, sheet_name=table.sheet_name, hidden_columns=hidden_columns
    )
    job.rows_total = table.row_count
    summary = Summary()
    if job.kind == ImportKind.PARTICIPANTS:
        _validate_participants(job, table, summary)
        return summary
    results = list(ResultRows(table=table, by=job.uploaded_by, today=_today()).check())
    for checked in results:
        summary.add(checked, _show_result)
    _count_results(summary, [r.value for r in results if r.value is not None], by=job.uploaded_by)
    return summary


def _validate_participants(job: ImportJob, table: Table, summary: Summary) -> None:
    checker = ParticipantRows(table=table, by=job.uploaded_by, today=_today())
    with checked_rows.Writer(fields=checker.fields) as kept:
        for done, result in enumerate(checker.check(), 1):
            summary.add(result, _show_participant)
            if result.value is not None:
                kept.add(stored(result))
            _progress(job, done)
        kept.save(job)


def _open_table(job: ImportJob, stream: IO[bytes], *, by: User) -> Table:
    columns = participant_columns_for(by) if job.kind == ImportKind.PARTICIPANTS else RESULT_COLUMNS
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


def _progress(job: ImportJob, done: int) -> None:
    # Outside any transaction, so the page polling it sees it at once.
    if done % PROGRESS_EVERY == 0:
        ImportJob.objects.filter(pk=job.pk).update(rows_done=done)


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


def _show_result(result: TrainingResult) -> dict[str, str | int]:
    return {
        "completed_on": result.completed_on.isoformat(),
        "final_score": str(result.final_score),
        "certificate_number": result.certificate_number,
    }


# --- committing ---------------------------------------------------------------


def commit_import(*, job_id: int, by: User) -> ImportJob:
    """Confirm a previewed job; large ones are written in the background."""
    job = _move(job_id, ImportState.COMMITTING, by=by, confirmed_by=by)
    if job.background:
        enqueue_on_commit("spreadsheets.tasks.commit_import", job.pk)
    else:
        run_commit(job_id=job.pk)
        job.refresh_from_db()
    return job


class _ChangedSincePreview(Exception):
    pass


class Counts(TypedDict):
    """What a commit wrote, as the job keeps it."""

    new: int
    updated: int
    unchanged: int
    invalid: int


def run_commit(*, job_id: int) -> None:
    """Write the rows the preview found valid, all in one transaction, after
    checking again what may have changed since: the database (a NIK registered
    elsewhere meanwhile, a trade list replaced, the importer's access). Rows
    that were invalid in the preview are skipped; a row that is not valid any
    more writes nothing and fails the job with the reason."""
    job = ImportJob.objects.select_related("confirmed_by", "uploaded_by").get(pk=job_id)
    if job.state != ImportState.COMMITTING:
        return  # a task delivered twice
    by = job.confirmed_by or job.uploaded_by
    try:
        with _collecting_less(), transaction.atomic():
            counts = _write(job, by=by)
            _move(job.pk, ImportState.COMMITTED, by=by, **counts)
    except SpreadsheetError as error:
        _fail(job.pk, error.problem, error.params)
    except _ChangedSincePreview as changed:
        _fail(job.pk, "changed_since_preview", {"count": changed.args[0]})
    except (ParticipantError, TrainingError, IntegrityError) as error:
        _fail(job.pk, "not_possible", {"reason": str(error)})
    except Exception:
        logger.exception("import %s: commit failed", job.pk)
        _fail(job.pk, "internal", {})
        raise


def _write(job: ImportJob, *, by: User) -> Counts:
    if job.kind == ImportKind.PARTICIPANTS:
        with checked_rows.kept(job) as kept:
            if kept is not None:
                return _write_kept_participants(job, kept, by=by)
    with job.file.open("rb") as stream:
        return _check_and_write(job, stream, by=by)


def _write_kept_participants(job: ImportJob, kept: checked_rows.Kept, *, by: User) -> Counts:
    recheck = Recheck(by)
    no_longer_valid = 0

    def still_valid(rows: Iterator[StoredRow]) -> Iterator[DetailValues]:
        nonlocal no_longer_valid
        for row in rows:
            values = recheck.values(row)
            if values is None:
                no_longer_valid += 1
            else:
                yield values

    try:
        counts = import_participant_values(rows=still_valid(kept.rows), fields=kept.fields, by=by)
    except OutOfScope as refused:
        # A NIK registered elsewhere since the preview; the refusal has read every row.
        raise _ChangedSincePreview(refused.count + no_longer_valid) from None
    if no_longer_valid:
        raise _ChangedSincePreview(no_longer_valid)
    return Counts(new=counts.new, updated=counts.updated, unchanged=counts.unchanged, invalid=job.invalid)


def _check_and_write(job: ImportJob, stream: IO[bytes], *, by: User) -> Counts:
    """Every row checked again from the file: training results (a class list
    long), and participant jobs previewed before their rows were kept."""
    table = _open_table(job, stream, by=by)
    summary = Summary()

    def valid(results: Iterator[Checked[Any]]) -> Iterator[Any]:
        for result in results:
            summary.add(result, lambda _value: {})
            if result.value is not None:
                yield result.value

    if job.kind == ImportKind.PARTICIPANTS:
        checker = ParticipantRows(table=table, by=by, today=_today())
        participants = import_participants(rows=valid(checker.check()), fields=checker.fields, by=by)
        new, updated, unchanged = participants.new, participants.updated, participants.unchanged
    else:
        results = list(valid(ResultRows(table=table, by=by, today=_today()).check()))
        recorded = record_training_results(results=results, by=by)
        new, updated, unchanged = recorded.created, recorded.updated, recorded.unchanged
    if summary.digest.hexdigest() != job.invalid_digest:
        raise _ChangedSincePreview(max(summary.invalid - job.invalid, 1))
    return Counts(new=new, updated=updated, unchanged=unchanged, invalid=summary.invalid)
