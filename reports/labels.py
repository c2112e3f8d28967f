"""What a row of a report is called, in the reader's language.

A figure's key is what the refresh wrote (``reports.catalogue.KeyKind``): a
stage, "2026-03", a prefecture's id. The reader reads 宮城県 in Japanese and
"Miyagi" otherwise, an organization by its Japanese name where a Japanese
reader has one, reference lists by their ``LocalNames``, months as their
language writes them ("Maret 2026", "2026年3月"). Every kind that names a
record is read with one query per table, whatever its length.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Collection, Mapping

from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext_lazy

from accounts.models import Organization
from lib.languages import page_language
from participants.models import Status
from placements.models import Work
from protection.models import Category
from reference.models import (
    JobCategory,
    LocalNames,
    Prefecture,
    Province,
    RuleFamily,
    SSWField,
    Track,
    VocationalProgramme,
)
from reports.catalogue import KeyKind
from rules.fees import FAMILY as FEE_FAMILY

# The funnel's stages (``pipeline.funnel``), in its order. "Trained" is no
# status of its own: it is reaching the end of training (ready, or later).
STAGES: Mapping[str, Promise] = {
    "registered": pgettext_lazy("funnel stage", "Registered"),
    "trained": pgettext_lazy("funnel stage", "Trained"),
    "ready": pgettext_lazy("funnel stage", "Ready to be matched"),
    "shortlisted": pgettext_lazy("funnel stage", "Shortlisted"),
    "selected": pgettext_lazy("funnel stage", "Selected"),
    "departed": pgettext_lazy("funnel stage", "Departed"),
    "placed": pgettext_lazy("funnel stage", "At work in Japan"),
    "returned": pgettext_lazy("funnel stage", "Returned home"),
}
UNKNOWN_WORK = "unknown"


def labels_for(kind: KeyKind, keys: Collection[str]) -> dict[str, str]:
    """Each of ``keys`` as the reader reads it; a key nothing names (a record
    deleted since the snapshot) stays as written, so no row goes missing."""
    labels = _LABELLERS[kind](keys)
    return {key: labels.get(key) or key for key in keys}


def _each(label: Callable[[str], str]) -> Callable[[Collection[str]], dict[str, str]]:
    return lambda keys: {key: label(key) for key in keys}


def _choice(choices: type[Status] | type[Work] | type[Category] | type[Track] | type[RuleFamily], key: str) -> str:
    try:
        return capfirst(str(choices(key).label)) or key
    except ValueError:
        return key


def _stage(key: str) -> str:
    stage = STAGES.get(key)
    return str(stage) if stage is not None else _choice(Status, key)


def month_label(key: str) -> str:
    """ "2026-03" as the reader's language writes a month: "Maret 2026", "March 2026", "2026年3月"."""
    try:
        first = datetime.date.fromisoformat(f"{key}-01")
    except ValueError:
        return key
    return date_format(first, "YEAR_MONTH_FORMAT")


def _work(key: str) -> str:
    return _("Not known") if key == UNKNOWN_WORK else _choice(Work, key)


def _months_after(key: str) -> str:
    if not key.isdigit():
        return key
    months = int(key)
    return ngettext("After %(months)s month", "After %(months)s months", months) % {"months": months}


def _fee_rule(key: str) -> str:
    if key == FEE_FAMILY:
        return _("Fee policy")
    if not key:
        return _("No rule recorded")
    return _choice(RuleFamily, key)


def _pks(keys: Collection[str]) -> list[int]:
    return [int(key) for key in keys if key.isdigit()]


def _prefectures(keys: Collection[str]) -> dict[str, str]:
    return {
        str(prefecture.pk): prefecture_name(prefecture) for prefecture in Prefecture.objects.filter(pk__in=_pks(keys))
    }


def prefecture_name(prefecture: Prefecture) -> str:
    """宮城県 for a Japanese reader, "Miyagi" for the others."""
    return prefecture.name_ja if page_language() == "ja" else prefecture.name_en


def _provinces(keys: Collection[str]) -> dict[str, str]:
    # A province has its Indonesian name and an English one; a Japanese reader gets the English.
    indonesian = page_language() == "id"
    return {
        str(province.pk): province.name if indonesian else province.name_en
        for province in Province.objects.filter(pk__in=_pks(keys))
    }


def _organizations(keys: Collection[str]) -> dict[str, str]:
    return {
        str(pk): name_ja if name_ja and page_language() == "ja" else name
        for pk, name, name_ja in Organization.objects.filter(pk__in=_pks(keys)).values_list("pk", "name", "name_ja")
    }


def _local_names(
    model: type[JobCategory] | type[SSWField] | type[VocationalProgramme],
) -> Callable[[Collection[str]], dict[str, str]]:
    def labels(keys: Collection[str]) -> dict[str, str]:
        rows: list[LocalNames] = list(model.objects.filter(pk__in=_pks(keys)))
        return {str(row.pk): row.local_name for row in rows}  # type: ignore[attr-defined]

    return labels


_LABELLERS: dict[KeyKind, Callable[[Collection[str]], dict[str, str]]] = {
    KeyKind.STAGE: _each(_stage),
    KeyKind.MONTH: _each(month_label),
    KeyKind.YEAR: _each(str),
    KeyKind.PROGRAMME: _each(lambda key: _choice(Track, key)),
    KeyKind.PREFECTURE: _prefectures,
    KeyKind.PROVINCE: _provinces,
    KeyKind.ORGANIZATION: _organizations,
    KeyKind.TRADE: _local_names(VocationalProgramme),
    KeyKind.JOB_CATEGORY: _local_names(JobCategory),
    KeyKind.SSW_FIELD: _local_names(SSWField),
    KeyKind.WORK: _each(_work),
    KeyKind.MONTHS_AFTER: _each(_months_after),
    KeyKind.CASE_CATEGORY: _each(lambda key: _choice(Category, key)),
    KeyKind.FEE_RULE: _each(_fee_rule),
    KeyKind.TOTAL: _each(lambda key: _("Total")),
}
