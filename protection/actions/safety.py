"""Disaster safety checks: open one, ask everyone placed in its prefectures,
take answers (from the worker, their employer's side or a follow-up call),
record the calls, close it.

Asking is one ``INSERT … SELECT … ON CONFLICT DO NOTHING`` over the open
placements in Japan: twenty thousand workers are asked in one statement, and
running it again (the same check submitted twice, a retried task, a refresh
for those who arrived since) asks nobody twice. The e-mails go out from a
Celery task after the commit.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organization, User
from audit import actions as audit
from audit.models import AuditAction
from config.celery import enqueue_on_commit
from placements.models import Placement, PlacementStatus
from protection.models import AnsweredVia, FollowUpCall, SafetyAnswer, SafetyCheck, SafetyQuestion
from reference.models import Prefecture

MAIL_TASK = "protection.tasks.send_safety_questions"
# The columns the fan-out writes, in the order of its SELECT.
_ASKED = (
    "safety_check_id",
    "participant_id",
    "placement_id",
    "prefecture_id",
    "company_id",
    "supervising_organization_id",
    "support_organization_id",
    "sending_organization_id",
    "asked_at",
    "answer",
    "answered_via",
    "message",
    "whereabouts",
)
# What an audit row of an answer shows of the worker's words: that they were given, not what they say.
_MASKED = "•••"


class SafetyError(Exception):
    """A safety check action refused, with a sentence for the person who asked."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class Opened:
    check: SafetyCheck
    asked: int  # workers asked by this call: 0 when the check was open already and nobody arrived since
    created: bool


@dataclass(frozen=True)
class Answer:
    answer: SafetyAnswer
    message: str = ""
    whereabouts: str = ""


def open_safety_check(
    *, event: str, prefecture_ids: Sequence[int], by: User, now: datetime.datetime | None = None
) -> Opened:
    """Open a check for ``event`` in these prefectures and ask everyone placed
    there. The same event and prefectures while that check is open answer the
    open check (asking only those placed there since)."""
    now = now or timezone.now()
    event = " ".join(event.split())
    if not event:
        raise SafetyError(_("Name the event, e.g. the earthquake and its date."), field="event")
    prefectures = sorted(set(Prefecture.objects.filter(pk__in=prefecture_ids).values_list("pk", flat=True)))
    if not prefectures or len(prefectures) != len(set(prefecture_ids)):
        raise SafetyError(_("Pick the prefectures the event struck."), field="prefectures")
    same_as = f"{event.casefold()}|{','.join(map(str, prefectures))}"
    try:
        with transaction.atomic():
            check = SafetyCheck.objects.create(event=event, same_as=same_as, opened_by=by, opened_at=now)
            check.prefectures.set(prefectures)
            asked = _ask(check, now=now)
            audit.record(
                actor=by,
                action=AuditAction.CREATED,
                target=check,
                changes={"event": event, "prefectures": prefectures, "asked": asked},
            )
            enqueue_on_commit(MAIL_TASK, check.pk)
    except IntegrityError:
        # Submitted twice, or by two officers at once: the open check stands.
        check = SafetyCheck.objects.open().get(same_as=same_as)
        return Opened(check, ask_newcomers(check_id=check.pk, now=now), created=False)
    return Opened(check, asked, created=True)


def ask_newcomers(*, check_id: int, now: datetime.datetime | None = None) -> int:
    """Ask those placed in the check's prefectures who were not asked yet
    (arrived since, or moved there); the number asked. Idempotent."""
    with transaction.atomic():
        check = SafetyCheck.objects.select_for_update().get(pk=check_id)
        if not check.is_open:
            return 0
        asked = _ask(check, now=now or timezone.now())
        if asked:
            enqueue_on_commit(MAIL_TASK, check.pk)
    return asked


def _ask(check: SafetyCheck, *, now: datetime.datetime) -> int:
    """One INSERT … SELECT of a question for every open placement in Japan in
    the check's prefectures; the number of new questions."""
    placed = (
        Placement.objects.filter(status=PlacementStatus.IN_JAPAN, prefecture__in=check.prefectures.values("pk"))
        .order_by()
        .values(
            q_participant=F("participant_id"),
            q_placement=F("pk"),
            q_prefecture=F("prefecture_id"),
            q_company=F("company_id"),
            q_supervising=F("supervising_organization_id"),
            q_support=F("support_organization_id"),
            q_sending=F("participant__sending_organization_id"),
        )
    )
    inner, inner_params = placed.query.sql_with_params()
    quote = connection.ops.quote_name
    table = quote(SafetyQuestion._meta.db_table)
    columns = ", ".join(quote(name) for name in _ASKED)
    # "WHERE true": SQLite needs it to tell the upsert clause from a join's ON.
    statement = (
        f"INSERT INTO {table} ({columns}) "  # noqa: S608 - names from the models, values as parameters
        "SELECT %s, o.q_participant, o.q_placement, o.q_prefecture, o.q_company, o.q_supervising, "
        f"o.q_support, o.q_sending, %s, '', '', '', '' FROM ({inner}) o WHERE true ON CONFLICT DO NOTHING"
    )
    params = [check.pk, connection.ops.adapt_datetimefield_value(now), *inner_params]
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        inserted: int = cursor.rowcount
        return max(inserted, 0)


