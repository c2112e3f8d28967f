"""What part of the programme a table is about: a scope (whose figures), a
year and a programme. Every figure is stored per slice, and a reader may ask
only for the scopes ``accounts.access.report_scopes_for`` gives them."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from reference.models import Track


class ScopeKind(enum.StrEnum):
    # The whole programme (the ministry, the embassy).
    ALL = "all"
    # Placements in one prefecture of Japan (its prefectural government).
    PREFECTURE = "prefecture"
    # The participants of the member LPK/SOs of one association (AP2LN).
    ASSOCIATION = "association"
    # The participants enrolled with one LPK/SO.
    SENDING_ORGANIZATION = "lpk"
    # The participants trained at one training centre (BLK).
    TRAINING_CENTRE = "blk"


_TOKEN = re.compile(r"^(all)$|^(prefecture|association|lpk|blk)-([1-9][0-9]{0,9})$")


@dataclass(frozen=True, order=True)
class Scope:
    kind: ScopeKind
    # The prefecture's or organization's primary key; None for ALL.
    id: int | None = None

    @property
    def token(self) -> str:
        """The scope as stored in ``Figure.scope`` and written in a query string."""
        return self.kind.value if self.id is None else f"{self.kind.value}-{self.id}"

    @classmethod
    def parse(cls, token: str) -> Scope | None:
        """The scope a token names, or None for anything else (a query string is not trusted)."""
        match = _TOKEN.match(token or "")
        if match is None:
            return None
        if match.group(1):
            return ALL
        return cls(ScopeKind(match.group(2)), int(match.group(3)))


ALL = Scope(ScopeKind.ALL)

# Years before this hold no programme data (TITP began in 1993); a year filter outside is refused.
FIRST_YEAR = 1993
# Year 0 stands for every year together.
EVERY_YEAR = 0
# Programme "" stands for every programme together.
EVERY_PROGRAMME = ""
PROGRAMMES = tuple(track.value for track in Track)


@dataclass(frozen=True)
class Slice:
    scope: Scope
    year: int = EVERY_YEAR
    programme: str = EVERY_PROGRAMME

    def __post_init__(self) -> None:
        if self.year != EVERY_YEAR and not FIRST_YEAR <= self.year <= 9999:
            raise ValueError(f"year out of range: {self.year}")
        if self.programme not in (EVERY_PROGRAMME, *PROGRAMMES):
            raise ValueError(f"unknown programme: {self.programme!r}")
