"""Stage moves in technical intern training: i → ii and ii → iii on the same
placement, as ``rules.titp_stage_move`` and ``rules.titp_within_total_limit``
allow them on the day of the move.

A move closes the current stage period and opens the next with the rule
answer it rested on (its version and explanation), so a later rule version
never changes it. It reads, from the database: the passed skill test of the
right kind taken before the current stage ends (``Upskilling``), the highest
stage of the placement's operation (else its job category), whether the
company and the supervising organization are excellent (優良) on the day of
the move (their ``ExcellentStatus`` profiles), the months of TITP the person
already spent on every placement, and whether they were ever in stage iii.
"""

from __future__ import annotations

import dataclasses
import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import User
from audit import actions as audit
from audit.models import AuditAction
from lib.dates import period_end
from lib.residence_card import normalized_card_number
from participants.models import Participant
from placements.models import (
    NEXT_TITP_STAGE,
    Placement,
    PlacementStatus,
    ResidenceStatus,
    StagePeriod,
    StayStage,
    Upskilling,
)
from rules import Answer, Message, Refusal, Stage, titp_stage_end, titp_stage_move, titp_within_total_limit

# Where a refusal of the rules belongs on the form; the rest is said above it.
_FIELD_OF_RULE = {"home_return": "home_return_back_on"}
# The longest TITP could last, in months, with room: the loop that counts months stops there.
_MONTHS_CAP = 240


class StageMoveError(Exception):
    """A refusal with a message for the person who asked."""


class StageMoveRefused(StageMoveError):
    """Input or rules that say no: ``problems`` by form field, ``reasons`` for
    the whole move (each the rule's own explanation), ``answer`` the rules' whole
    answer where they were asked."""

    def __init__(
        self, problems: dict[str, str], reasons: list[str] | None = None, answer: Answer[bool] | None = None
    ) -> None:
        self.problems = problems
        self.reasons = reasons or []
        self.answer = answer
        super().__init__(_("Nothing was saved: the stage move is not allowed."))


class NoStageMove(StageMoveError):
    def __init__(self) -> None:
        super().__init__(
            _("Only a worker in Japan in TITP stage i or ii, with the arrival recorded, can move on to the next stage.")
        )


class PlacementChanged(StageMoveError):
    def __init__(self) -> None:
        super().__init__(_("Someone else changed this placement meanwhile. Reload the page and try again."))


@dataclasses.dataclass(frozen=True, kw_only=True)
class StageMoveDetails:
    # The first day of the next stage.
    moves_on: datetime.date
    # ii → iii: the home return between the stages.
    home_return_left_on: datetime.date | None = None
    home_return_back_on: datetime.date | None = None
    # The card issued with the new status of residence, where it is known already.
    residence_card_number: str = ""
    residence_card_expires_on: datetime.date | None = None


def locked_placement(placement_id: int) -> tuple[Participant, Placement]:
    """The participant, then the placement, locked: the order every placements action locks in."""
    participant_id = Placement.objects.values_list("participant_id", flat=True).get(pk=placement_id)
    participant = Participant.objects.select_for_update().get(pk=participant_id)
    # Only the placement's row is locked (PostgreSQL cannot lock the nullable side of the
    # outer join to the supervising organization); the organizations are read with it.
    placements = Placement.objects.select_for_update(of=("self",))
    return participant, placements.select_related("company", "supervising_organization").get(pk=placement_id)


@transaction.atomic
def move_stage(
    *,
    placement_id: int,
    details: StageMoveDetails,
    expected_version: int,
    by: User,
    today: datetime.date | None = None,
) -> StagePeriod:
    """Move the worker to the next TITP stage, or refuse with the rules' reasons and change nothing."""
    today = today or timezone.localdate()
    _participant, placement = locked_placement(placement_id)
    if placement.version != expected_version:
        raise PlacementChanged
    current = placement.periods.current().first()
    if placement.status != PlacementStatus.IN_JAPAN or current is None or current.stage not in NEXT_TITP_STAGE:
        raise NoStageMove
    target = NEXT_TITP_STAGE[StayStage(current.stage)]
    problems = move_problems(placement, current, details, target=target, today=today)
    if problems:
        raise StageMoveRefused(problems)
    answer, planned_end = stage_move_answer(placement, current, details, target=target)
    if answer.refused:
        raise _refused(answer, details)
    return _move(placement, current, details, target=target, answer=answer, planned_end=planned_end, by=by)


