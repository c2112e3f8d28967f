"""The partner scorecards (``reports.scorecards``), for the whole programme's
scope only: the ministry alone reads them.

Each figure is counted by the database in a grouped query per source table
(placements, skill tests, cases, check-ins, ledger), by organization, year
and programme; the counts are then added up to "every year" and "every
programme" here. Counts of people (workers in Japan, workers who paid a
partner) cannot be added up across years or programmes, so those are
counted by the database once per year and once for every year. Medians are
taken by numpy over the resolved cases' durations, grouped without a loop
over the cases. Nothing here depends on the database engine.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db.models import (
    Aggregate,
    CharField,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models import Case as Choose
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone
from numpy.typing import NDArray

from accounts.models import Organization
from ledger.models import LedgerEntry, Payer
from matching.engine.columns import FitLevel
from matching.loader import job_kind, trade_levels
from placements.models import Ending, Placement, PlacementStatus, SkillTestResult, StayStage, Upskilling, UpskillingKind
from protection.models import Case, CheckIn
from protection.models import Status as CaseStatus
from reports.compute import FigureRow
from reports.scorecards import COUNTS, PROGRAMME, SCORECARDS, TOTAL_KEY, Kind, ScorecardSpec
from reports.slices import ALL, EVERY_PROGRAMME, EVERY_YEAR, FIRST_YEAR, PROGRAMMES

# (year, programme, organization id or None for the programme as a whole) → column → count.
Key = tuple[int, str, int | None]
Tally = defaultdict[Key, dict[str, int]]

_IN_JAPAN = (PlacementStatus.IN_JAPAN, PlacementStatus.ENDED)
_RESOLVED = (CaseStatus.RESOLVED, CaseStatus.CLOSED)
_ORDER = ("", *PROGRAMMES)


@dataclass(frozen=True)
class Side:
    """Whose figures a table holds, and the way from each source row to that organization."""

    spec: ScorecardSpec | None  # None: the programme as a whole
    # From a placement, a case or a check-in to the organization; None for the whole programme.
    path: str | None

    @property
    def table(self) -> str:
        return self.spec.table.name if self.spec else PROGRAMME.name


SIDES = (
    Side(SCORECARDS[Kind.SENDING_ORGANIZATIONS], "participant__sending_organization"),
    Side(SCORECARDS[Kind.SUPERVISING_ORGANIZATIONS], "supervising_organization"),
    Side(SCORECARDS[Kind.COMPANIES], "company"),
    Side(None, None),
)


def compute(*, now: datetime.datetime) -> Iterator[FigureRow]:
    """Every scorecard row for every year and programme, as of ``now``."""
    today = timezone.localdate(now)
    same = _same_job_type()
    for side in SIDES:
        yield from _rows(side, _tally(side, today=today, same=same))


def _tally(side: Side, *, today: datetime.date, same: frozenset[tuple[str, str]]) -> Tally:
    tally: Tally = defaultdict(dict)
    _departures(tally, side, same)
    _skill_tests(tally, side)
    _endings(tally, side)
    _grievances(tally, side)
    _checkins(tally, side, today=today)
    _violations(tally, side)
    years = _years(tally, today)
    _in_japan(tally, side, years)
    _payers(tally, side, years)
    _resolution_days(tally, side)
    return tally


# --- counting and adding up ------------------------------------------------------------


def _track(stage: str) -> Choose:
    """A placement's programme (reference.Track value) from its stage; "" when there is no placement."""
    whens = [
        When(**{f"{stage}__in": [s.value for s in StayStage if s.track == track]}, then=Value(track))
        for track in PROGRAMMES
    ]
    return Choose(*whens, default=Value(""), output_field=CharField())


def _add(tally: Tally, key: Key, counts: Mapping[str, int]) -> None:
    """Counts of one year, programme and organization, added to every slice that holds them."""
    year, programme, organization = key
    programmes = {programme, EVERY_PROGRAMME} if programme in PROGRAMMES else {EVERY_PROGRAMME}
    for slice_year in {year, EVERY_YEAR}:
        for slice_programme in programmes:
            bucket = tally[(slice_year, slice_programme, organization)]
            for name, count in counts.items():
                bucket[name] = bucket.get(name, 0) + count


