"""Monthly check-ins: opening a month's round for every worker in Japan,
and a worker's answer, which opens a case for their LPK/SO when it signals
a problem (protection.checkin_signals decides which answers do).

Opened by Celery beat on CHECKIN_DAY of each month, or by
``manage.py open_checkin_round`` from cron; both call ``open_round``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from audit import actions as audit
from audit.models import AuditAction
from placements.models import Placement
from protection.actions.cases import CaseDetails, open_case
from protection.checkin_signals import Answers, case_category, signals_of
from protection.models import CheckIn, CheckInRound, Door

# The columns the round's one INSERT … SELECT writes; the others keep their defaults.
_INSERTED = (
    "round_id",
    "asked_at",
    "anything_to_report",
    "signals_problem",
    "participant_id",
    "placement_id",
    "company_id",
    "supervising_organization_id",
)
MOST_HOURS_A_WEEK = 7 * 24
MOST_DAYS_OFF = 31


class CheckInError(Exception):
    """An answer refused, with a sentence for the worker; ``field`` names the question."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class RoundOpened:
    round: CheckInRound
    asked: int


def first_of_month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def open_round(*, now: datetime.datetime) -> RoundOpened:
    """The round of ``now``'s month (Jakarta time), opened if it was not, and
    a check-in for every worker in Japan not asked yet this month: everyone
    whose placement is in Japan on the day. Running it again (a second beat,
    the command after the beat) asks only those who arrived since, while
    the round still takes answers."""
    today = timezone.localdate(now)
    with transaction.atomic():
        checkin_round = _round_of(first_of_month(today), now=now)
        # A round that stopped taking answers asks nobody more: they could not
        # answer, and their silence would count against their employer's rate.
        asked = _ask_everyone_in_japan(checkin_round, now=now) if checkin_round.closes_on >= today else 0
        audit.record(actor=None, action=AuditAction.CREATED, target=checkin_round, changes={"asked": [None, asked]})
    return RoundOpened(round=checkin_round, asked=asked)


def _round_of(month: datetime.date, *, now: datetime.datetime) -> CheckInRound:
    closes_on = timezone.localdate(now) + datetime.timedelta(days=settings.CHECKIN_ANSWER_DAYS)
    try:
        with transaction.atomic():
            return CheckInRound.objects.get_or_create(month=month, defaults={"opened_at": now, "closes_on": closes_on})[
                0
            ]
    except IntegrityError:
        # Two openers at once: the unique month lets one create it; the other reads it.
        return CheckInRound.objects.get(month=month)


def _ask_everyone_in_japan(checkin_round: CheckInRound, *, now: datetime.datetime) -> int:
    """One INSERT … SELECT … ON CONFLICT DO NOTHING over the placements in
    Japan: the database writes every row, and the unique (round, worker) key
    skips those already asked. The number of workers asked now."""
    in_japan = Placement.objects.in_japan().values(
        ci_participant=F("participant_id"),
        ci_placement=F("pk"),
        ci_company=F("company_id"),
        ci_supervising=F("supervising_organization_id"),
    )
    inner, inner_params = in_japan.order_by().query.sql_with_params()
    table = connection.ops.quote_name(CheckIn._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(name) for name in _INSERTED)
    # "WHERE true": SQLite needs it to tell the upsert clause from a join's ON.
    statement = (
        f"INSERT INTO {table} ({columns}) "  # noqa: S608 - names from the models, values as parameters
        f"SELECT %s, %s, '', %s, p.ci_participant, p.ci_placement, p.ci_company, p.ci_supervising "
        f"FROM ({inner}) p WHERE true ON CONFLICT DO NOTHING"
    )
    params = [checkin_round.pk, connection.ops.adapt_datetimefield_value(now), False, *inner_params]
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        inserted: int = cursor.rowcount
        return max(inserted, 0)


@dataclass(frozen=True, kw_only=True)
class CheckInAnswers:
    wages_paid_in_full: bool
    documents_in_own_hands: bool
    hours_per_week: int
    days_off_per_month: int
    safe_at_work: bool
    safe_at_home: bool
    anything_to_report: str = ""

    def as_answers(self) -> Answers:
        return Answers(
            wages_paid_in_full=self.wages_paid_in_full,
            documents_in_own_hands=self.documents_in_own_hands,
            hours_per_week=self.hours_per_week,
            days_off_per_month=self.days_off_per_month,
            safe_at_work=self.safe_at_work,
            safe_at_home=self.safe_at_home,
            anything_to_report=self.anything_to_report,
        )


def _answer_problems(answers: CheckInAnswers) -> None:
    if not 0 <= answers.hours_per_week <= MOST_HOURS_A_WEEK:
        raise CheckInError(_("A week has at most 168 hours."), field="hours_per_week")
    if not 0 <= answers.days_off_per_month <= MOST_DAYS_OFF:
        raise CheckInError(_("A month has at most 31 days."), field="days_off_per_month")


@transaction.atomic
def answer_checkin(
    *, checkin_id: int, answers: CheckInAnswers, by: User, now: datetime.datetime | None = None
) -> CheckIn:
    """The worker's answer. One that signals a problem opens a case (door
    CHECK_IN) routed to their LPK/SO, naming the company and supervising
    organization of the month; the check-in keeps the case."""
    # Locked: a double tap must not answer twice and open two cases.
    checkin = CheckIn.objects.select_for_update().select_related("round", "participant").get(pk=checkin_id)
    at = now or timezone.now()
    if checkin.is_answered:
        raise CheckInError(_("You have already answered this check-in. Thank you."))
    if checkin.round.closes_on < timezone.localdate(at):
        raise CheckInError(_("This check-in has closed. Next month's will be waiting for you here."))
    _answer_problems(answers)
    signals = signals_of(answers.as_answers())
    for name in _ANSWER_FIELDS:
        setattr(checkin, name, getattr(answers, name))
    checkin.anything_to_report = answers.anything_to_report.strip()
    checkin.answered_at = at
    checkin.signals_problem = bool(signals)
    if signals:
        checkin.case = open_case(
            details=_case_details(checkin, answers=answers),
            door=Door.CHECK_IN,
            by=by,
            now=at,
        )
    checkin.save(update_fields=[*_ANSWER_FIELDS, "answered_at", "signals_problem", "case"])
    audit.record(
        actor=by,
        action=AuditAction.UPDATED,
        target=checkin,
        changes={"answered_at": [None, at.isoformat()], "signals_problem": [False, checkin.signals_problem]},
    )
    return checkin


_ANSWER_FIELDS = (
    "wages_paid_in_full",
    "documents_in_own_hands",
    "hours_per_week",
    "days_off_per_month",
    "safe_at_work",
    "safe_at_home",
    "anything_to_report",
)


def _case_details(checkin: CheckIn, *, answers: CheckInAnswers) -> CaseDetails:
    """The case a signalling answer opens, told in the worker's language
    (Indonesian): what the answers said, then their own words."""
    # Built inside the override: the reasons carry figures and translate as they are formatted.
    with translation.override("id"):
        signals = signals_of(answers.as_answers())
        heading = _("Monthly check-in of %(month)s: the answers signal a problem.") % {
            "month": checkin.round.month.strftime("%m/%Y")
        }
        lines = [heading, *(str(signal.reason) for signal in signals)]
    if answers.anything_to_report.strip():
        lines += ["", answers.anything_to_report.strip()]
    return CaseDetails(
        category=case_category(signals),
        description="\n".join(lines),
        participant=checkin.participant,
        placement=checkin.placement,
        company=checkin.company,
        supervising_organization=checkin.supervising_organization,
    )
