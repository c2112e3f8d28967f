"""Dated rule versions and the book that holds them.

A family of rules (the TITP quota, the TITP stages, SSW, ESD, wage checks)
changes by decision, from a date. Each change is a new version with a label
and an ``effective_from`` date; a question is answered by the version in force
on the decision's date, so a later version never changes an earlier decision.
"""

from __future__ import annotations

import datetime
import functools
import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, fields
from enum import StrEnum
from pathlib import Path
from typing import Any, Generic, Protocol, Self, TypeVar

from django.utils.translation import gettext_noop as _

from rules.answers import Message, RuleInputError, RuleRef
from rules.parameters import (
    AgeParameters,
    EsdParameters,
    SswParameters,
    TitpQuotaParameters,
    TitpStageParameters,
    WageParameters,
)
from rules.reading import JsonValue, RuleDataError, Values

DEFAULT_FILE = Path(__file__).parent / "data" / "rule_versions.toml"


class Family(StrEnum):
    TITP_QUOTA = "titp_quota"
    TITP_STAGES = "titp_stages"
    SSW = "ssw"
    ESD = "esd"
    WAGES = "wages"
    AGES = "ages"


class Parameters(Protocol):
    @classmethod
    def from_values(cls, values: Values) -> Self: ...

    def to_values(self) -> dict[str, JsonValue]: ...


P = TypeVar("P", bound=Parameters)


@dataclass(frozen=True)
class Note:
    """Where a parameter's value comes from; ``unverified`` marks a value the
    domain notes could not confirm and an administrator should check."""

    source: str
    unverified: bool = False


@dataclass(frozen=True, kw_only=True)
class RuleVersion(Generic[P]):
    family: Family
    label: str
    effective_from: datetime.date
    source: str
    parameters: P
    notes: Mapping[str, Note]

    @property
    def ref(self) -> RuleRef:
        return RuleRef(family=self.family.value, label=self.label, effective_from=self.effective_from)

    @property
    def unverified(self) -> tuple[str, ...]:
        return tuple(name for name, note in self.notes.items() if note.unverified)

    def to_dict(self) -> dict[str, JsonValue]:
        """Plain, JSON-ready values in the shape of one version of the TOML file."""
        values = self.parameters.to_values()
        return {
            "label": self.label,
            "effective_from": self.effective_from.isoformat(),
            "source": self.source,
            "parameters": {
                name: {"value": value, "source": self.notes[name].source, "unverified": self.notes[name].unverified}
                for name, value in values.items()
            },
        }


def read_version(data: object, *, family: Family, kind: type[P], where: str = "") -> RuleVersion[P]:
    """One version from plain values: the TOML file's entries or ``to_dict``'s
    output. ``where`` (a file name) starts any error message."""
    place = f"{where}: {family.value}" if where else family.value
    version = Values(data, where=place)
    label = version.text("label")
    version.where = f"{place} {label!r}"
    effective_from, source = version.day("effective_from"), version.text("source")
    entries = version.nested("parameters")
    values, notes = _split_entries(entries)
    parameters = kind.from_values(Values(values, where=entries.where))
    version.finish()
    return RuleVersion(
        family=family, label=label, effective_from=effective_from, source=source, parameters=parameters, notes=notes
    )


def _split_entries(entries: Values) -> tuple[dict[str, object], dict[str, Note]]:
    """Each parameter is ``{value, source, unverified?}``: the value goes to the
    parameters, the rest to its note. A parameter without a source is refused."""
    values: dict[str, object] = {}
    notes: dict[str, Note] = {}
    for name in entries.names():
        entry = entries.nested(name)
        values[name] = entry.raw("value")
        notes[name] = Note(source=entry.text("source"), unverified=entry.flag("unverified", default=False))
        entry.finish()
    entries.finish()
    return values, notes


@dataclass(frozen=True)
class RulesInForce:
    """The version of each family in force on one day."""

    on: datetime.date
    titp_quota: RuleVersion[TitpQuotaParameters]
    titp_stages: RuleVersion[TitpStageParameters]
    ssw: RuleVersion[SswParameters]
    esd: RuleVersion[EsdParameters]
    wages: RuleVersion[WageParameters]
    ages: RuleVersion[AgeParameters]