def move_problems(
    placement: Placement, current: StagePeriod, details: StageMoveDetails, *, target: StayStage, today: datetime.date
) -> dict[str, str]:
    """What is wrong with the dates and the card, by form field (the rules are asked only once these hold)."""
    problems: dict[str, str] = {}
    last_day = current.planned_end_on
    if details.moves_on > today:
        problems["moves_on"] = _("Record the move once the new stage has started: it cannot be in the future.")
    elif details.moves_on <= current.started_on:
        problems["moves_on"] = _("The new stage must start after the current one started on %(day)s.") % {
            "day": date_format(current.started_on, "DATE_FORMAT")
        }
    if target == StayStage.TITP_III:
        problems |= _home_return_problems(current, details, today=today)
    elif last_day is not None and details.moves_on > last_day + datetime.timedelta(days=1):
        problems.setdefault(
            "moves_on",
            _("The current stage ended on %(day)s: the next one starts on the following day at the latest.")
            % {"day": date_format(last_day, "DATE_FORMAT")},
        )
    problems |= _card_problems(details)
    if placement.job_category_id is None and placement.operation_id is None:
        problems["__all__"] = _("The placement names no job category: the highest stage cannot be read.")
    return problems


def _home_return_problems(current: StagePeriod, details: StageMoveDetails, *, today: datetime.date) -> dict[str, str]:
    left, back = details.home_return_left_on, details.home_return_back_on
    problems: dict[str, str] = {}
    if left is None:
        problems["home_return_left_on"] = _("Give the day the worker left Japan for the home return.")
    elif left <= current.started_on:
        problems["home_return_left_on"] = _("The home return must begin after stage ii started on %(day)s.") % {
            "day": date_format(current.started_on, "DATE_FORMAT")
        }
    elif current.planned_end_on and left > current.planned_end_on + datetime.timedelta(days=1):
        problems["home_return_left_on"] = _(
            "Stage ii ended on %(day)s: the worker had to leave Japan by the following day."
        ) % {"day": date_format(current.planned_end_on, "DATE_FORMAT")}
    if back is None:
        problems["home_return_back_on"] = _("Give the day the worker came back to Japan.")
    elif back > today:
        problems["home_return_back_on"] = _("The return to Japan cannot be in the future.")
    elif left is not None and back < left:
        problems["home_return_back_on"] = _("The worker cannot come back before leaving.")
    elif details.moves_on < back:
        problems["moves_on"] = _("Stage iii starts once the worker is back in Japan, on %(day)s or later.") % {
            "day": date_format(back, "DATE_FORMAT")
        }
    return problems


def _card_problems(details: StageMoveDetails) -> dict[str, str]:
    number, expires = details.residence_card_number.strip(), details.residence_card_expires_on
    if not number and expires is None:
        return {}
    if not number or normalized_card_number(number) is None:
        return {
            "residence_card_number": _(
                "A residence card number is two letters, eight digits and two letters, e.g. AB12345678CD."
            )
        }
    if expires is None or expires <= details.moves_on:
        return {"residence_card_expires_on": _("The new residence card must still be valid after the move.")}
    return {}


def stage_move_answer(
    placement: Placement, current: StagePeriod, details: StageMoveDetails, *, target: StayStage
) -> tuple[Answer[bool], datetime.date]:
    """The rules' answer on the day of the move, as one answer to store, and the new stage's last day."""
    day = details.moves_on
    new_stage = Stage.numbered(target.titp_stage or 0)
    ends = closing_day(current, details)
    move = titp_stage_move(
        from_stage=Stage.numbered(StayStage(current.stage).titp_stage or 0),
        to_stage=new_stage,
        passed_test=Upskilling.objects.filter(placement=placement).in_time_for(target, last_day=ends).exists(),
        job_category_max_stage=highest_stage(placement),
        supervising_organization_excellent=_excellent(placement, "supervising_profile", day),
        company_excellent=_excellent(placement, "company_profile", day),
        home_return_left_on=details.home_return_left_on,
        home_return_back_on=details.home_return_back_on,
        on=day,
    )
    end = titp_stage_end(started_on=day, stage=new_stage, on=day)
    total = titp_within_total_limit(
        months_completed=months_of_titp(placement.participant_id, current=current, ends_on=ends),
        months_planned=months_between(day, end.value),
        on=day,
    )
    parts: list[Answer[Any]] = [move, total, end]
    if target == StayStage.TITP_III:
        parts.insert(1, _stage_iii_once(placement.participant_id))
    refusals: tuple[Refusal, ...] = tuple(refusal for part in parts for refusal in part.refusals)
    combined = Answer(
        value=not refusals,
        explanation=tuple(message for part in parts for message in part.explanation),
        rule=move.rule,
        refusals=refusals,
    )
    return combined, end.value