def _grouped(
    rows: QuerySet[Any],
    *,
    organization: str | None,
    year: str,
    track: Any,
    counts: Mapping[str, Aggregate],
    extra: Iterable[str] = (),
) -> Iterator[tuple[Key, dict[str, Any]]]:
    """``counts`` per organization, year and programme (and ``extra`` fields), counted by the database."""
    fields = ["_year", "_track", *extra]
    if organization is not None:
        rows = rows.filter(**{f"{organization}__isnull": False})
        fields.append(organization)
    grouped = rows.annotate(_year=ExtractYear(year), _track=track).values(*fields).annotate(**counts).order_by()
    for row in grouped:
        if row["_year"] is not None and row["_year"] >= FIRST_YEAR:
            yield (row["_year"], row["_track"], row[organization] if organization else None), row


def _counted(
    tally: Tally, rows: QuerySet[Any], *, organization: str | None, year: str, track: Any, **counts: Aggregate
) -> None:
    for key, row in _grouped(rows, organization=organization, year=year, track=track, counts=counts):
        _add(tally, key, {name: row[name] for name in counts})


def _nested(path: str | None, prefix: str) -> str | None:
    return f"{prefix}__{path}" if path else None


# --- the figures -------------------------------------------------------------------------


def _same_job_type() -> frozenset[tuple[str, str]]:
    """(trade code, job kind) pairs the ministry's mapping calls the same job type."""
    _codes, levels = trade_levels()
    return frozenset(pair for pair, level in levels.items() if level == FitLevel.SAME)


def departures() -> QuerySet[Placement]:
    """First placements that flew: a transfer's or a change of programme's placement
    follows another and inherits its flight, so it is no departure of its own."""
    return Placement.objects.filter(status__in=_IN_JAPAN, follows__isnull=True, departed_on__isnull=False)


_JOB = ("participant__vocational_programme__code", "job_category__code", "ssw_field__name_ja", "esd_field__name_ja")


def _departures(tally: Tally, side: Side, same: frozenset[tuple[str, str]]) -> None:
    grouped = _grouped(
        departures(),
        organization=side.path,
        year="departed_on",
        track=_track("stage"),
        counts={"n": Count("pk")},
        extra=_JOB,
    )
    for key, row in grouped:
        trade, category, ssw, esd = (row[field] for field in _JOB)
        kind = job_kind(category, ssw or esd)
        fits = trade is not None and kind is not None and (trade, kind) in same
        _add(tally, key, {"departures": row["n"], "same_job": row["n"] if fits else 0})


def _skill_tests(tally: Tally, side: Side) -> None:
    _counted(
        tally,
        Upskilling.objects.filter(kind=UpskillingKind.SKILL_TEST),
        organization=_nested(side.path, "placement"),
        year="taken_on",
        track=_track("placement__stage"),
        tests_taken=Count("pk"),
        tests_passed=Count("pk", filter=Q(result=SkillTestResult.PASSED)),
    )


def _endings(tally: Tally, side: Side) -> None:
    _counted(
        tally,
        Placement.objects.filter(status=PlacementStatus.ENDED, ending__in=[Ending.RETURNED_EARLY, Ending.MISSING]),
        organization=side.path,
        year="ended_on",
        track=_track("stage"),
        early_returns=Count("pk", filter=Q(ending=Ending.RETURNED_EARLY)),
        disappearances=Count("pk", filter=Q(ending=Ending.MISSING)),
    )


def _grievances(tally: Tally, side: Side) -> None:
    _counted(
        tally,
        Case.objects.all(),
        organization=side.path,
        year="opened_at",
        track=_track("placement__stage"),
        grievances=Count("pk"),
    )


def _checkins(tally: Tally, side: Side, *, today: datetime.date) -> None:
    """Answers of rounds no longer taking any: a round still open would only say the month is not over."""
    _counted(
        tally,
        CheckIn.objects.filter(answered_at__isnull=False, round__closes_on__lt=today),
        organization=side.path,
        year="round__month",
        track=_track("placement__stage"),
        checkins_answered=Count("pk"),
        checkins_problems=Count("pk", filter=Q(signals_problem=True)),
    )


