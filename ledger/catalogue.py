"""The cost catalogue shipped as reference data: the classes of the ILO's
2019 definition of recruitment fees and related costs, with whether a
participant may bear each. The file is a starter: rows are created when their
code and date are missing and never changed afterwards, because ministry
administrators own the catalogue from then on (Django admin). A change is a
new row with a later effective date."""

from __future__ import annotations

import csv
import datetime
from pathlib import Path
from typing import TypedDict

from ledger.models import CostClass

CATALOGUE_FILE = Path(__file__).resolve().parents[1] / "reference" / "data" / "cost_catalogue-ilo-2019.csv"
KINDS = ("recruitment_fee", "related_cost", "illegitimate")


class CatalogueError(ValueError):
    """A catalogue file that cannot be loaded; the message names the row."""


class CostClassRow(TypedDict):
    code: str
    position: int
    kind: str
    participant_may_bear: bool
    name_en: str
    name_id: str
    name_ja: str
    effective_from: datetime.date
    source: str


def read_catalogue(path: Path = CATALOGUE_FILE) -> list[CostClassRow]:
    """Every row, checked in full before any is used."""
    with path.open(encoding="utf-8", newline="") as stream:
        return [_row(f"{path.name}: row {number}", raw) for number, raw in enumerate(csv.DictReader(stream), start=2)]


def _row(where: str, raw: dict[str, str]) -> CostClassRow:
    kind, bear = raw.get("kind", ""), raw.get("participant_may_bear", "")
    if kind not in KINDS:
        raise CatalogueError(f"{where}: kind {kind!r} is not one of {', '.join(KINDS)}")
    if bear not in ("yes", "no"):
        raise CatalogueError(f"{where}: participant_may_bear must be yes or no, not {bear!r}")
    if kind == "illegitimate" and bear == "yes":
        raise CatalogueError(f"{where}: an illegitimate cost is never the participant's to bear")
    if not all(raw.get(name, "").strip() for name in ("code", "name_en", "name_id", "name_ja", "source")):
        raise CatalogueError(f"{where}: code, names and source are all needed")
    try:
        effective_from = datetime.date.fromisoformat(raw.get("effective_from", ""))
        position = int(raw.get("position", ""))
    except ValueError as error:
        raise CatalogueError(f"{where}: {error}") from error
    return CostClassRow(
        code=raw["code"].strip(),
        position=position,
        kind=kind,
        participant_may_bear=bear == "yes",
        name_en=raw["name_en"].strip(),
        name_id=raw["name_id"].strip(),
        name_ja=raw["name_ja"].strip(),
        effective_from=effective_from,
        source=raw["source"].strip(),
    )


def ensure_catalogue() -> int:
    """Load the shipped catalogue's classes that are missing (none are changed:
    ministry administrators may have edited them). Migration 0003 does this on
    a new database; the demo calls it too, because a test that empties the
    tables between runs empties the catalogue with them. Returns how many were added."""
    added = 0
    for row in read_catalogue():
        _, created = CostClass.objects.get_or_create(
            code=row["code"], effective_from=row["effective_from"], defaults=dict(row)
        )
        added += created
    return added
