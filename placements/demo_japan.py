"""Demo placements for everyone the demo puts in Japan or back home
(``seed_demo`` calls ``seed_stays``): life in Japan is held by placements, so
a participant "placed" with no placement could not move on.

Each gets a placement consistent with their status, on the terms of a demo
job order of their programme (no job order of its own, as for legacy data):
departed → in Japan, arrival not yet recorded; placed → in Japan with its
current stage period and the rule answer that set its end; transferred →
the placement left (the next is opened from the record); missing → ended,
with an open disappearance and its reports, some not yet made; deceased,
returned early, returned → ended so. Dates come from the participant's own
history. Written in bulk, a chunk at a time, like the participants; made
once: someone who has a placement already is left as they are.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.db.models import Min
from django.utils import translation

from accounts.models import User
from joborders import messages
from joborders.models import JobOrder
from lib.batches import batched
from lib.bulk_insert import insert_objects, reserve_ids
from participants.demo_data import CHUNK_SIZE
from participants.models import Participant, Status, StatusChange
from placements.models import (
    Disappearance,
    Ending,
    Placement,
    PlacementStatus,
    ResidenceStatus,
    StagePeriod,
    StayStage,
)
from reference.models import Track
from rules import Stage, titp_stage_end

# The statuses that need a placement, and how it ended (None: still in Japan).
_ENDING: dict[str, Ending | None] = {
    Status.DEPARTED: None,
    Status.PLACED: None,
    Status.TRANSFERRED: Ending.TRANSFERRED,
    Status.MISSING: Ending.MISSING,
    Status.DECEASED: Ending.DECEASED,
    Status.RETURNED_EARLY: Ending.RETURNED_EARLY,
    Status.RETURNED: Ending.COMPLETED,
}
_LECTURES = datetime.timedelta(days=30)
_DAY = datetime.timedelta(days=1)


@dataclasses.dataclass(frozen=True)
class _Person:
    """What the seeder reads of a participant (a row, not a model instance: 100,000 of them)."""

    pk: int
    status: str
    status_changed_at: datetime.datetime
    track: str | None


@dataclasses.dataclass(frozen=True)
class _Terms:
    """A demo job order's terms, read once."""

    values: dict[str, Any]
    stage: StayStage


def seed_stays(*, today: datetime.date) -> int:
    """Returns the number of placements made."""
    terms = _terms_by_track()
    if not terms:
        return 0
    by = User.objects.get(username="kemnaker")
    waiting = (
        Participant.objects.filter(status__in=list(_ENDING), placements__isnull=True)
        .order_by("pk")
        .values_list("pk", "status", "status_changed_at", "sending_programme__track")
    )
    made = 0
    for chunk in batched(waiting.iterator(chunk_size=CHUNK_SIZE), CHUNK_SIZE):
        made += _write([_Person(*row) for row in chunk], terms=terms, by=by, today=today)
    return made


def _terms_by_track() -> dict[str, list[_Terms]]:
    found: dict[str, list[_Terms]] = {}
    for order in JobOrder.objects.order_by("pk"):
        values = {
            "company_id": order.company_id,
            "supervising_organization_id": order.supervising_organization_id,
            "support_organization_id": order.support_organization_id,
            "prefecture_id": order.workplace_prefecture_id,
            "work_city": order.workplace_city,
            "work_city_ja": order.workplace_city_ja,
            "job_category_id": order.job_category_id,
            "operation_id": order.operation_id,
            "ssw_field_id": order.ssw_field_id,
            "esd_field_id": order.esd_field_id,
            "business_category": order.business_category,
        }
        found.setdefault(order.programme, []).append(_Terms(values, StayStage.of_order(order.programme, 1)))
    return found


def _terms_for(participant: _Person, terms: dict[str, list[_Terms]]) -> _Terms:
    track = participant.track or Track.TITP
    # ESD takes nobody before 2027-04-01: the demo's people in Japan are under TITP's terms then.
    choices = terms.get(track) or terms.get(Track.TITP) or next(iter(terms.values()))
    return choices[participant.pk % len(choices)]


def _first_days(ids: Sequence[int], status: Status) -> dict[int, datetime.date]:
    rows = (
        StatusChange.objects.filter(participant_id__in=ids, to_status=status)
        .values("participant_id")
        .annotate(first=Min("changed_at"))
    )
    return {row["participant_id"]: row["first"].date() for row in rows}


def _write(chunk: Sequence[_Person], *, terms: dict[str, list[_Terms]], by: User, today: datetime.date) -> int:
    ids = [participant.pk for participant in chunk]
    departed = _first_days(ids, Status.DEPARTED)
    placed = _first_days(ids, Status.PLACED)
    plans = [
        _plan(participant, _terms_for(participant, terms), departed=departed, placed=placed, today=today)
        for participant in chunk
    ]
    placements = [_placement(plan, by) for plan in plans]
    # Rows without a model save each (lib.bulk_insert), like the participants:
    # the keys reserved first, so that the periods and disappearances can point at them.
    with transaction.atomic():
        for placement, key in zip(placements, reserve_ids(Placement, len(placements)), strict=True):
            placement.pk = key
        insert_objects(Placement, placements, with_keys=True)
        pairs = list(zip(plans, placements, strict=True))
        insert_objects(StagePeriod, [_period(plan, placement, by) for plan, placement in pairs if plan.arrived_on])
        insert_objects(
            Disappearance,
            [_disappearance(plan, placement, by) for plan, placement in pairs if plan.ending == Ending.MISSING],
        )
    return len(placements)