def _payments(side: Side) -> QuerySet[LedgerEntry]:
    """Payments a worker made, to a partner of the side's kind (to anyone for the whole programme)."""
    paid = LedgerEntry.objects.filter(payer=Payer.PARTICIPANT, reversal__isnull=True, reverses__isnull=True)
    if side.spec is None:
        return paid
    return paid.filter(payee_organization__kind=side.spec.organization_kind)


def _payee(side: Side) -> str | None:
    return "payee_organization" if side.spec else None


_LEDGER_TRACK = Coalesce(F("participant__sending_programme__track"), Value(""), output_field=CharField())


def _violations(tally: Tally, side: Side) -> None:
    _counted(
        tally,
        _payments(side).filter(breaks_policy=True),
        organization=_payee(side),
        year="paid_on",
        track=_LEDGER_TRACK,
        fee_violations=Count("pk"),
    )


def _years(tally: Tally, today: datetime.date) -> list[int]:
    """The years any figure fell in, and every year someone may have been in Japan since the first departure."""
    years = {year for year, _programme, _organization in tally if year != EVERY_YEAR}
    if years:
        years |= set(range(min(years), today.year + 1))
    return sorted(years)


def _per_period(
    tally: Tally,
    rows_in: Any,
    *,
    years: list[int],
    organization: str | None,
    track: Any,
    counts: Mapping[str, Aggregate],
) -> None:
    """Counts of people, by the database once per year and for every year, per
    programme and for every programme: a person counted in two years or two
    programmes is one person in the sum."""
    for year in [EVERY_YEAR, *years]:
        rows = rows_in(year)
        fields = [organization] if organization else []
        if organization:
            rows = rows.filter(**{f"{organization}__isnull": False})
        by_programme = rows.annotate(_track=track).values(*fields, "_track").annotate(**counts).order_by()
        everything = rows.values(*fields).annotate(**counts).order_by() if fields else [rows.aggregate(**counts)]
        for row in by_programme:
            if row["_track"] in PROGRAMMES:
                _put(tally, (year, row["_track"], row[organization] if organization else None), row, counts)
        for row in everything:
            _put(tally, (year, EVERY_PROGRAMME, row[organization] if organization else None), row, counts)


def _put(tally: Tally, key: Key, row: Mapping[str, Any], counts: Mapping[str, Aggregate]) -> None:
    if any(row[name] for name in counts):
        tally[key].update({name: row[name] for name in counts})


def _in_japan_during(year: int) -> QuerySet[Placement]:
    """Placements in Japan at some time in ``year`` (in every year: ever). A
    placement that follows another began on its own start, not its flight."""
    rows = Placement.objects.filter(status__in=_IN_JAPAN, departed_on__isnull=False)
    if year == EVERY_YEAR:
        return rows
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    began = Q(follows__isnull=True, departed_on__lte=last) | Q(follows__isnull=False, starts_on__lte=last)
    return rows.filter(began & (Q(ended_on__isnull=True) | Q(ended_on__gte=first)))


def _in_japan(tally: Tally, side: Side, years: list[int]) -> None:
    _per_period(
        tally,
        _in_japan_during,
        years=years,
        organization=side.path,
        track=_track("stage"),
        counts={"placements": Count("pk"), "workers": Count("participant", distinct=True)},
    )


def _payers(tally: Tally, side: Side, years: list[int]) -> None:
    def paid_in(year: int) -> QuerySet[LedgerEntry]:
        paid = _payments(side)
        return paid if year == EVERY_YEAR else paid.filter(paid_on__year=year)

    _per_period(
        tally,
        paid_in,
        years=years,
        organization=_payee(side),
        track=_LEDGER_TRACK,
        counts={"fee_payers": Count("participant", distinct=True)},
    )


# --- medians -------------------------------------------------------------------------------


