"""Lost and duplicated background work, counted from what it wrote: what the
fault benchmark (bench/bench_faults.py, ``make bench-faults``) reports after it
killed a Celery worker in the middle of an import or of a safety check.

Interface (stable; the benchmark calls it in-process or through
``manage.py task_ledger``):

``count_import(job_id, niks) -> WorkCount``
    A participant import of a file whose rows carry ``niks`` (every row valid
    and new: the benchmark's own file). ``expected`` is ``len(niks)``; ``done``
    the NIKs registered; ``lost`` those not registered (all of them while the
    job has not reached "imported": its commit is one transaction);
    ``duplicated`` each registration beyond the first of one NIK's record
    (audit "created" rows), plus each commit of the job beyond its first.

``count_safety_check(check_id, mail_dir=None) -> WorkCount``
    A safety check's e-mail. ``expected`` is its questions whose worker has an
    address and had not answered before the mail; ``done`` those marked
    e-mailed. With ``mail_dir`` (the EMAIL_FILE_PATH the workers wrote to with
    Django's file-based e-mail backend) the messages themselves are counted
    by their Message-ID (``protection.safety_mail.message_id``): ``lost`` is
    each expected question with no message in the folder or not marked
    e-mailed, ``duplicated`` each message beyond the first of one question.
    Without it, ``lost`` is the expected questions not marked e-mailed and
    ``duplicated`` is 0 (the table cannot tell).

``WorkCount.line()``: ``task=<import|safety_check> id=<n> finished=<0|1>
expected=<n> done=<n> lost=<n> duplicated=<n> tasks_lost=<0|1>
tasks_duplicated=<0|1>``; ``tasks_lost`` is 1 when the work did not finish
(anything lost), ``tasks_duplicated`` 1 when anything of it was done twice.
Counting only reads; it may run while workers still work (then ``finished`` is
0 and the caller waits and counts again).
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Collection
from pathlib import Path

from django.db.models import Q

from audit.models import AuditAction, AuditEntry
from participants.models import Participant
from protection.models import SafetyCheck, SafetyQuestion
from protection.safety_mail import message_id
from spreadsheets.models import ImportJob, ImportState

_MESSAGE_ID = re.compile(rb"^Message-ID: (<safety-question-\d+@[^>\s]+>)\s*$", re.MULTILINE | re.IGNORECASE)


@dataclasses.dataclass(frozen=True)
class WorkCount:
    task: str
    id: int
    finished: bool
    expected: int
    done: int
    lost: int
    duplicated: int

    @property
    def tasks_lost(self) -> int:
        return int(self.lost > 0)

    @property
    def tasks_duplicated(self) -> int:
        return int(self.duplicated > 0)

    def line(self) -> str:
        return (
            f"task={self.task} id={self.id} finished={int(self.finished)} expected={self.expected} "
            f"done={self.done} lost={self.lost} duplicated={self.duplicated} "
            f"tasks_lost={self.tasks_lost} tasks_duplicated={self.tasks_duplicated}"
        )


def count_import(job_id: int, niks: Collection[str]) -> WorkCount:
    job = ImportJob.objects.get(pk=job_id)
    registered = dict(Participant.objects.with_niks(niks).values_list("nik", "pk"))
    created = Counter(
        AuditEntry.objects.filter(
            target_type=Participant._meta.label_lower,
            target_id__in=[str(pk) for pk in registered.values()],
            action=AuditAction.CREATED,
        ).values_list("target_id", flat=True)
    )
    commits = AuditEntry.objects.for_object(job).filter(changes__state=["committing", "committed"]).count()
    duplicated = sum(count - 1 for count in created.values() if count > 1) + max(commits - 1, 0)
    return WorkCount(
        task="import",
        id=job.pk,
        finished=job.state == ImportState.COMMITTED,
        expected=len(niks),
        done=len(registered),
        lost=len(niks) - len(registered),
        duplicated=duplicated,
    )


def count_safety_check(check_id: int, mail_dir: Path | None = None) -> WorkCount:
    SafetyCheck.objects.get(pk=check_id)  # a wrong number is an error, not "nothing expected"
    questions = SafetyQuestion.objects.filter(safety_check_id=check_id).exclude(participant__email="")
    # Answered before the mail went out: rightly never sent.
    expected = dict(questions.exclude(Q(emailed_at__isnull=True) & ~Q(answer="")).values_list("pk", "emailed_at"))
    marked = {pk for pk, emailed_at in expected.items() if emailed_at is not None}
    lost, duplicated = len(expected) - len(marked), 0
    if mail_dir is not None:
        sent = _messages_in(mail_dir)
        ids = {pk: message_id(pk) for pk in expected}
        lost = sum(1 for pk, mid in ids.items() if pk not in marked or sent[mid] == 0)
        duplicated = sum(sent[mid] - 1 for mid in ids.values() if sent[mid] > 1)
    return WorkCount(
        task="safety_check",
        id=check_id,
        finished=lost == 0,
        expected=len(expected),
        done=len(marked),
        lost=lost,
        duplicated=duplicated,
    )


def _messages_in(mail_dir: Path) -> Counter[str]:
    """Message-IDs of the safety e-mails Django's file-based backend wrote
    (one file per connection, messages one after another)."""
    found: Counter[str] = Counter()
    for path in sorted(mail_dir.glob("*")):
        if path.is_file():
            found.update(match.decode() for match in _MESSAGE_ID.findall(path.read_bytes()))
    return found