@dataclass(frozen=True, kw_only=True)
class RuleBook:
    """Every version of every family, oldest first within a family."""

    titp_quota: tuple[RuleVersion[TitpQuotaParameters], ...]
    titp_stages: tuple[RuleVersion[TitpStageParameters], ...]
    ssw: tuple[RuleVersion[SswParameters], ...]
    esd: tuple[RuleVersion[EsdParameters], ...]
    wages: tuple[RuleVersion[WageParameters], ...]
    ages: tuple[RuleVersion[AgeParameters], ...]

    def __post_init__(self) -> None:
        for field in fields(self):
            versions: tuple[RuleVersion[Any], ...] = getattr(self, field.name)
            _check_shelf(Family(field.name), versions)
            object.__setattr__(self, field.name, tuple(sorted(versions, key=lambda version: version.effective_from)))

    def versions_in_force(self, on: datetime.date) -> RulesInForce:
        return RulesInForce(
            on=on,
            titp_quota=in_force(self.titp_quota, on),
            titp_stages=in_force(self.titp_stages, on),
            ssw=in_force(self.ssw, on),
            esd=in_force(self.esd, on),
            wages=in_force(self.wages, on),
            ages=in_force(self.ages, on),
        )

    @classmethod
    def from_dict(cls, data: object, *, where: str = "") -> RuleBook:
        """The book from ``to_dict``'s output or the parsed TOML file."""
        book = Values(data, where=where or "rule book")

        def shelf(family: Family, kind: type[P]) -> tuple[RuleVersion[P], ...]:
            entries = book.items(family.value)
            return tuple(read_version(entry, family=family, kind=kind, where=where) for entry in entries)

        parsed = cls(
            titp_quota=shelf(Family.TITP_QUOTA, TitpQuotaParameters),
            titp_stages=shelf(Family.TITP_STAGES, TitpStageParameters),
            ssw=shelf(Family.SSW, SswParameters),
            esd=shelf(Family.ESD, EsdParameters),
            wages=shelf(Family.WAGES, WageParameters),
            ages=shelf(Family.AGES, AgeParameters),
        )
        book.finish()
        return parsed

    def to_dict(self) -> dict[str, JsonValue]:
        return {field.name: [version.to_dict() for version in getattr(self, field.name)] for field in fields(self)}


def _check_shelf(family: Family, versions: tuple[RuleVersion[Any], ...]) -> None:
    if not versions:
        raise RuleDataError(f"{family.value}: no version")
    if any(version.family != family for version in versions):
        raise RuleDataError(f"{family.value}: holds a version of another family")
    for attribute in ("label", "effective_from"):
        seen = [getattr(version, attribute) for version in versions]
        doubles = sorted({str(value) for value in seen if seen.count(value) > 1})
        if doubles:
            raise RuleDataError(f"{family.value}: two versions share the {attribute} {', '.join(doubles)}")


def in_force(versions: Sequence[RuleVersion[P]], on: datetime.date) -> RuleVersion[P]:
    """The newest version whose effective date is on or before ``on``."""
    started = [version for version in versions if version.effective_from <= on]
    if not started:
        first = min(versions, key=lambda version: version.effective_from)
        raise RuleInputError(
            Message(
                _("No %(family)s rules are in force on %(on)s; the earliest apply from %(first)s."),
                family=first.family.value,
                on=on,
                first=first.effective_from,
            )
        )
    return max(started, key=lambda version: version.effective_from)


def labelled(versions: Sequence[RuleVersion[P]], label: str) -> RuleVersion[P]:
    """The version a stored decision names, to answer again exactly as then."""
    for version in versions:
        if version.label == label:
            return version
    raise RuleInputError(Message(_("There is no rule version labelled %(label)s."), label=label))


def load_rule_book(path: Path) -> RuleBook:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise RuleDataError(f"{path}: not valid TOML: {error}") from error
    return RuleBook.from_dict(data, where=str(path))


@functools.cache
def default_rule_book() -> RuleBook:
    """The versions shipped in rules/data/rule_versions.toml, read once."""
    return load_rule_book(DEFAULT_FILE)


def versions_in_force(on: datetime.date, *, book: RuleBook | None = None) -> RulesInForce:
    return (book or default_rule_book()).versions_in_force(on)


def choose(
    version: RuleVersion[P] | None,
    on: datetime.date | None,
    shelf: Callable[[RuleBook], Sequence[RuleVersion[P]]],
) -> RuleVersion[P]:
    """The version a rule function answers by: the one given, or the default
    book's version in force on ``on``. Exactly one of the two must be given."""
    if version is not None and on is None:
        return version
    if version is None and on is not None:
        return in_force(shelf(default_rule_book()), on)
    raise TypeError("pass either on= (the decision's date) or version=, not both or neither")