def answer_safety(
    *,
    question_id: int,
    answer: Answer,
    via: AnsweredVia,
    by: User | None,
    now: datetime.datetime | None = None,
) -> SafetyQuestion:
    """Record the worker's answer (given by them, or for them). ``by`` is None
    for an answer from the e-mail's signed link."""
    now = now or timezone.now()
    with transaction.atomic():
        # Locked: the worker and their company answering at once must not
        # both read "no answer" and leave the follow-up mark inconsistent.
        question = SafetyQuestion.objects.select_for_update().select_related("safety_check").get(pk=question_id)
        _set_answer(question, answer, via=via, by=by, now=now)
    return question


def _set_answer(
    question: SafetyQuestion, answer: Answer, *, via: AnsweredVia, by: User | None, now: datetime.datetime
) -> None:
    if not question.safety_check.is_open:
        raise SafetyError(_("This safety check is closed: answers are no longer taken."))
    if not question.may_become(answer.answer):
        raise SafetyError(_("Choose safe or need help."), field="answer")
    before = question.answer
    question.answer = answer.answer
    question.answered_at, question.answered_via, question.answered_by = now, via, by
    question.message = answer.message.strip()
    question.whereabouts = answer.whereabouts.strip()
    if answer.answer == SafetyAnswer.NEEDS_HELP:
        # A new call for help is new work, even if an earlier one was followed up.
        question.followed_up_at = None
    question.save(
        update_fields=[
            "answer",
            "answered_at",
            "answered_via",
            "answered_by",
            "message",
            "whereabouts",
            "followed_up_at",
        ]
    )
    audit.record(
        actor=by,
        action=AuditAction.STATUS_CHANGED,
        target=question,
        changes={
            "answer": [before, question.answer],
            "answered_via": via,
            "message": _MASKED if question.message else "",
            "whereabouts": _MASKED if question.whereabouts else "",
        },
    )


def record_follow_up(
    *,
    question_id: int,
    reached: bool,
    note: str,
    answer: Answer | None,
    by: User,
    organization: Organization | None,
    now: datetime.datetime | None = None,
) -> FollowUpCall:
    """A call to the worker, and what it learned: with ``answer``, the
    worker's answer as the call heard it. A call after a call for help marks
    it followed up once it reached them."""
    now = now or timezone.now()
    if answer is not None and not reached:
        raise SafetyError(_("An answer can only be recorded from a call that reached the worker."), field="answer")
    with transaction.atomic():
        question = SafetyQuestion.objects.select_for_update().select_related("safety_check").get(pk=question_id)
        if not question.safety_check.is_open:
            raise SafetyError(_("This safety check is closed: answers are no longer taken."))
        call = FollowUpCall.objects.create(
            question=question, called_at=now, called_by=by, organization=organization, reached=reached, note=note
        )
        if answer is not None:
            _set_answer(question, answer, via=AnsweredVia.FOLLOW_UP_CALL, by=by, now=now)
        if reached and question.answer == SafetyAnswer.NEEDS_HELP:
            question.followed_up_at = now
            question.save(update_fields=["followed_up_at"])
        audit.record(actor=by, action=AuditAction.CREATED, target=call, changes={"reached": reached})
    return call


def close_safety_check(*, check_id: int, by: User, now: datetime.datetime | None = None) -> SafetyCheck:
    with transaction.atomic():
        check = SafetyCheck.objects.select_for_update().get(pk=check_id)
        if not check.is_open:
            raise SafetyError(_("This safety check is closed already."))
        check.closed_at, check.closed_by = now or timezone.now(), by
        check.save(update_fields=["closed_at", "closed_by"])
        audit.record(
            actor=by,
            action=AuditAction.STATUS_CHANGED,
            target=check,
            changes={"closed_at": [None, check.closed_at.isoformat()]},
        )
    return check
