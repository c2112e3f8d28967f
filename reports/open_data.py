"""The tables of the public open-data page, built from the latest snapshot.

Only the whole programme's figures (scope ALL) are read, never a
prefecture's, an association's or an LPK/SO's, and never grievances or fees.
Each table is rows × columns of counts that add up (so that its totals are
equations the suppression can reason about) and goes through
``reports.suppression.protect`` before anyone sees it:

- counts by programme: a column per programme, whose row total is the
  every-programme figure; what that figure holds beyond the programmes'
  columns gets a column of its own ("other or not recorded"), so the row
  still adds up;
- the funnel: its stages are nested ("reached the stage" includes everyone
  who went further), and the difference of two published stages would be a
  count like any other, so it is published as how far each participant got
  (those who reached the stage and not the next), which adds up to everyone
  registered;
- TITP to SSW: "moved on" and "did not move on", adding up to "finished TITP".

Rows that have no figure are rows of 0, shown like any other: a missing row
would tell a 0 from a withheld 1–9. Figures that do not add up (a programme's
count above the every-programme one, a later stage above an earlier one, a
count that is not one) make the table unavailable rather than wrong.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lib.languages import page_language
from reference.models import Prefecture, Province, Track
from reports.catalogue import TABLES, TableSpec
from reports.figures import read_table
from reports.models import Snapshot
from reports.slices import ALL, EVERY_PROGRAMME, PROGRAMMES, Slice
from reports.suppression import Protected, Table, protect

# The row for keys that name no prefecture or province (not recorded).
UNKNOWN = "unknown"
TOTAL = _("Total")

STAGES: dict[str, Promise] = {
    "registered": _("Registered"),
    "trained": _("Trained"),
    "ready": _("Ready for matching"),
    "shortlisted": _("Shortlisted"),
    "selected": _("Selected by an employer"),
    "departed": _("Departed for Japan"),
    "placed": _("At work in Japan"),
    "returned": _("Returned home"),
}


class Unavailable(Exception):
    """The snapshot's figures for a table do not add up: it is not published."""


@dataclass(frozen=True)
class Line:
    """One row of a published table as shown: None where a value is withheld."""

    label: str
    values: tuple[int | None, ...]
    total: bool = False


@dataclass(frozen=True)
class OpenTable:
    name: str
    title: Promise
    about: Promise
    row_heading: Promise
    headings: tuple[str, ...]
    lines: tuple[Line, ...]
    available: bool = True

    @property
    def withheld(self) -> int:
        return sum(value is None for line in self.lines for value in line.values)


@dataclass(frozen=True)
class _Built:
    """A table before protection: labels and counts."""

    row_labels: tuple[str, ...]
    column_headings: tuple[str, ...]
    table: Table
    row_total_heading: Promise = TOTAL
    total_label: Promise = TOTAL


@dataclass(frozen=True)
class _Spec:
    title: Promise
    about: Promise
    row_heading: Promise
    # The catalogue table it is built from (never one about protection: tested).
    source: str
    build: Callable[[Snapshot, TableSpec], _Built]


def _counts(snapshot: Snapshot, table: TableSpec, column: str, programme: str = EVERY_PROGRAMME) -> dict[str, int]:
    """The table's ``column`` by row key, for the whole programme and every year."""
    counts: dict[str, int] = {}
    for row in read_table(snapshot, table, Slice(ALL, programme=programme)):
        value = row.values.get(column)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise Unavailable(f"{table.name} {row.key}: {column} is {value!r}")
        counts[row.key] = counts.get(row.key, 0) + value
    return counts


@dataclass(frozen=True)
class _Rows:
    """The rows of a table: every key of its kind, in the reader's order, with labels."""

    keys: tuple[str, ...]
    labels: dict[str, str]

    def fold(self, counts: dict[str, int]) -> dict[str, int]:
        """Counts under keys this table does not know go to the "not recorded" row."""
        folded: dict[str, int] = {}
        for key, value in counts.items():
            row = key if key in self.labels else UNKNOWN
            folded[row] = folded.get(row, 0) + value
        return folded

    def with_unknown(self, *counts: dict[str, int]) -> _Rows:
        if not any(key not in self.labels for found in counts for key in found):
            return self
        return _Rows((*self.keys, UNKNOWN), {**self.labels, UNKNOWN: str(_("Not recorded"))})


def _prefectures() -> _Rows:
    japanese = page_language() == "ja"
    found = [(str(p.pk), p.name_ja if japanese else p.name_en) for p in Prefecture.objects.order_by("jis_code")]
    return _Rows(tuple(key for key, _label in found), dict(found))


def _provinces() -> _Rows:
    indonesian = page_language() == "id"
    found = [(str(p.pk), p.name if indonesian else p.name_en) for p in Province.objects.order_by("code")]
    return _Rows(tuple(key for key, _label in found), dict(found))


def _years(*counts: dict[str, int]) -> _Rows:
    """Every year from the first with a figure to the last: a year left out would be a 0."""
    years = [int(key) for found in counts for key in found if key.isdigit()]
    keys = tuple(str(year) for year in range(min(years), max(years) + 1)) if years else ()
    return _Rows(keys, {key: key for key in keys})


