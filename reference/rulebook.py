"""The programme rules' versions as the database keeps them
(``StoredRuleVersion``), read into the ``rules`` package's ``RuleBook``.

The rules stay pure: they receive a book and never see the database. This
module is the one place that builds the book every decision reads.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from reference.models import StoredRuleVersion
from rules import (
    AgeParameters,
    EsdParameters,
    Family,
    RuleBook,
    RuleVersion,
    SswParameters,
    TitpQuotaParameters,
    TitpStageParameters,
    WageParameters,
    default_rule_book,
    read_version,
)

PARAMETERS: dict[Family, type[Any]] = {
    Family.AGES: AgeParameters,
    Family.TITP_QUOTA: TitpQuotaParameters,
    Family.TITP_STAGES: TitpStageParameters,
    Family.SSW: SswParameters,
    Family.ESD: EsdParameters,
    Family.WAGES: WageParameters,
}


def read_stored(record: StoredRuleVersion) -> RuleVersion[Any]:
    """One stored version as the rules read it; RuleDataError names what is wrong."""
    family = Family(record.family)
    return read_version(record.as_plain(), family=family, kind=PARAMETERS[family], where=str(record))


def book_of(records: Iterable[StoredRuleVersion]) -> RuleBook:
    """A book of these versions; RuleDataError if two versions share a label or
    a day. A family the administrators have no version of yet (one added to
    the code since ``load_reference`` last ran) is read from the packaged
    file, as ``load_reference`` will store it."""
    records = list(records)
    shelves: dict[str, object] = {}
    for family in Family:
        stored = [record.as_plain() for record in records if record.family == family]
        shelves[family.value] = stored or [version.to_dict() for version in getattr(default_rule_book(), family.value)]
    return RuleBook.from_dict(shelves, where="rule versions")


def stored_rule_book() -> RuleBook:
    """The administrators' versions; the versions shipped with the code until
    ``load_reference`` has stored them (a fresh test database, say)."""
    records = list(StoredRuleVersion.objects.all())
    return book_of(records) if records else default_rule_book()
