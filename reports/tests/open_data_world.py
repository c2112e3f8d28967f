"""Figures for the open-data tests, written straight into a snapshot (the
refresh that computes them is tested on its own).

The whole programme's figures hold small counts (1–9) beside the totals
that would give them away. Beside them, figures the open data must never
show, each with a number found nowhere else: another scope's, a year's slice
of a table the open data reads for every year, grievances and fees, an older
snapshot and one still being written."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from reference.models import Prefecture, Province
from reports.models import Figure, Snapshot

TAKEN_AT = datetime.datetime(2026, 12, 1, 2, 0, tzinfo=datetime.UTC)
# Numbers that only the figures the open data may not read hold.
FORBIDDEN = (4321, 5555, 6666, 7777, 8765, 9876)


@dataclass(frozen=True)
class OpenDataWorld:
    snapshot: Snapshot
    miyagi: Prefecture
    aichi: Prefecture
    osaka: Prefecture
    west_java: Province
    central_java: Province


def _write(snapshot: Snapshot, table: str, rows: list[tuple[str, dict[str, Any]]], **slice_: Any) -> None:
    fields = {"scope": "all", "year": 0, "programme": ""} | slice_
    Figure.objects.bulk_create(
        Figure(snapshot=snapshot, table=table, key=key, position=position, values=values, **fields)
        for position, (key, values) in enumerate(rows)
    )


def _departures(snapshot: Snapshot, table: str, by_programme: dict[str, dict[str, int]]) -> None:
    """``by_programme`` maps a programme ("" for all) to the departures per row key."""
    for programme, counts in by_programme.items():
        rows = [(key, {"departures": count}) for key, count in counts.items()]
        _write(snapshot, table, rows, programme=programme)


def open_data_world() -> OpenDataWorld:
    miyagi, _ = Prefecture.objects.get_or_create(jis_code="04", defaults={"name_ja": "宮城県", "name_en": "Miyagi"})
    aichi, _ = Prefecture.objects.get_or_create(jis_code="23", defaults={"name_ja": "愛知県", "name_en": "Aichi"})
    osaka, _ = Prefecture.objects.get_or_create(jis_code="27", defaults={"name_ja": "大阪府", "name_en": "Osaka"})
    west_java, _ = Province.objects.get_or_create(code="32", defaults={"name": "Jawa Barat", "name_en": "West Java"})
    central_java, _ = Province.objects.get_or_create(
        code="33", defaults={"name": "Jawa Tengah", "name_en": "Central Java"}
    )
    snapshot = Snapshot.objects.create(taken_at=TAKEN_AT, finished_at=TAKEN_AT + datetime.timedelta(minutes=3))
    m, a = str(miyagi.pk), str(aichi.pk)
    # 2026 SSW (7) is small, and the 2026 total (47) less TITP (40) would give it away.
    _departures(
        snapshot,
        "departures.by-year",
        {"": {"2024": 110, "2026": 47}, "titp": {"2024": 95, "2026": 40}, "ssw": {"2024": 15, "2026": 7}},
    )
    # Osaka has nobody: no row at all, as a refresh may leave it out.
    _departures(
        snapshot,
        "departures.by-prefecture",
        {"": {m: 120, a: 37}, "titp": {m: 105, a: 30}, "ssw": {m: 15, a: 7}},
    )
    # No SSW slice for provinces: what the every-programme figure holds beyond TITP
    # goes to "other or not recorded" (17 from West Java, Central Java's 5).
    w, c = str(west_java.pk), str(central_java.pk)
    _departures(snapshot, "departures.by-province", {"": {w: 152, c: 5}, "titp": {w: 135, c: 0}})
    active = [(m, {"active": 60}), (a, {"active": 3})]
    _write(snapshot, "placements.active-by-prefecture", active)
    _write(snapshot, "placements.active-by-prefecture", [(m, {"active": 52}), (a, {"active": 3})], programme="titp")
    _write(snapshot, "placements.active-by-prefecture", [(m, {"active": 8})], programme="ssw")
    funnel = [("registered", 300), ("trained", 296), ("ready", 250), ("departed", 157), ("returned", 20)]
    _write(snapshot, "pipeline.funnel", [(key, {"reached": n, "previous": n, "median_days": 30}) for key, n in funnel])
    moved = [("2025", {"moved": 4, "finished": 30}), ("2026", {"moved": 25, "finished": 33})]
    _write(snapshot, "placements.titp-to-ssw", moved)
    _forbidden(snapshot, miyagi)
    return OpenDataWorld(snapshot, miyagi, aichi, osaka, west_java, central_java)


def _forbidden(snapshot: Snapshot, miyagi: Prefecture) -> None:
    m = str(miyagi.pk)
    _write(snapshot, "departures.by-year", [("2026", {"departures": 4321})], scope="lpk-17")
    _write(snapshot, "departures.by-prefecture", [(m, {"departures": 8765})], scope="lpk-17")
    _write(snapshot, "placements.active-by-prefecture", [(m, {"active": 9876})], scope=f"prefecture-{miyagi.pk}")
    _write(snapshot, "departures.by-prefecture", [(m, {"departures": 6666})], year=2026)
    _write(snapshot, "protection.grievances", [("wages", {"cases": 5555, "workers": 5555})])
    older = Snapshot.objects.create(taken_at=TAKEN_AT - datetime.timedelta(days=1), finished_at=TAKEN_AT)
    _write(older, "departures.by-prefecture", [(m, {"departures": 7777})])
    unfinished = Snapshot.objects.create(taken_at=timezone.now(), finished_at=None)
    _write(unfinished, "departures.by-prefecture", [(m, {"departures": 7777})])