def _by_programme(snapshot: Snapshot, table: TableSpec, column: str, rows_of: Callable[..., _Rows]) -> _Built:
    every = _counts(snapshot, table, column)
    per_programme = [_counts(snapshot, table, column, programme) for programme in PROGRAMMES]
    rows = rows_of(every, *per_programme).with_unknown(every, *per_programme)
    every, per_programme = rows.fold(every), [rows.fold(found) for found in per_programme]
    cells, rest = [], []
    for key in rows.keys:
        counted = [found.get(key, 0) for found in per_programme]
        beyond = every.get(key, 0) - sum(counted)
        if beyond < 0:
            raise Unavailable(f"{table.name} {key}: the programmes count more than everyone")
        cells.append(counted)
        rest.append(beyond)
    headings = tuple(str(Track(programme).label) for programme in PROGRAMMES)
    if any(rest):
        headings += (str(_("Other or not recorded")),)
        cells = [[*counted, beyond] for counted, beyond in zip(cells, rest, strict=True)]
    labels = tuple(rows.labels[key] for key in rows.keys)
    return _Built(labels, headings, Table(tuple(tuple(row) for row in cells)))


def _funnel(snapshot: Snapshot, table: TableSpec) -> _Built:
    # In the funnel's own order: the counts keep the order of its rows.
    reached = _counts(snapshot, table, "reached")
    keys = list(reached)
    furthest = []
    for key, after in zip(keys, [*keys[1:], None], strict=True):
        stopped = reached[key] - (reached[after] if after else 0)
        if stopped < 0:
            raise Unavailable(f"pipeline.funnel {key}: a later stage counts more")
        furthest.append((stopped,))
    labels = tuple(str(STAGES.get(key, key)) for key in keys)
    return _Built(
        labels,
        (str(_("Participants")),),
        Table(tuple(furthest), row_totals=False),
        total_label=_("Registered in all"),
    )


def _titp_to_ssw(snapshot: Snapshot, table: TableSpec) -> _Built:
    moved, finished = _counts(snapshot, table, "moved"), _counts(snapshot, table, "finished")
    rows = _years(moved, finished)
    cells = []
    for key in rows.keys:
        stayed = finished.get(key, 0) - moved.get(key, 0)
        if stayed < 0:
            raise Unavailable(f"placements.titp-to-ssw {key}: more moved on than finished")
        cells.append((moved.get(key, 0), stayed))
    headings = (str(_("Moved on to SSW")), str(_("Did not move on")))
    labels = tuple(rows.labels[key] for key in rows.keys)
    return _Built(labels, headings, Table(tuple(cells)), row_total_heading=_("Finished TITP"))


SPECS: dict[str, _Spec] = {
    "departures-by-year": _Spec(
        _("Departures by year and programme"),
        _("People who left for Japan, by the year they left and their programme."),
        _("Year"),
        "departures.by-year",
        lambda snapshot, table: _by_programme(snapshot, table, "departures", _years),
    ),
    "departures-by-prefecture": _Spec(
        _("Departures by prefecture of work and programme"),
        _("People who left for Japan since records began, by the prefecture where they went to work."),
        _("Prefecture"),
        "departures.by-prefecture",
        lambda snapshot, table: _by_programme(snapshot, table, "departures", lambda *_: _prefectures()),
    ),
    "departures-by-province": _Spec(
        _("Departures by province of origin and programme"),
        _("People who left for Japan since records began, by the Indonesian province they come from."),
        _("Province"),
        "departures.by-province",
        lambda snapshot, table: _by_programme(snapshot, table, "departures", lambda *_: _provinces()),
    ),
    "workers-in-japan": _Spec(
        _("Workers in Japan now, by prefecture and programme"),
        _("People at work in Japan on the day of the figures."),
        _("Prefecture"),
        "placements.active-by-prefecture",
        lambda snapshot, table: _by_programme(snapshot, table, "active", lambda *_: _prefectures()),
    ),
    "how-far-participants-got": _Spec(
        _("How far participants have come"),
        _(
            "Everyone registered since records began, by the furthest stage they have reached so far: "
            "the ones still on their way and the ones who stopped there."
        ),
        _("Furthest stage reached"),
        "pipeline.funnel",
        _funnel,
    ),
    "titp-to-ssw": _Spec(
        _("From technical intern training (TITP) to specified skilled work (SSW), by year"),
        _("Technical interns who finished TITP, by the year they finished, and whether they moved on to SSW."),
        _("Year"),
        "placements.titp-to-ssw",
        _titp_to_ssw,
    ),
}


def published_table(snapshot: Snapshot, name: str) -> OpenTable:
    """Table ``name`` (a key of SPECS) as the public may see it: protected, labelled in the active language."""
    spec = SPECS[name]
    try:
        built = spec.build(snapshot, TABLES[spec.source])
    except Unavailable:
        return OpenTable(name, spec.title, spec.about, spec.row_heading, (), (), available=False)
    protected = protect(built.table)
    headings = built.column_headings + ((str(built.row_total_heading),) if built.table.row_totals else ())
    return OpenTable(name, spec.title, spec.about, spec.row_heading, headings, _lines(built, protected))


def published_tables(snapshot: Snapshot) -> list[OpenTable]:
    return [published_table(snapshot, name) for name in SPECS]


def _lines(built: _Built, protected: Protected) -> tuple[Line, ...]:
    table = built.table
    width = table.columns + (1 if table.row_totals else 0)
    lines = [
        Line(label, tuple(protected.shown((i, j)) for j in range(width))) for i, label in enumerate(built.row_labels)
    ]
    if table.column_totals and table.rows:
        totals = tuple(protected.shown((table.rows, j)) for j in range(width))
        lines.append(Line(str(built.total_label), totals, total=True))
    return tuple(lines)