@dataclasses.dataclass(frozen=True, kw_only=True)
class _Plan:
    participant: _Person
    terms: _Terms
    stage: StayStage
    departed_on: datetime.date
    arrived_on: datetime.date | None
    period_start: datetime.date
    ending: Ending | None
    ended_on: datetime.date | None


def _plan(
    participant: _Person,
    terms: _Terms,
    *,
    departed: dict[int, datetime.date],
    placed: dict[int, datetime.date],
    today: datetime.date,
) -> _Plan:
    since = participant.status_changed_at.date()
    left = departed.get(participant.pk, since - datetime.timedelta(days=60))
    ending = _ENDING[participant.status]
    work_starts = placed.get(participant.pk)
    if work_starts is None:
        # Never placed: departed and still waiting, or home before work began.
        return _Plan(
            participant=participant,
            terms=terms,
            stage=terms.stage,
            departed_on=left,
            arrived_on=None,
            period_start=max(left + _LECTURES, since) if ending is None else left,
            ending=ending,
            ended_on=since if ending else None,
        )
    stage, period_start = _stage_on(terms.stage, work_starts, since if ending else today)
    # Completed or transferred: the last day is the one before the status changed.
    last_day = since - _DAY if ending in (Ending.COMPLETED, Ending.TRANSFERRED) else since
    return _Plan(
        participant=participant,
        terms=terms,
        stage=stage,
        departed_on=left,
        arrived_on=min(left + _DAY, work_starts),
        period_start=period_start,
        ending=ending,
        ended_on=max(last_day, period_start) if ending else None,
    )


def _stage_on(first: StayStage, work_starts: datetime.date, day: datetime.date) -> tuple[StayStage, datetime.date]:
    """A TITP trainee moves to stage ii a year after work starts (the demo's
    trainees all pass the basic test); other programmes keep their stage."""
    if first == StayStage.TITP_I and day > _stage_answer(work_starts, 1)[0]:
        return StayStage.TITP_II, _stage_answer(work_starts, 1)[0] + _DAY
    return first, work_starts


@functools.lru_cache(maxsize=4096)
def _stage_answer(started_on: datetime.date, stage: int) -> tuple[datetime.date, dict[str, Any]]:
    """The rule's last day of a TITP stage and the answer's stored fields,
    once per start day: the demo keeps the answer as the arrival action would."""
    answer = titp_stage_end(started_on=started_on, stage=Stage.numbered(stage), on=started_on)
    rule = answer.rule
    with translation.override("en"):
        explained = answer.explain()
    fields = {
        "rule_family": rule.family if rule else "",
        "rule_version": rule.label if rule else "",
        "rule_effective_from": rule.effective_from if rule else None,
        "explanation": messages.many_to_json(answer.explanation),
        "explanation_en": explained,
    }
    return answer.value, fields


def _planned_end(plan: _Plan) -> tuple[datetime.date | None, dict[str, Any]]:
    number = plan.stage.titp_stage
    if number is None:
        # A contract of three years from the first day of work (SSW, engineer).
        return plan.period_start + datetime.timedelta(days=3 * 365), {}
    return _stage_answer(plan.period_start, number)


def _placement(plan: _Plan, by: User) -> Placement:
    planned_end, _fields = _planned_end(plan)
    ended = plan.ending is not None
    return Placement(
        participant_id=plan.participant.pk,
        status=PlacementStatus.ENDED if ended else PlacementStatus.IN_JAPAN,
        stage=plan.stage,
        starts_on=plan.period_start,
        departed_on=plan.departed_on,
        arrived_on=plan.arrived_on,
        planned_end_on=planned_end,
        residence_status=ResidenceStatus.for_stage(plan.stage) if plan.arrived_on else "",
        residence_card_number=f"ID{plan.participant.pk:08d}JP" if plan.arrived_on else "",
        residence_card_expires_on=planned_end + datetime.timedelta(days=30)
        if plan.arrived_on and planned_end
        else None,
        ended_on=plan.ended_on,
        ending=plan.ending or "",
        created_by=by,
        **plan.terms.values,
    )


def _period(plan: _Plan, placement: Placement, by: User) -> StagePeriod:
    planned_end, fields = _planned_end(plan)
    return StagePeriod(
        placement=placement,
        stage=plan.stage,
        started_on=plan.period_start,
        planned_end_on=planned_end,
        ended_on=plan.ended_on,
        created_by=by,
        **fields,
    )


def _disappearance(plan: _Plan, placement: Placement, by: User) -> Disappearance:
    since = plan.ended_on or plan.departed_on
    number = plan.participant.pk
    return Disappearance(
        placement=placement,
        missing_since=since,
        last_contact_on=since - datetime.timedelta(days=number % 4),
        # Some reports are not made yet: work for the supervising organization.
        police_reported_on=since + _DAY if number % 3 else None,
        otit_reported_on=since + 2 * _DAY if number % 2 else None,
        circumstances="Tidak kembali ke asrama setelah hari libur; telepon tidak aktif.",
        recorded_by=by,
    )
