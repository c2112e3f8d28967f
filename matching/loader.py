"""From the database to the engine's columns (matching.engine.columns).

Each figure is one query over the whole pool that returns plain tuples,
turned into numpy columns at once: no model instances, no query per person.
Rows follow the participants' ids in ascending order, so per-participant
figures from other tables land on their row by ``searchsorted``.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import numpy as np
from django.db.models import Avg, Count, Max, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from numpy.typing import NDArray

from joborders.decisions import rule_book
from joborders.models import JobOrder, JobOrderQuerySet
from lib.dates import last_day_months_before, yyyymmdd
from matching.engine import columns
from matching.engine.columns import Candidates, FitLevel, FitTable, JobOrders
from matching.japan import ExperienceLevels, JapanRecord, japan_records, job_kinds_of
from matching.models import ShortlistEntry
from participants.models import (
    Document,
    HealthCheck,
    HealthResult,
    LanguageResult,
    Participant,
    ParticipantQuerySet,
    Status,
    StatusChange,
)
from reference.models import DocumentKind, Fit, ProgrammeJobFit, SSWField, VocationalProgramme
from rules import Programme, in_force, minimum_age_applied
from training.models import Assessment, Enrolment

_Int = TypeVar("_Int", bound=np.integer[Any])
_Number = TypeVar("_Number", bound=np.number[Any])
_PoolIds = QuerySet[Participant, Any]

# A readiness that has already lapsed (no fit health check, no passport on file).
LAPSED = 0

# Who is in the pool: ready, or shortlisted and still free to be shortlisted again.
POOL = (Status.READY, Status.SHORTLISTED)

_FIT_LEVELS = {Fit.SAME: FitLevel.SAME, Fit.SIMILAR: FitLevel.SIMILAR}
_TRACKS = {code: index for index, code in enumerate(columns.TRACK_CODES)}


@dataclass(frozen=True)
class Trades:
    """The fit table with the names of its rows (trade codes) and columns (job kinds).

    A job kind is a TITP job category code, or ``ssw:`` and an SSW field's
    Japanese name; trades are BLK programme codes, one row per code across
    list versions (the latest version's mapping wins).
    """

    table: FitTable
    trade_rows: dict[str, int]
    kind_columns: dict[str, int]
    # Returnees in the pool: their record in Japan, and the table's row of
    # their trade together with that record (matching.japan).
    japan: dict[int, JapanRecord] = field(default_factory=dict)
    japan_rows: dict[int, int] = field(default_factory=dict)

    def trade_row(self, code: str | None) -> int:
        return self.trade_rows.get(code or "", columns.NO_TRADE)

    def candidate_row(self, participant_id: int, code: str | None) -> int:
        """The participant's row: their trade's, or their trade with their Japan record."""
        return self.japan_rows.get(participant_id, self.trade_row(code))

    def kind_column(self, kind: str | None) -> int:
        """The column of a job kind. An order naming none accepts any trade
        (NO_KIND); one naming a kind the mapping lacks gets the last column,
        which no trade fits: unknown is not the same as unrestricted."""
        if not kind:
            return columns.NO_KIND
        return self.kind_columns.get(kind, int(self.table.levels.shape[1]) - 1)

    def fitting_trades(self, kind: str | None) -> list[str] | None:
        """The trade codes that are the same as or similar to ``kind``; None when any trade will do."""
        column = self.kind_column(kind)
        if column == columns.NO_KIND:
            return None
        fits = self.table.levels[:, column] != FitLevel.NONE
        return [code for code, row in self.trade_rows.items() if fits[row]]


def ssw_kind(name_ja: str) -> str:
    return f"ssw:{name_ja}"


def trade_levels() -> tuple[list[str], dict[tuple[str, str], FitLevel]]:
    """Every trade code, and how each trade fits each job kind it names
    (``job_kind``): the ministry's mapping, which the matching and the
    partner scorecards (placed in the same job type) both read."""
    programmes = list(
        VocationalProgramme.objects.order_by("version__effective_from", "id").values_list("id", "code", "ssw_fields")
    )
    # Each trade code's mapping comes from the latest list version that has the code.
    latest = {code: pk for pk, code, _fields in programmes}
    levels: dict[tuple[str, str], FitLevel] = {}
    fits = ProgrammeJobFit.objects.filter(programme_id__in=latest.values()).values_list(
        "programme__code", "job_category_code", "fit"
    )
    for code, category, fit in fits:
        levels[(code, category)] = _FIT_LEVELS[Fit(fit)]
    for pk, code, fields in programmes:
        if latest[code] == pk:
            for field in _names(fields):
                levels[(code, ssw_kind(field))] = FitLevel.SAME
    return sorted(latest), levels


def load_trades(*, on: datetime.date | None = None) -> Trades:
    codes, levels = trade_levels()
    trade_rows = {code: row for row, code in enumerate(codes)}
    records = japan_records(Participant.objects.filter(status__in=POOL))
    kinds: dict[str, int] = {}
    # Columns for the jobs of the returnees' records and for every SSW field,
    # which a record may reach through the TITP → SSW mapping.
    named = [kind for _code, kind in sorted(levels)] + job_kinds_of(records.values()) + _ssw_kinds()
    for kind in named:
        kinds.setdefault(kind, len(kinds))
    # One more column, of zeros, for job kinds no trade fits (see Trades.kind_column).
    table = np.zeros((len(trade_rows), len(kinds) + 1), dtype=np.int8)
    for (code, kind), level in levels.items():
        table[trade_rows[code], kinds[kind]] = level
    return _with_japan_records(Trades(FitTable(table), trade_rows, kinds), records, on=on or timezone.localdate())


def _ssw_kinds() -> list[str]:
    fields = SSWField.objects.values_list("name_ja", flat=True).distinct().order_by("name_ja")
    return [ssw_kind(name) for name in fields]


def _with_japan_records(trades: Trades, records: dict[int, JapanRecord], *, on: datetime.date) -> Trades:
    """The fit table with a row for each returnee's trade together with their
    Japan record (the better level of the two for each job kind); returnees
    with the same trade and the same levels share a row."""
    levels = trades.table.levels
    experience = ExperienceLevels(trades.kind_columns, on=on)
    rows: dict[tuple[int, tuple[tuple[int, int], ...]], int] = {}
    extra: list[NDArray[np.int8]] = []
    base = list(range(len(levels)))
    japan_rows: dict[int, int] = {}
    for participant_id, record in sorted(records.items()):
        trade = trades.trade_row(record.trade_code)
        reached = tuple(sorted((column, int(level)) for column, level in experience.of(record).items()))
        key = (trade, reached)
        if key not in rows:
            row = levels[trade].copy() if trade != columns.NO_TRADE else np.zeros(levels.shape[1], dtype=np.int8)
            for column, level in reached:
                if columns.FIT_RANK[level] > columns.FIT_RANK[row[column]]:
                    row[column] = level
            rows[key] = len(levels) + len(extra)
            extra.append(row)
            base.append(trade)
        japan_rows[participant_id] = rows[key]
    if not extra:
        return dataclasses.replace(trades, japan=records)
    table = FitTable(np.vstack([levels, *extra]).astype(np.int8), base=np.array(base, dtype=np.int16))
    return dataclasses.replace(trades, table=table, japan=records, japan_rows=japan_rows)


def _names(ssw_fields: str) -> list[str]:
    # The ministry's mapping lists SSW fields by Japanese name, ";" between them.
    return [name.strip() for name in ssw_fields.replace("、", ";").split(";") if name.strip()]


# --- job orders ----------------------------------------------------------------


def job_kind(category_code: str | None, field: str | None) -> str | None:
    """A TITP job category's code, or ``ssw:`` and a field's Japanese name:
    an SSW field's, or an ESD field's, since ESD's fields follow SSW's by name
    and the trade mapping names SSW fields."""
    if category_code:
        return category_code
    return ssw_kind(field) if field else None


def _minimum_ages(rows: Sequence[tuple[Any, ...]]) -> Iterable[int]:
    """Each order's minimum age, never below the law's for its programme on
    its start date, whatever the order says (rules.minimum_age_applied)."""
    book = rule_book()
    by_day = {day: in_force(book.ages, day) for day in {row[7] for row in rows}}
    for row in rows:
        applied = minimum_age_applied(programme=Programme(row[1]), min_age=row[5], version=by_day[row[7]])
        yield applied or columns.NO_AGE_LIMIT_MIN


def load_job_orders(orders: JobOrderQuerySet, trades: Trades) -> JobOrders:
    rows = list(
        orders.order_by("id").values_list(
            "id",
            "programme",
            "job_category__code",
            Coalesce("ssw_field__name_ja", "esd_field__name_ja"),
            "min_japanese_level__rank",
            "min_age",
            "max_age",
            "start_date",
            "positions",
            "trade__code",
            "titp_stage",
        )
    )
    ids = np.array([row[0] for row in rows], dtype=np.int64)
    served = list(
        JobOrder.sending_organizations.through.objects.filter(joborder_id__in=[int(pk) for pk in ids])
        .order_by("joborder_id", "organization_id")
        .values_list("joborder_id", "organization_id")
    )
    served_orders = np.array([order for order, _ in served], dtype=np.int64)
    offsets = np.searchsorted(served_orders, ids, side="left")
    return JobOrders(
        ids=ids,
        kind=_int_column((trades.kind_column(job_kind(row[2], row[3])) for row in rows), np.int16),
        track=_int_column((_TRACKS.get(row[1], -1) for row in rows), np.int8),
        min_language_rank=_int_column((row[4] or 0 for row in rows), np.int16),
        min_age=_int_column(_minimum_ages(rows), np.int16),
        max_age=_int_column((columns.NO_AGE_LIMIT_MAX if row[6] is None else row[6] for row in rows), np.int16),
        start=_int_column((yyyymmdd(row[7]) for row in rows), np.int32),
        positions=_int_column((row[8] for row in rows), np.int32),
        preferred_trade=_int_column((trades.trade_row(row[9]) for row in rows), np.int16),
        served_offsets=np.append(offsets, len(served)).astype(np.int64),
        served_by=np.array([organization for _, organization in served], dtype=np.int32),
        titp_stage=_int_column((row[10] or 0 for row in rows), np.int8),
    )


# --- the pool --------------------------------------------------------------------


def load_candidates(pool: ParticipantQuerySet, trades: Trades, *, today: datetime.date) -> Candidates:
    """Everyone in ``pool`` (already narrowed to the POOL statuses by the caller's scope)."""
    rows = list(
        pool.order_by("id").values_list(
            "id",
            "vocational_programme__code",
            "sending_programme__track",
            "sending_programme__accepts_in_house_level",
            "sending_programme__passport_valid_months",
            "birth_date",
            "sending_organization_id",
        )
    )
    ids = np.array([row[0] for row in rows], dtype=np.int64)
    in_house_counts = np.array([bool(row[3]) for row in rows], dtype=bool)
    passport_months = [row[4] or 0 for row in rows]
    pool_ids = pool.values("id")
    return Candidates(
        ids=ids,
        trade=_int_column((trades.candidate_row(row[0], row[1]) for row in rows), np.int16),
        track=_int_column((_TRACKS.get(row[2] or "", -1) for row in rows), np.int8),
        language_rank=_language_ranks(ids, pool_ids, in_house_counts, today),
        birth=_int_column((yyyymmdd(row[5]) for row in rows), np.int32),
        sending_organization=_int_column(
            (columns.NO_ORGANIZATION if row[6] is None else row[6] for row in rows), np.int32
        ),
        assessment=_assessments(ids, pool_ids),
        training_hours=_training_hours(ids, pool_ids),
        waiting_days=_waiting_days(ids, pool_ids, today),
        ready_until=np.minimum(_health_until(ids, pool_ids, today), _passport_until(ids, pool_ids, passport_months)),
        live_shortlists=_live_shortlists(ids, pool_ids),
        # Returnees of TITP stage ii may take stage iii orders (Constraint.TITP_STAGE).
        completed_titp_stage=_int_column(
            (trades.japan[pk].completed_titp_stage if pk in trades.japan else 0 for pk in ids.tolist()), np.int8
        ),
    )


def _int_column(values: Iterable[int], dtype: type[_Int]) -> NDArray[_Int]:
    return np.fromiter(values, dtype=dtype)


def _per_row(
    ids: NDArray[np.int64], pairs: Sequence[tuple[int, float]], dtype: type[_Number], fill: float
) -> NDArray[_Number]:
    """A column with each (participant id, value) on its row, ``fill`` elsewhere."""
    column = np.full(len(ids), fill, dtype=dtype)
    if pairs:
        keys = np.array([pk for pk, _ in pairs], dtype=np.int64)
        column[np.searchsorted(ids, keys)] = np.array([value for _, value in pairs], dtype=dtype)
    return column


def _language_ranks(
    ids: NDArray[np.int64], pool_ids: _PoolIds, in_house_counts: NDArray[np.bool_], today: datetime.date
) -> NDArray[np.int16]:
    """The highest valid level's rank; an in-house level counts where the sending programme accepts it."""
    valid = LanguageResult.objects.filter(participant__in=pool_ids).valid_on(today)
    official = valid.official().values_list("participant_id").annotate(best=Max("level__rank"))
    any_kind = valid.values_list("participant_id").annotate(best=Max("level__rank"))
    official_rank = _per_row(ids, list(official), np.int16, 0)
    any_rank = _per_row(ids, list(any_kind), np.int16, 0)
    return np.where(in_house_counts, any_rank, official_rank).astype(np.int16)


def _assessments(ids: NDArray[np.int64], pool_ids: _PoolIds) -> NDArray[np.float32]:
    """The mean of all assessment scores (out of 100) as a share of the full mark."""
    means = (
        Assessment.objects.filter(enrolment__participant__in=pool_ids)
        .values_list("enrolment__participant_id")
        .annotate(mean=Avg("score"))
    )
    return _per_row(ids, [(pk, float(mean) / 100) for pk, mean in means], np.float32, 0.0)


def _training_hours(ids: NDArray[np.int64], pool_ids: _PoolIds) -> NDArray[np.float32]:
    """Hours credited for completed courses, at the BLK and the LPK/SO."""
    totals = (
        Enrolment.objects.completed()
        .filter(participant__in=pool_ids)
        .values_list("participant_id")
        .annotate(credited=Sum("credited_hours"))
    )
    return _per_row(ids, [(pk, float(hours or 0)) for pk, hours in totals], np.float32, 0.0)


def _waiting_days(ids: NDArray[np.int64], pool_ids: _PoolIds, today: datetime.date) -> NDArray[np.int32]:
    """Days since the participant last became ready: a shortlist that fell
    through does not send them to the back of the queue."""
    since = (
        StatusChange.objects.filter(participant__in=pool_ids, to_status=Status.READY)
        .values_list("participant_id")
        .annotate(at=Max("changed_at"))
    )
    ordinal = today.toordinal()
    days = [(pk, max(0, ordinal - timezone.localdate(at).toordinal())) for pk, at in since]
    return _per_row(ids, days, np.int32, 0)


def _health_until(ids: NDArray[np.int64], pool_ids: _PoolIds, today: datetime.date) -> NDArray[np.int32]:
    """Until when the latest health check keeps readiness: its expiry if it
    found the participant fit; otherwise readiness lapsed with it."""
    checks = (
        HealthCheck.objects.filter(participant__in=pool_ids, examined_on__lte=today)
        .order_by("participant_id", "examined_on", "id")
        .values_list("participant_id", "result", "expires_on")
    )
    latest: dict[int, int] = {}
    for pk, result, expires_on in checks:  # ascending, so the latest check wins
        latest[pk] = yyyymmdd(expires_on) if result == HealthResult.FIT else LAPSED
    return _per_row(ids, list(latest.items()), np.int32, LAPSED)


def _passport_until(ids: NDArray[np.int64], pool_ids: _PoolIds, months: Sequence[int]) -> NDArray[np.int32]:
    """The last day the current passport is still valid for the programme's months ahead."""
    expiries = (
        Document.objects.current()
        .filter(participant__in=pool_ids, kind=DocumentKind.PASSPORT, expires_on__isnull=False)
        .values_list("participant_id", "expires_on")
    )
    rows = {int(pk): row for row, pk in enumerate(ids.tolist())}
    until = [
        (pk, yyyymmdd(last_day_months_before(expires_on, months[rows[pk]])))
        for pk, expires_on in expiries
        if expires_on is not None  # filtered above; the type does not know
    ]
    return _per_row(ids, until, np.int32, LAPSED)


def _live_shortlists(ids: NDArray[np.int64], pool_ids: _PoolIds) -> NDArray[np.int8]:
    counts = (
        ShortlistEntry.objects.live()
        .filter(participant__in=pool_ids)
        .values_list("participant_id")
        .annotate(count=Count("id"))
    )
    return _per_row(ids, [(pk, min(count, 127)) for pk, count in counts], np.int8, 0)
