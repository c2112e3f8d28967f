"""What the pages about work in Japan show, read in a few queries so that
templates never query: a placement's stages, its upskilling and the test the
next stage needs; a prefecture's counts (nobody named)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count

from placements.models import (
    MOVE_TESTS,
    NEXT_TITP_STAGE,
    Placement,
    PlacementQuerySet,
    PlacementStatus,
    SkillTest,
    StagePeriod,
    StayStage,
    Upskilling,
)
from reference.models import JobCategory, Prefecture, SSWField, Track


@dataclass(frozen=True)
class StaySummary:
    periods: list[StagePeriod]
    current: StagePeriod | None
    # Days from today until the current stage's last day (negative once past).
    days_left: int | None
    upskilling: list[Upskilling]
    # The stage a move would lead to, the tests that open it and whether one was passed in time.
    next_stage: StayStage | None
    next_tests: list[str]
    next_test_passed: bool

    @property
    def awaiting_arrival(self) -> bool:
        return self.current is None


def stay_summary(placement: Placement, *, today: datetime.date) -> StaySummary:
    periods = list(StagePeriod.objects.filter(placement=placement).select_related("created_by"))
    current = next((period for period in periods if period.ended_on is None), None)
    records = list(Upskilling.objects.filter(placement=placement))
    next_stage = NEXT_TITP_STAGE.get(StayStage(current.stage)) if current else None
    tests = MOVE_TESTS.get(next_stage, frozenset()) if next_stage else frozenset()
    last_day = current.planned_end_on if current else None
    passed = any(
        record.skill_test in tests and record.result == "passed" and (last_day is None or record.taken_on <= last_day)
        for record in records
    )
    return StaySummary(
        periods=periods,
        current=current,
        days_left=(last_day - today).days if last_day else None,
        upskilling=records,
        next_stage=next_stage,
        next_tests=[str(SkillTest(test).label) for test in sorted(tests)],
        next_test_passed=passed,
    )


@dataclass(frozen=True)
class Tally:
    label: str
    count: int


@dataclass(frozen=True)
class PrefectureFigures:
    prefecture: Prefecture
    in_japan: int
    preparing: int
    by_programme: list[Tally]
    by_stage: list[Tally]
    by_job_category: list[Tally]
    by_ssw_field: list[Tally]


def prefecture_figures(prefecture: Prefecture) -> PrefectureFigures:
    """Workers in ``prefecture`` now, counted by programme, stage, TITP job
    category and SSW field: numbers only, never a name."""
    here = Placement.objects.filter(prefecture=prefecture)
    working = here.in_japan()
    stages = dict(working.values_list("stage").annotate(n=Count("id")).values_list("stage", "n"))
    programmes: dict[Track, int] = {}
    for stage, count in stages.items():
        track = StayStage(stage).track
        programmes[track] = programmes.get(track, 0) + count
    return PrefectureFigures(
        prefecture=prefecture,
        in_japan=sum(stages.values()),
        preparing=here.filter(status=PlacementStatus.PREPARING).count(),
        by_programme=[Tally(str(track.label), programmes[track]) for track in Track if track in programmes],
        by_stage=[Tally(str(stage.label), stages[stage]) for stage in StayStage if stage in stages],
        by_job_category=_named_counts(working, "job_category", JobCategory),
        by_ssw_field=_named_counts(working, "ssw_field", SSWField),
    )


def _named_counts(placements: PlacementQuerySet, field: str, model: type[JobCategory] | type[SSWField]) -> list[Tally]:
    counts = dict(
        placements.filter(**{f"{field}__isnull": False})
        .values_list(field)
        .annotate(n=Count("id"))
        .values_list(field, "n")
    )
    names = model.objects.in_bulk(list(counts))
    rows = [Tally(str(names[pk].local_name), count) for pk, count in counts.items()]
    return sorted(rows, key=lambda row: (-row.count, row.label))
