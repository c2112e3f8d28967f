"""The items of the pre-departure gate as data entry: which fields each one
takes, what they are called for it, and the checks an entry must pass before
it is stored. Pure functions of plain values (no database); the checks that
compare an entry with other records (the flight date against the COE's issue)
are the action's (placements.actions.departure).

Sources (domain README unless said otherwise): §3 TITP, the supervising
organization has each trainee's plan certified by OTIT (技能実習計画認定)
before applying for the COE; §5 ESD replaces it with the ESD plan
(育成就労計画認定); §4 SSW i, the field's skill test and JFT-Basic A2 or JLPT N4,
both waived after good completion of TITP stage ii; §6 UU 18/2017, the
worker's protection before departure (orientation, insurance). The COE's
validity is printed on the certificate itself (see ``coe_expiry``).
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from dataclasses import dataclass
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django_stubs_ext import StrOrPromise

from lib.dates import period_end
from placements.models import AIRPORT_CODE, normalized_flight_number
from reference.models import GateItem


@dataclass(frozen=True, kw_only=True)
class GateEntry:
    """What someone records for one item; each item uses some of the fields."""

    applied_on: datetime.date | None = None
    done_on: datetime.date | None = None
    number: str = ""
    valid_until: datetime.date | None = None
    hours: int | None = None
    exempt: bool = False
    flight_number: str = ""
    route_from: str = ""
    route_to: str = ""
    note: str = ""


ENTRY_FIELDS = tuple(field.name for field in dataclasses.fields(GateEntry))


@dataclass(frozen=True)
class ItemSpec:
    """The fields an item takes (in the form's order), with their labels for this item."""

    labels: dict[str, StrOrPromise]
    required: tuple[str, ...] = ()

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(self.labels)


_APPLIED = gettext_lazy("applied on")
_CERTIFIED = gettext_lazy("certified on")
_CERTIFICATION_NUMBER = gettext_lazy("certification number")

SPECS: dict[GateItem, ItemSpec] = {
    GateItem.PLAN_CERTIFICATION: ItemSpec(
        {"applied_on": _APPLIED, "done_on": _CERTIFIED, "number": _CERTIFICATION_NUMBER}, required=("applied_on",)
    ),
    GateItem.ESD_PLAN_CERTIFICATION: ItemSpec(
        {"applied_on": _APPLIED, "done_on": _CERTIFIED, "number": _CERTIFICATION_NUMBER}, required=("applied_on",)
    ),
    GateItem.EMPLOYMENT_CONTRACT: ItemSpec(
        {"done_on": gettext_lazy("signed on"), "note": gettext_lazy("note")}, required=("done_on",)
    ),
    GateItem.SUPPORT_PLAN: ItemSpec(
        {
            "done_on": gettext_lazy("prepared on"),
            "note": gettext_lazy("support given by (the company or its registered support organization)"),
        },
        required=("done_on", "note"),
    ),
    GateItem.SKILL_TEST: ItemSpec(
        {
            "exempt": gettext_lazy("exempt: completed TITP stage ii in good standing in the same field"),
            "done_on": gettext_lazy("passed on"),
            "number": gettext_lazy("certificate number"),
            "note": gettext_lazy("test, or the TITP record that exempts"),
        },
        required=("note",),
    ),
    GateItem.JAPANESE_TEST: ItemSpec(
        {
            "exempt": gettext_lazy("exempt: completed TITP stage ii in good standing"),
            "note": gettext_lazy("the TITP record that exempts"),
        },
        required=("exempt", "note"),
    ),
    GateItem.COE: ItemSpec(
        {"applied_on": _APPLIED, "done_on": gettext_lazy("issued on"), "number": gettext_lazy("COE number")},
        required=("applied_on",),
    ),
    GateItem.VISA: ItemSpec(
        {"done_on": gettext_lazy("issued on"), "number": gettext_lazy("visa number")}, required=("done_on", "number")
    ),
    GateItem.ORIENTATION: ItemSpec(
        {
            "hours": gettext_lazy("hours attended outside the orientation classes recorded here"),
            "done_on": gettext_lazy("last day"),
            "note": gettext_lazy("given by, and where"),
        },
        required=("hours", "done_on"),
    ),
    # Read from the participant's health checks; recorded there, not here.
    GateItem.MEDICAL: ItemSpec({}),
    GateItem.INSURANCE: ItemSpec(
        {
            "note": gettext_lazy("insurer"),
            "number": gettext_lazy("policy number"),
            "valid_until": gettext_lazy("valid until"),
        },
        required=("note", "number", "valid_until"),
    ),
    GateItem.FLIGHT: ItemSpec(
        {
            "done_on": gettext_lazy("flight date"),
            "flight_number": gettext_lazy("flight number"),
            "route_from": gettext_lazy("from (airport)"),
            "route_to": gettext_lazy("to (airport)"),
        },
        required=("done_on", "flight_number", "route_from", "route_to"),
    ),
}


def is_recordable(item: GateItem) -> bool:
    return bool(SPECS[item].fields)


# --- the Certificate of Eligibility -------------------------------------------

# The certificate says it loses effect unless its holder applies for landing
# within three months of its date (the notice printed on every COE, Immigration
# Services Agency of Japan).
COE_VALID_MONTHS = 3

# Neither the domain notes nor the public pages found state the format of a
# COE's number. The check is conservative: up to four letters (an office or
# series mark) then 6 to 12 digits, spaces and hyphens ignored. It catches
# what goes wrong when a number is copied (a date, a name, a visa or policy
# number with letters in between, a digit dropped from a short number)
# without refusing a real number; the action also refuses the participant's
# passport number, the commonest slip.
COE_NUMBER = re.compile(r"[A-Z]{0,4}[0-9]{6,12}")
_NUMBER_SEPARATORS = re.compile(r"[\s\-‐－ー]+")
# A date typed into the number's field (2026-05-01, 01/05/2026) would pass as
# eight digits once its separators are dropped.
_DATE_LIKE = re.compile(r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{4}")


def normalized_coe_number(value: str) -> str | None:
    """``"abc 1234-5678"`` → ``"ABC12345678"``; None when it is not a COE number."""
    if _DATE_LIKE.fullmatch(value.strip()):
        return None
    compact = _NUMBER_SEPARATORS.sub("", value).upper()
    return compact if COE_NUMBER.fullmatch(compact) else None


def coe_expiry(issued_on: datetime.date) -> datetime.date:
    """The last day a COE issued on ``issued_on`` can be used to land.

    Counted as Japan's Civil Code counts a period "from" a date: the day of
    issue is not counted (art. 140) and the period ends on the day before the
    corresponding day three months on (art. 143(2)), so a COE of 10 January
    lasts through 10 April, and one of 30 November through the last day of
    February."""
    return period_end(issued_on + datetime.timedelta(days=1), COE_VALID_MONTHS)


# --- checks on an entry -------------------------------------------------------


def entry_problems(item: GateItem, entry: GateEntry, *, today: datetime.date) -> dict[str, str]:
    """What is wrong with ``entry`` for ``item``, by field, in the reader's
    language; empty when it may be stored."""
    spec = SPECS[item]
    problems: dict[str, str] = {}
    for name in spec.required:
        if not getattr(entry, name) and not _exempted(item, entry, name):
            problems[name] = _("This field is required.")
    if item == GateItem.SKILL_TEST and not entry.exempt and not entry.done_on:
        problems.setdefault("done_on", _("Give the day the test was passed, or tick the exemption."))
    problems |= _date_problems(item, entry, today=today)
    problems |= _format_problems(item, entry)
    if item in {GateItem.PLAN_CERTIFICATION, GateItem.ESD_PLAN_CERTIFICATION, GateItem.COE}:
        problems |= _issued_with_number(entry)
    if entry.hours is not None and entry.hours <= 0:
        problems["hours"] = _("Give the hours attended, more than 0.")
    return problems


def _exempted(item: GateItem, entry: GateEntry, name: str) -> bool:
    return item == GateItem.SKILL_TEST and entry.exempt and name == "done_on"


def _date_problems(item: GateItem, entry: GateEntry, *, today: datetime.date) -> dict[str, str]:
    problems: dict[str, str] = {}
    if entry.applied_on and entry.applied_on > today:
        problems["applied_on"] = _("An application cannot be dated in the future.")
    if item == GateItem.FLIGHT:
        problems |= flight_date_problems(entry.done_on, today=today, field="done_on")
    elif entry.done_on and entry.done_on > today:
        problems["done_on"] = _("This cannot be dated in the future: record it once it has happened.")
    if entry.applied_on and entry.done_on and entry.done_on < entry.applied_on:
        problems["done_on"] = _("This is before the application (%(applied)s): check both dates.") % {
            "applied": date_format(entry.applied_on)
        }
    return problems


# A flight that has left may still be entered for a while (offices record
# departures after the fact); one further back is a mistyped date.
LATE_RECORDING = datetime.timedelta(days=30)


def flight_date_problems(day: datetime.date | None, *, today: datetime.date, field: str) -> dict[str, str]:
    if day is not None and day < today - LATE_RECORDING:
        return {
            field: _("The flight date is more than %(days)s days ago: check the year.") % {"days": LATE_RECORDING.days}
        }
    return {}


def _format_problems(item: GateItem, entry: GateEntry) -> dict[str, str]:
    problems: dict[str, str] = {}
    if item == GateItem.COE and entry.number and normalized_coe_number(entry.number) is None:
        problems["number"] = _(
            "This is not a COE number: up to four letters followed by 6 to 12 digits, as printed on the certificate."
        )
    if item == GateItem.FLIGHT:
        if entry.flight_number and normalized_flight_number(entry.flight_number) is None:
            problems["flight_number"] = _(
                "A flight number is the airline's two-character code and 1 to 4 digits, e.g. GA 874."
            )
        problems |= airport_problems(entry.route_from, entry.route_to)
    return problems


def airport_problems(route_from: str, route_to: str) -> dict[str, str]:
    """Refusals of a route's two airport codes, by field (``route_from``, ``route_to``)."""
    problems: dict[str, str] = {}
    for name, code in (("route_from", route_from), ("route_to", route_to)):
        if code and not AIRPORT_CODE.fullmatch(code.strip().upper()):
            problems[name] = _("An airport is its three-letter IATA code, e.g. CGK (Jakarta) or SDJ (Sendai).")
    if route_from and route_from.strip().upper() == route_to.strip().upper():
        problems["route_to"] = _("The flight lands at another airport than the one it leaves.")
    return problems


def _issued_with_number(entry: GateEntry) -> dict[str, str]:
    if entry.done_on and not entry.number:
        return {"number": _("A certificate that has been issued has a number: give it.")}
    if entry.number and not entry.done_on:
        return {"done_on": _("Give the day it was issued together with its number.")}
    return {}


def normalized(item: GateItem, entry: GateEntry) -> GateEntry:
    """The entry as stored: only the item's own fields, codes in capitals,
    numbers without spaces, and for the COE its expiry, computed."""
    # Any: each field keeps its own type; replace() below checks them against GateEntry at run time.
    kept: dict[str, Any] = {name: getattr(entry, name) for name in SPECS[item].fields}
    for name in ("number", "note"):
        if name in kept:
            kept[name] = str(kept[name]).strip()
    for name in ("route_from", "route_to"):
        if name in kept:
            kept[name] = str(kept[name]).strip().upper()
    if item == GateItem.COE:
        kept["number"] = normalized_coe_number(entry.number) or ""
        kept["valid_until"] = coe_expiry(entry.done_on) if entry.done_on else None
    if item == GateItem.FLIGHT:
        kept["flight_number"] = normalized_flight_number(entry.flight_number) or ""
    return dataclasses.replace(GateEntry(), **kept)


# How each item reads in a list of what is still open, for the participant.
PLAIN_NAMES: dict[GateItem, StrOrPromise] = {
    GateItem.PLAN_CERTIFICATION: pgettext_lazy(
        "still needed before the flight", "your training plan certified in Japan"
    ),
    GateItem.ESD_PLAN_CERTIFICATION: pgettext_lazy(
        "still needed before the flight", "your ESD plan certified in Japan"
    ),
    GateItem.EMPLOYMENT_CONTRACT: pgettext_lazy("still needed before the flight", "your signed employment contract"),
    GateItem.SUPPORT_PLAN: pgettext_lazy("still needed before the flight", "the plan for your support in Japan"),
    GateItem.SKILL_TEST: pgettext_lazy("still needed before the flight", "your skill test"),
    GateItem.JAPANESE_TEST: pgettext_lazy("still needed before the flight", "your Japanese test"),
    GateItem.COE: pgettext_lazy("still needed before the flight", "your Certificate of Eligibility (COE)"),
    GateItem.VISA: pgettext_lazy("still needed before the flight", "your visa"),
    GateItem.ORIENTATION: pgettext_lazy("still needed before the flight", "the pre-departure orientation"),
    GateItem.MEDICAL: pgettext_lazy("still needed before the flight", "a medical check valid on your flight date"),
    GateItem.INSURANCE: pgettext_lazy("still needed before the flight", "your insurance"),
    GateItem.FLIGHT: pgettext_lazy("still needed before the flight", "your flight"),
}
