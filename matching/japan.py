"""A returnee's record in Japan, as matching counts it.

Someone who came home and entered the pool again (``returned → ready``) brings
their placements: the job they did in Japan, for how long, and the highest
TITP stage they completed. Matching counts that record like a trade
(matching.engine.columns.FitLevel):

- the same TITP job category as the order's, or a job within the order's SSW
  field: ``JAPAN`` after a year or more there, ``JAPAN_BRIEF`` under a year;
- a completed TITP stage ii in a job category of the order's SSW field:
  ``JAPAN_EXEMPT``, since good completion of stage ii exempts from that
  field's skill test (``rules.titp_category_in_ssw_field``);
- and a completed stage ii opens TITP stage iii orders (Constraint.TITP_STAGE).

Only placements that ended count, read from their own terms (job category,
SSW field, dates), never from the job order they came from.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from matching.engine.columns import FitLevel
from participants.models import Participant
from placements.models import Ending, Placement, PlacementStatus, StayStage
from rules import titp_category_in_ssw_field

# A year of the same work counts in full; less counts between a similar and the same trade.
FULL_MONTHS = 12
SSW_PREFIX = "ssw:"


@dataclass(frozen=True)
class JapanRecord:
    trade_code: str  # the participant's BLK trade ("" if none)
    job_category: str  # code of the TITP job category of the latest placement ("" if none)
    job_category_name: str
    ssw_field: str  # Japanese name of the latest placement's SSW field ("" if none)
    months: int  # whole months worked in Japan in that job
    completed_titp_stage: int  # 0 to 3

    @property
    def level(self) -> FitLevel:
        return FitLevel.JAPAN if self.months >= FULL_MONTHS else FitLevel.JAPAN_BRIEF

    def explained(self) -> str:
        """The record in one line of the reader's language."""
        job = self.job_category_name or self.ssw_field
        line = _("%(months)s months in Japan as %(job)s") % {"months": self.months, "job": job}
        if self.completed_titp_stage:
            stage = {1: StayStage.TITP_I, 2: StayStage.TITP_II, 3: StayStage.TITP_III}[self.completed_titp_stage]
            line = _("%(record)s; %(stage)s completed") % {"record": line, "stage": stage.label}
        return line


def japan_records(participants: QuerySet[Participant]) -> dict[int, JapanRecord]:
    """The record in Japan of each of ``participants`` who has one, in one query."""
    rows = (
        Placement.objects.filter(
            participant__in=participants.values("pk"), status=PlacementStatus.ENDED, arrived_on__isnull=False
        )
        .order_by("participant_id", "ended_on", "id")
        .values_list(
            "participant_id",
            "participant__vocational_programme__code",
            "job_category__code",
            "job_category__name_ja",
            "ssw_field__name_ja",
            "stage",
            "ending",
            "arrived_on",
            "ended_on",
        )
    )
    by_participant: dict[int, list[_Worked]] = {}
    for pk, trade, category, category_name, field, stage, ending, arrived_on, ended_on in rows:
        worked = _Worked(
            trade=trade or "",
            category=category or "",
            category_name=category_name or "",
            field=field or "",
            completed_stage=StayStage(stage).titp_stage or 0 if ending == Ending.COMPLETED else 0,
            months=_months(arrived_on, ended_on) if arrived_on and ended_on else 0,
        )
        by_participant.setdefault(pk, []).append(worked)
    return {pk: _record(placements) for pk, placements in by_participant.items()}


@dataclass(frozen=True)
class _Worked:
    """One ended placement, as the record reads it."""

    trade: str
    category: str
    category_name: str
    field: str
    completed_stage: int
    months: int


def _record(placements: list[_Worked]) -> JapanRecord:
    """The latest placement's job, the months spent in that job over all of them."""
    latest = placements[-1]
    same_job = [p for p in placements if (p.category, p.field) == (latest.category, latest.field)]
    return JapanRecord(
        trade_code=latest.trade,
        job_category=latest.category,
        job_category_name=latest.category_name,
        ssw_field=latest.field,
        months=sum(p.months for p in same_job),
        completed_titp_stage=max(p.completed_stage for p in placements),
    )


def _months(first: datetime.date, last: datetime.date) -> int:
    months = (last.year - first.year) * 12 + last.month - first.month
    return max(0, months - (1 if last.day < first.day else 0))


class ExperienceLevels:
    """The level a Japan record reaches for each job kind column, the rule's
    answers asked once per (job category, SSW field)."""

    def __init__(self, kinds: Mapping[str, int], *, on: datetime.date) -> None:
        self.kinds = kinds
        self.on = on
        self._in_field: dict[tuple[str, str], bool] = {}

    def of(self, record: JapanRecord) -> dict[int, FitLevel]:
        levels: dict[int, FitLevel] = {}
        if record.job_category in self.kinds:
            levels[self.kinds[record.job_category]] = record.level
        for kind, column in self.kinds.items():
            if not kind.startswith(SSW_PREFIX):
                continue
            field = kind.removeprefix(SSW_PREFIX)
            if record.ssw_field == field:
                levels[column] = record.level
            elif record.job_category and self.in_field(record.job_category, field):
                exempt = record.completed_titp_stage >= 2
                levels[column] = FitLevel.JAPAN_EXEMPT if exempt else record.level
        return levels

    def in_field(self, category: str, field: str) -> bool:
        key = (category, field)
        if key not in self._in_field:
            answer = titp_category_in_ssw_field(job_category_code=category, field_name=field, on=self.on)
            self._in_field[key] = bool(answer.value)
        return self._in_field[key]


def job_kinds_of(records: Iterable[JapanRecord]) -> list[str]:
    """The job kinds the records name, which the fit table needs columns for."""
    kinds: list[str] = []
    for record in records:
        if record.job_category:
            kinds.append(record.job_category)
        if record.ssw_field:
            kinds.append(f"{SSW_PREFIX}{record.ssw_field}")
    return kinds