def closing_day(current: StagePeriod, details: StageMoveDetails) -> datetime.date:
    """The current stage's last day: the day before the move, or before leaving
    for the home return; never after its planned end."""
    leaving = details.home_return_left_on or details.moves_on
    ends = leaving - datetime.timedelta(days=1)
    if current.planned_end_on is not None:
        ends = min(ends, current.planned_end_on)
    return max(ends, current.started_on)


def highest_stage(placement: Placement) -> int:
    """The operation's highest stage where the placement names one, else its job category's."""
    if placement.operation is not None:
        return int(placement.operation.max_stage)
    assert placement.job_category is not None  # move_problems refused a placement without either  # noqa: S101
    return int(placement.job_category.max_stage)


def _excellent(placement: Placement, profile: str, day: datetime.date) -> bool:
    organization = placement.company if profile == "company_profile" else placement.supervising_organization
    rating = getattr(organization, profile, None) if organization is not None else None
    return rating is not None and rating.is_excellent_on(day)


def months_between(first: datetime.date, last: datetime.date) -> int:
    """The calendar months from ``first`` to ``last`` (both counted), a month
    begun counting whole: what the five-year limit is counted in."""
    months = 1
    while period_end(first, months) < last and months < _MONTHS_CAP:
        months += 1
    return months


def months_of_titp(participant_id: int, *, current: StagePeriod, ends_on: datetime.date) -> int:
    """The TITP months the person spent on every placement, the current stage until ``ends_on``."""
    titp = [StayStage.TITP_I, StayStage.TITP_II, StayStage.TITP_III]
    periods = StagePeriod.objects.filter(placement__participant_id=participant_id, stage__in=titp).exclude(
        pk=current.pk
    )
    done = sum(months_between(p.started_on, p.ended_on or p.planned_end_on or p.started_on) for p in periods)
    return done + months_between(current.started_on, ends_on)


def _stage_iii_once(participant_id: int) -> Answer[bool]:
    earlier = (
        StagePeriod.objects.filter(placement__participant_id=participant_id, stage=StayStage.TITP_III)
        .order_by("started_on")
        .first()
    )
    if earlier is None:
        message = Message(gettext_noop("stage iii not taken before: it is taken once"))
        return Answer(value=True, explanation=(message,), rule=None)
    message = Message(
        gettext_noop("stage iii is taken once, and this worker was in stage iii from %(start)s"),
        start=earlier.started_on,
    )
    return Answer(value=False, explanation=(message,), rule=None, refusals=(Refusal(rule="once", message=message),))


def _refused(answer: Answer[bool], details: StageMoveDetails) -> StageMoveRefused:
    problems: dict[str, str] = {}
    reasons: list[str] = []
    for refusal in answer.refusals:
        field = _FIELD_OF_RULE.get(refusal.rule)
        if field is not None:
            problems[field] = str(refusal.message)
        else:
            reasons.append(str(refusal.message))
    return StageMoveRefused(problems, reasons, answer)


def _move(
    placement: Placement,
    current: StagePeriod,
    details: StageMoveDetails,
    *,
    target: StayStage,
    answer: Answer[bool],
    planned_end: datetime.date,
    by: User,
) -> StagePeriod:
    before = {"stage": placement.stage, "planned_end_on": _iso(placement.planned_end_on)}
    current.ended_on = closing_day(current, details)
    current.save(update_fields=["ended_on"])
    period = StagePeriod(
        placement=placement,
        stage=target,
        started_on=details.moves_on,
        planned_end_on=planned_end,
        home_return_left_on=details.home_return_left_on,
        home_return_back_on=details.home_return_back_on,
        created_by=by,
    )
    period.keep_answer(answer)
    period.save()
    placement.stage = target
    placement.residence_status = ResidenceStatus.for_stage(target)
    placement.planned_end_on = planned_end
    fields = ["stage", "residence_status", "planned_end_on", "version"]
    number = normalized_card_number(details.residence_card_number)
    if number is not None:
        placement.residence_card_number = number
        placement.residence_card_expires_on = details.residence_card_expires_on
        fields += ["residence_card_number", "residence_card_expires_on"]
    placement.version += 1
    placement.save(update_fields=fields)
    changes: dict[str, list[str | None]] = {
        "stage": [before["stage"], target.value],
        "planned_end_on": [before["planned_end_on"], planned_end.isoformat()],
        "rule_version": [None, period.rule_version],
    }
    audit.record(actor=by, action=AuditAction.UPDATED, target=placement, changes=changes)
    return period


def _iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None
