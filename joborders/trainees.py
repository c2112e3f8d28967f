"""The technical intern trainees a company holds, by stage and day: what the
TITP quota check counts.

Three sources, each a list of spells (so many trainees in one stage from one
day to another):

* the trainees the supervising organization records on the company's profile
  (``CompanyProfile.trainees_stage_*``): those that did not come through this
  system's job orders, e.g. from other countries. Counted on every day, as
  nothing says when they leave;
* filled TITP job orders: their positions, from the start date for as long as
  the order's stage lasts (``rules.titp_stage_end``, by the rules in force
  then). A stage i order's trainees then move on to stage ii at the same
  company, as TITP intends (stage ii is not recruited), so they are counted
  in stage ii for its length too; stage iii needs a home return first and is
  not assumed;
* open and interviewing TITP orders: the positions they hold, counted the
  same way, as if filled.

``company_trainees`` is the one function that reads them. When placements
exist, their records replace the filled orders here (a placement says who
arrived, when, in which stage, and when they left); everything that reads the
spells (the quota check, the company's page) stays as it is.
"""

from __future__ import annotations

import dataclasses
import datetime
import enum
from collections.abc import Iterable, Sequence

from joborders.models import CompanyProfile, JobOrder, JobOrderStatus, TitpStage
from reference.models import is_construction_sector
from rules import RuleVersion, Stage, TitpStageParameters, in_force, titp_stage_end


class Source(enum.StrEnum):
    RECORDED = "recorded"  # on the profile, by the supervising organization
    FILLED = "filled"  # filled job orders
    HOLDING = "holding"  # open and interviewing job orders


@dataclasses.dataclass(frozen=True)
class Spell:
    """``trainees`` in ``stage`` from ``first_day`` to ``last_day`` (both
    included; None: no known end)."""

    source: Source
    stage: TitpStage
    trainees: int
    first_day: datetime.date
    last_day: datetime.date | None
    construction: bool  # in a construction job category

    def covers(self, day: datetime.date) -> bool:
        return self.first_day <= day and (self.last_day is None or day <= self.last_day)


@dataclasses.dataclass(frozen=True)
class Peak:
    """The most trainees held at once in a period, the first day it happens, and where they come from."""

    day: datetime.date
    held: int
    recorded: int
    filled: int
    holding: int


@dataclasses.dataclass(frozen=True)
class Trainees:
    spells: tuple[Spell, ...]

    def held_on(self, day: datetime.date, *, stage: TitpStage | None = None, construction_only: bool = False) -> int:
        """Trainees held on ``day`` in ``stage`` (None: every stage)."""
        return self.peak(day, day, stage=stage, construction_only=construction_only).held

    def peak(
        self,
        first: datetime.date,
        last: datetime.date,
        *,
        stage: TitpStage | None = None,
        construction_only: bool = False,
    ) -> Peak:
        """The most trainees held at once on any day from ``first`` to
        ``last``. The count only changes on the day a spell starts, so those
        days (and ``first``) are the only ones to look at."""
        spells = [
            spell
            for spell in self.spells
            if (stage is None or spell.stage == stage) and (spell.construction or not construction_only)
        ]
        days = sorted({first} | {spell.first_day for spell in spells if first < spell.first_day <= last})
        peaks = [_peak_on(day, spells) for day in days]
        return max(peaks, key=lambda peak: peak.held)  # max keeps the first of equals: the earliest day


def _peak_on(day: datetime.date, spells: Iterable[Spell]) -> Peak:
    by_source = dict.fromkeys(Source, 0)
    for spell in spells:
        if spell.covers(day):
            by_source[spell.source] += spell.trainees
    return Peak(
        day=day,
        held=sum(by_source.values()),
        recorded=by_source[Source.RECORDED],
        filled=by_source[Source.FILLED],
        holding=by_source[Source.HOLDING],
    )


def order_spells(
    *,
    stage: TitpStage,
    positions: int,
    starts_on: datetime.date,
    construction: bool,
    source: Source,
    versions: Sequence[RuleVersion[TitpStageParameters]],
) -> list[Spell]:
    """The spells of one order's trainees: its stage from the start date, and
    for stage i the stage ii that follows at the same company. ``versions``
    are the TITP stage rules; each stage lasts as the version in force on its
    first day says."""
    spells = []
    first_day = starts_on
    for current in (TitpStage.I, TitpStage.II) if stage == TitpStage.I else (stage,):
        last_day = titp_stage_end(
            started_on=first_day, stage=Stage.numbered(current), version=in_force(versions, first_day)
        ).value
        spells.append(Spell(source, current, positions, first_day, last_day, construction))
        first_day = last_day + datetime.timedelta(days=1)
    return spells


HOLDING = {
    JobOrderStatus.FILLED: Source.FILLED,
    JobOrderStatus.OPEN: Source.HOLDING,
    JobOrderStatus.INTERVIEWING: Source.HOLDING,
}


def company_trainees(
    company: CompanyProfile, *, excluding: int | None, versions: Sequence[RuleVersion[TitpStageParameters]]
) -> Trainees:
    """Every spell of the company's trainees, leaving out job order ``excluding``
    (the one being decided on)."""
    recorded = [
        Spell(Source.RECORDED, stage, company.current_trainees(stage), datetime.date.min, None, company.is_construction)
        for stage in TitpStage
        if company.current_trainees(stage)
    ]
    ordered: list[Spell] = []
    commitments = JobOrder.objects.titp_commitments(company_id=company.organization_id, excluding=excluding)
    for status, stage, positions, starts_on, sector in commitments:
        ordered += order_spells(
            stage=TitpStage(stage or TitpStage.I),  # the query leaves out orders without a stage
            positions=positions,
            starts_on=starts_on,
            construction=is_construction_sector(sector or ""),
            source=HOLDING[JobOrderStatus(status)],
            versions=versions,
        )
    return Trainees(spells=(*recorded, *ordered))