def _resolution_days(tally: Tally, side: Side) -> None:
    """Per slice and organization: the resolved cases opened in the period, and
    the median whole days from opening to resolution."""
    rows = Case.objects.filter(status__in=_RESOLVED, resolved_at__isnull=False)
    organization = side.path
    if organization:
        rows = rows.filter(**{f"{organization}__isnull": False})
    fields = [organization] if organization else []
    columns = list(
        zip(
            *rows.annotate(
                _year=ExtractYear("opened_at"),
                _track=_track("placement__stage"),
                _took=ExpressionWrapper(F("resolved_at") - F("opened_at"), output_field=DurationField()),
            ).values_list("_year", "_track", "_took", *fields),
            strict=False,
        )
    )
    if not columns:
        return
    years = np.array(columns[0], dtype=np.int64)
    tracks = np.array([_ORDER.index(track) for track in columns[1]], dtype=np.int64)
    days = np.array(columns[2], dtype="timedelta64[s]") // np.timedelta64(1, "D")
    organizations = np.array(columns[3] if organization else [0] * len(years), dtype=np.int64)
    for key, count, median in _grouped_medians(years, tracks, organizations, days.astype(np.float64)):
        year, track, organization_id = key
        bucket = tally[(year, _ORDER[track], organization_id if organization else None)]
        bucket["resolved"] = count
        # Whole days, half up: a median between 3 and 4 days is 4.
        bucket["resolution_days"] = int(np.floor(median + 0.5))


def _grouped_medians(
    years: NDArray[np.int64], tracks: NDArray[np.int64], organizations: NDArray[np.int64], days: NDArray[np.float64]
) -> Iterator[tuple[tuple[int, int, int], int, float]]:
    """The count and median of ``days`` in every slice a case belongs to: its
    year and every year, its programme (if any) and every programme."""
    known = tracks > 0
    every = np.zeros_like(years)
    slice_years = np.concatenate([years, every, years[known], every[known]])
    slice_tracks = np.concatenate([np.zeros_like(tracks), np.zeros_like(tracks), tracks[known], tracks[known]])
    slice_organizations = np.concatenate([organizations, organizations, organizations[known], organizations[known]])
    values = np.concatenate([days, days, days[known], days[known]])
    keys = np.stack([slice_years, slice_tracks, slice_organizations], axis=1)
    groups, group_of = np.unique(keys, axis=0, return_inverse=True)
    group_of = group_of.reshape(-1)
    order = np.lexsort((values, group_of))
    ordered = values[order]
    counts = np.bincount(group_of, minlength=len(groups))
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    medians = (ordered[starts + (counts - 1) // 2] + ordered[starts + counts // 2]) / 2
    for group, count, median in zip(groups.tolist(), counts.tolist(), medians.tolist(), strict=True):
        if group[0] == EVERY_YEAR or group[0] >= FIRST_YEAR:
            yield (group[0], group[1], group[2]), count, median


# --- the rows ------------------------------------------------------------------------------


def _values(bucket: Mapping[str, int]) -> dict[str, int]:
    values = {name: bucket.get(name, 0) for name in COUNTS}
    if "resolution_days" in bucket:
        values["resolution_days"] = bucket["resolution_days"]
    return values


def _rows(side: Side, tally: Tally) -> Iterator[FigureRow]:
    slices: defaultdict[tuple[int, str], dict[int | None, dict[str, int]]] = defaultdict(dict)
    for (year, programme, organization), bucket in tally.items():
        slices[(year, programme)][organization] = _values(bucket)
    if side.spec is not None:
        # Every partner of the kind has a card, with zeros where nothing happened yet.
        everyone = slices[(EVERY_YEAR, EVERY_PROGRAMME)]
        kind = side.spec.organization_kind
        for pk in Organization.objects.filter(kind=kind, is_active=True).values_list("pk", flat=True):
            everyone.setdefault(pk, _values({}))
    for (year, programme), rows in sorted(slices.items()):
        ordered = sorted(rows.items(), key=lambda item: (-item[1]["departures"], item[0] or 0))
        for position, (organization, values) in enumerate(ordered):
            key = TOTAL_KEY if organization is None else str(organization)
            yield FigureRow(side.table, ALL.token, year, programme, key, position, values)
