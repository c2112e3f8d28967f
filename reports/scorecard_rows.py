"""The scorecards as the pages and exports show them: the partners of one
kind in one slice, with their names in the reader's language, sorted and
paged; and one partner's card beside the programme as a whole. Figures are
read through ``reports.figures`` only, from the latest complete snapshot."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from accounts.models import Organization
from reference.models import Track
from reports import figures
from reports.models import Snapshot
from reports.scorecard_forms import NAME, Chosen
from reports.scorecards import COLUMNS_BY_NAME, PROGRAMME, SCORES, TOTAL_KEY, Score, ScorecardSpec, Shown, shown
from reports.slices import ALL, Slice

_NO_VALUES: dict[str, Any] = {}


def slice_of(chosen: Chosen) -> Slice:
    return Slice(ALL, chosen.year, chosen.programme)


def period_label(chosen: Chosen) -> str:
    return str(chosen.year) if chosen.year else _("every year")


def programme_label(chosen: Chosen) -> str:
    return str(Track(chosen.programme).label) if chosen.programme else _("every programme")


@dataclass(frozen=True)
class PartnerRow:
    organization: Organization
    values: dict[str, Any]

    def shown(self, column: str) -> Shown:
        return shown(self.values, COLUMNS_BY_NAME[column])

    @property
    def scores(self) -> list[Shown]:
        return [self.shown(score.column) for score in SCORES]


def partner_rows(snapshot: Snapshot, spec: ScorecardSpec, chosen: Chosen) -> list[PartnerRow]:
    """Every partner of the kind with figures in the slice, in the order asked for."""
    rows = figures.read_table(snapshot, spec.table, slice_of(chosen))
    ids = [int(row.key) for row in rows if row.key.isdigit()]
    organizations = Organization.objects.filter(kind=spec.organization_kind).only("id", "name", "name_ja").in_bulk(ids)
    partners = [
        PartnerRow(organizations[int(row.key)], row.values)
        for row in rows
        if row.key.isdigit() and int(row.key) in organizations
    ]
    return _sorted(partners, chosen)


def _sorted(partners: list[PartnerRow], chosen: Chosen) -> list[PartnerRow]:
    by_name = sorted(partners, key=lambda partner: partner.organization.local_name.casefold())
    if chosen.sort_column == NAME:
        return list(reversed(by_name)) if chosen.descending else by_name
    sign = -1 if chosen.descending else 1

    def key(partner: PartnerRow) -> tuple[int, int]:
        missing, value = partner.shown(chosen.sort_column).sort_value
        # Unknown and small figures last in either direction; ties keep the names' order (a stable sort).
        return missing, sign * value

    return sorted(by_name, key=key)


@dataclass(frozen=True)
class Page:
    rows: list[PartnerRow]
    number: int
    count: int
    total: int

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.count


def page_of(partners: list[PartnerRow], number: int) -> Page:
    """One page of the list; a page past the last shows the last (an address kept from a longer list)."""
    size = settings.SCORECARD_PAGE_SIZE
    count = max(1, math.ceil(len(partners) / size))
    number = min(number, count)
    return Page(partners[(number - 1) * size : number * size], number, count, len(partners))


@dataclass(frozen=True)
class CardScore:
    """One score of a partner's card: the partner's and the programme's, and the counts behind both."""

    score: Score
    partner: Shown
    programme: Shown
    behind: list[tuple[Shown, Shown]]


def card(snapshot: Snapshot, spec: ScorecardSpec, organization: Organization, chosen: Chosen) -> list[CardScore] | None:
    """Every score of one partner in the slice, beside the programme's; None
    when the snapshot holds no figures for the partner in the slice."""
    where = slice_of(chosen)
    row = figures.read_row(snapshot, spec.table, where, str(organization.pk))
    if row is None:
        return None
    whole = figures.read_row(snapshot, PROGRAMME, where, TOTAL_KEY)
    everyone = whole.values if whole else _NO_VALUES
    return [
        CardScore(
            score,
            shown(row.values, COLUMNS_BY_NAME[score.column]),
            shown(everyone, COLUMNS_BY_NAME[score.column]),
            [
                (shown(row.values, COLUMNS_BY_NAME[name]), shown(everyone, COLUMNS_BY_NAME[name]))
                for name in score.behind
            ],
        )
        for score in SCORES
    ]
