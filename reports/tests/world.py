"""A snapshot of figures written directly, for the pages and exports to show
until (and besides) the refresh that computes them: every table of the
catalogue for a few scopes, every year and 2026, every programme and TITP.

The rows name real records (prefectures, organizations, provinces, trades,
job categories, SSW fields), so labels are read as on real figures. The
whole programme's counts are ten times a scope's, so a test can tell whose
figures a page shows; one funnel stage and one grievance row have wholes
under ``SMALL_NUMBER``, so small numbers show as counts.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Sequence

from django.utils import timezone

from accounts.models import Organization, OrganizationKind
from joborders.tests.world import prefecture, ssw_list, titp_list
from reference.models import JobCategory, Prefecture, Province, SSWField, VocationalProgramme
from reports.catalogue import DASHBOARDS, KeyKind, TableSpec
from reports.models import Figure, Snapshot
from reports.slices import ALL, Scope, ScopeKind
from tests.cast import Cast

YEAR = 2026
TAKEN_AT = datetime.datetime(2026, 12, 1, 5, 0, tzinfo=datetime.UTC)
# Whose counts are ten times the others': the whole programme's.
WHOLE_PROGRAMME_WEIGHT = 10
STAGES = ("registered", "trained", "ready", "shortlisted", "selected", "departed", "placed", "returned")
# Reached per stage for a weight of 1: "returned" (3 of 8) has a whole under SMALL_NUMBER.
REACHED = (120, 90, 70, 40, 30, 25, 8, 3)


def _pks(rows: Sequence[object]) -> list[str]:
    return [str(row.pk) for row in rows]  # type: ignore[attr-defined]


def _keys() -> dict[KeyKind, list[str]]:
    if not JobCategory.objects.exists():
        titp_list()
    if not SSWField.objects.exists():
        ssw_list()
    miyagi, aichi = prefecture(), prefecture("23", "愛知県", "Aichi")
    tokyo = prefecture("13", "東京都", "Tokyo")
    return {
        KeyKind.STAGE: list(STAGES),
        KeyKind.MONTH: [f"{YEAR}-{month:02d}" for month in range(1, 12)],
        KeyKind.YEAR: [str(YEAR - 1), str(YEAR)],
        KeyKind.PROGRAMME: ["titp", "ssw"],
        KeyKind.PREFECTURE: _pks([miyagi, aichi, tokyo]),
        KeyKind.PROVINCE: _pks(list(Province.objects.order_by("code")[:3])),
        KeyKind.ORGANIZATION: _pks(list(Organization.objects.filter(kind=OrganizationKind.SENDING_ORGANIZATION)[:3])),
        KeyKind.TRADE: _pks(list(VocationalProgramme.objects.order_by("pk")[:2])),
        KeyKind.JOB_CATEGORY: _pks(list(JobCategory.objects.order_by("pk")[:2])),
        KeyKind.SSW_FIELD: _pks(list(SSWField.objects.order_by("pk")[:2])),
        KeyKind.WORK: ["employed", "own_business", "not_working", "unknown"],
        KeyKind.MONTHS_AFTER: ["3", "6", "12"],
        KeyKind.CASE_CATEGORY: ["wages", "overtime"],
        KeyKind.FEE_RULE: ["fees"],
        KeyKind.TOTAL: ["total"],
    }


def _values(table: TableSpec, position: int, key: str, weight: int) -> dict[str, int]:
    """Made-up figures, the same for the same row, with the part never above its whole."""
    if table.name == "pipeline.funnel":
        reached = REACHED[position] * weight
        previous = REACHED[position - 1] * weight if position else reached
        return {"reached": reached, "previous": previous, "median_days": 10 + 5 * position}
    if table.name == "protection.grievances":
        # Wages: 3 of 400 workers (a rate); overtime: counted in a slice of 6 workers (counts only).
        return {"cases": 3 * weight, "workers": 400 * weight} if key == "wages" else {"cases": 1, "workers": 6}
    values = {}
    for i, column in enumerate(table.columns):
        if column.part:
            continue
        values[column.name] = (position + 1) * (5 + i) * weight if i else (position + 2) * 10 * weight
    if "finished" in values and "moved" in values:
        values["moved"], values["finished"] = values["finished"] // 2, values["finished"]
    if "answered" in values and "in_trade" in values:
        values["in_trade"] = values["answered"] // 2
    if "violations" in values:
        values["violations"] = weight
    return values


def _figures(snapshot: Snapshot, scope: Scope, keys: dict[KeyKind, list[str]]) -> Iterator[Figure]:
    weight = WHOLE_PROGRAMME_WEIGHT if scope == ALL else 1
    for dashboard in DASHBOARDS.values():
        for table in dashboard.tables:
            years = (0, YEAR) if table.by_year else (0,)
            for year in years:
                for programme in ("", "titp"):
                    for position, key in enumerate(keys[table.key_kind]):
                        yield Figure(
                            snapshot=snapshot,
                            table=table.name,
                            scope=scope.token,
                            year=year,
                            programme=programme,
                            key=key,
                            position=position,
                            values=_values(table, position, key, weight),
                        )


def figures_world(scopes: Sequence[Scope] = (ALL,), *, taken_at: datetime.datetime = TAKEN_AT) -> Snapshot:
    """A finished snapshot holding every table for ``scopes``."""
    keys = _keys()
    snapshot = Snapshot.objects.create(taken_at=taken_at, finished_at=taken_at + datetime.timedelta(minutes=3))
    figures = [figure for scope in scopes for figure in _figures(snapshot, scope, keys)]
    Figure.objects.bulk_create(figures, batch_size=2000)
    Snapshot.objects.filter(pk=snapshot.pk).update(figures=len(figures))
    return snapshot


def every_scope() -> list[Scope]:
    """The whole programme, each prefectural government's prefecture, each association, LPK/SO and BLK."""
    scopes = [ALL]
    prefectures = Organization.objects.filter(kind=OrganizationKind.PREFECTURE, prefecture__isnull=False)
    scopes += [Scope(ScopeKind.PREFECTURE, pk) for pk in prefectures.values_list("prefecture", flat=True)]
    for kind, org_kind in (
        (ScopeKind.ASSOCIATION, OrganizationKind.ASSOCIATION),
        (ScopeKind.SENDING_ORGANIZATION, OrganizationKind.SENDING_ORGANIZATION),
        (ScopeKind.TRAINING_CENTRE, OrganizationKind.TRAINING_CENTRE),
    ):
        scopes += [Scope(kind, pk) for pk in Organization.objects.filter(kind=org_kind).values_list("pk", flat=True)]
    return list(dict.fromkeys(scopes))


def miyagi_government(cast: Cast) -> Prefecture:
    """The cast's prefectural government, in Miyagi (the cast leaves its prefecture empty)."""
    miyagi = prefecture()
    Organization.objects.filter(pk=cast.prefecture.pk).update(prefecture=miyagi)
    cast.prefecture.refresh_from_db()
    return miyagi


def cast_figures(cast: Cast, *, taken_at: datetime.datetime | None = None) -> Snapshot:
    """The cast with its prefectural government in Miyagi, and figures for every scope of the cast."""
    miyagi_government(cast)
    return figures_world(every_scope(), taken_at=taken_at or timezone.now())
