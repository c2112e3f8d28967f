"""What a participant import does at its steps beyond what every import does:
the changes its preview plans (``ImportChange``), the NIKs it found held
elsewhere (audited and rate-limited, ``participants.nik_checks``), the rows
its commit writes (``ImportRow``) and the records it registered (for undo)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from participants import nik_checks
from participants.imports import ImportRow, Outcome
from spreadsheets.models import ChangeKind, ImportChange, ImportJob
from spreadsheets.participant_rows import ParticipantChecked, Recheck, StoredRow

_KINDS = {Outcome.UPDATED: ChangeKind.UPDATE, Outcome.CONFLICT: ChangeKind.CONFLICT}


def plan_changes(job: ImportJob, results: Sequence[ParticipantChecked]) -> int:
    """Keep what the valid rows among ``results`` would change in registered
    records, for the preview to show and the commit to check; one insert for
    the lot. Returns how many."""
    planned = [
        ImportChange(
            job=job,
            row=result.row,
            participant_id=plan.participant,
            version=plan.version,
            kind=_KINDS[plan.outcome],
            fields=plan.change.fields,
            identity=list(plan.change.identity),
        )
        for result in results
        if result.value is not None
        and (plan := result.plan) is not None
        and plan.outcome in _KINDS
        and plan.participant is not None
    ]
    ImportChange.objects.bulk_create(planned)
    return len(planned)


def record_held_elsewhere(job: ImportJob, results: Iterable[ParticipantChecked]) -> None:
    """Audit and count each row whose NIK belongs to a record the importer may
    not change; refuse (``ChecksExhausted``) once the organization is past its
    limit, before the preview shows which rows they are."""
    found = [
        nik_checks.Found(result.plan.participant, f"import {job.pk}, row {result.row}", f"import:{job.pk}:{result.row}")
        for result in results
        if result.plan is not None
        and result.plan.outcome == Outcome.OUT_OF_SCOPE
        and result.plan.participant is not None
    ]
    if nik_checks.record_checks(by=job.uploaded_by, found=found):
        raise nik_checks.ChecksExhausted


def record_found_at_commit(job: ImportJob, participants: Sequence[int]) -> None:
    """NIKs registered elsewhere between the preview and the commit: checks too."""
    by = job.confirmed_by or job.uploaded_by
    nik_checks.record_checks(by=by, found=[nik_checks.Found(pk, f"import {job.pk}, commit") for pk in participants])


def decided_rows(job: ImportJob) -> frozenset[int]:
    """The rows whose conflict someone decided to write."""
    return frozenset(job.changes.conflicts().filter(accepted=True).values_list("row", flat=True))


class KeptRows:
    """The kept rows as the commit writes them, counting those no longer valid."""

    def __init__(self, job: ImportJob, recheck: Recheck) -> None:
        self.recheck = recheck
        self.decided = decided_rows(job)
        self.dropped = frozenset(job.dropped_rows)
        self.no_longer_valid = 0

    def rows(self, kept: Iterable[StoredRow]) -> Iterator[ImportRow]:
        for row in kept:
            if row.row in self.dropped:
                continue
            values = self.recheck.values(row)
            if values is None:
                self.no_longer_valid += 1
                continue
            yield ImportRow(values, row.blank, row.row, row.version, row.row in self.decided)


def as_ranges(ids: Iterable[int]) -> list[list[int]]:
    """``[1, 2, 3, 7, 8]`` → ``[[1, 3], [7, 8]]``: a hundred thousand ids
    reserved together are one or a few runs."""
    ranges: list[list[int]] = []
    for pk in sorted(ids):
        if ranges and ranges[-1][1] == pk - 1:
            ranges[-1][1] = pk
        else:
            ranges.append([pk, pk])
    return ranges


def ids_in(ranges: Iterable[Sequence[int]]) -> Iterator[int]:
    for first, last in ranges:
        yield from range(first, last + 1)
