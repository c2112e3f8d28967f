"""Is a participant ready to be matched? The computed checklist that gates
the ``ready`` status (participants.actions.change_status).

Each requirement comes from the participant's sending programme
(reference.SendingProgramme), which an admin configures, because real
programmes set their own (domain README §6). Before a programme is chosen the
checklist reads a programme's defaults, so staff already see what is missing;
the choice itself is one of the requirements.

Reads only, nothing written: four queries for one participant, or just its
training hours when the caller passes the records it has read already (the
record page, which shows them too).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lib.dates import add_months
from participants.models import Document, HealthResult, Participant
from participants.records import Records
from reference.models import DocumentKind, SendingProgramme
from training.models import completed_hours


@dataclass(frozen=True, kw_only=True)
class Requirement:
    key: str
    label: str
    met: bool
    detail: str
    # Health data is shown only to those who may see it (accounts.access.may_view_health).
    health: bool = False


@dataclass(frozen=True)
class Readiness:
    items: tuple[Requirement, ...]

    @property
    def complete(self) -> bool:
        return all(item.met for item in self.items)

    @property
    def missing(self) -> tuple[Requirement, ...]:
        return tuple(item for item in self.items if not item.met)


def check(participant: Participant, *, on: datetime.date, records: Records | None = None) -> Readiness:
    programme = participant.sending_programme or SendingProgramme()
    if records is None:
        records = Records.of(participant)
    documents = records.current_documents()
    return Readiness(
        (
            _programme_chosen(participant),
            _age(participant, programme, on),
            *((_sex(participant, programme),) if programme.sex else ()),
            *_training(participant, programme),
            _language(records, programme, on),
            _health(records, on),
            _passport(documents.get(DocumentKind.PASSPORT), programme, on),
            _documents(documents, programme, on),
        )
    )


def _programme_chosen(participant: Participant) -> Requirement:
    programme = participant.sending_programme
    return Requirement(
        key="programme",
        label=_("Sending programme chosen"),
        met=programme is not None,
        detail=str(programme) if programme else _("No sending programme chosen yet."),
    )


def _age(participant: Participant, programme: SendingProgramme, on: datetime.date) -> Requirement:
    age = participant.age_on(on)
    if programme.max_age is None:
        wanted = _("at least %(min)s") % {"min": programme.min_age}
    else:
        wanted = _("%(min)s to %(max)s") % {"min": programme.min_age, "max": programme.max_age}
    return Requirement(
        key="age",
        label=_("Age within the programme's range"),
        met=age >= programme.min_age and (programme.max_age is None or age <= programme.max_age),
        detail=_("Age %(age)s; the programme takes %(wanted)s.") % {"age": age, "wanted": wanted},
    )


def _sex(participant: Participant, programme: SendingProgramme) -> Requirement:
    return Requirement(
        key="sex",
        label=_("Open to the participant's sex"),
        met=participant.sex == programme.sex,
        detail=_("The programme is open to %(who)s.") % {"who": programme.get_sex_display()},
    )


def _training(participant: Participant, programme: SendingProgramme) -> list[Requirement]:
    hours = completed_hours(participant.pk)
    items = []
    if programme.requires_skill_course:
        items.append(
            Requirement(
                key="skill_course",
                label=_("BLK skill course completed"),
                met=hours.skill_courses_completed > 0,
                detail=ngettext(
                    "%(count)s skill course completed.",
                    "%(count)s skill courses completed.",
                    hours.skill_courses_completed,
                )
                % {"count": number_format(hours.skill_courses_completed)},
            )
        )
    items.append(
        Requirement(
            key="sending_organization_hours",
            label=_("LPK/SO training hours"),
            met=hours.sending_organization_hours >= programme.min_sending_organization_hours,
            detail=_("%(done)s of %(wanted)s hours completed.")
            % {
                "done": number_format(hours.sending_organization_hours),
                "wanted": number_format(programme.min_sending_organization_hours),
            },
        )
    )
    return items


def _language(records: Records, programme: SendingProgramme, on: datetime.date) -> Requirement:
    best = records.highest_language_result(on, official_only=not programme.accepts_in_house_level)
    minimum = programme.min_language_level
    met = minimum is None or (best is not None and best.level.rank >= minimum.rank)
    if best is None:
        detail = _("No valid Japanese result.")
    else:
        detail = _("Highest valid level: %(level)s.") % {"level": best.level}
    if minimum is not None:
        detail += " " + _("The programme needs %(level)s or equivalent.") % {"level": minimum}
    return Requirement(key="language", label=_("Japanese at the programme's minimum"), met=met, detail=detail)


def _health(records: Records, on: datetime.date) -> Requirement:
    latest = records.latest_health_check(on)
    if latest is None:
        detail = _("No health check recorded.")
    elif latest.result != HealthResult.FIT:
        detail = _("Latest check (%(date)s): %(result)s.") % {
            "date": date_format(latest.examined_on),
            "result": latest.get_result_display(),
        }
    else:
        detail = _("Fit, valid until %(date)s.") % {"date": date_format(latest.expires_on)}
    return Requirement(
        key="health",
        label=_("Medically fit, check not expired"),
        met=latest is not None and latest.is_fit_on(on),
        detail=detail,
        health=True,
    )


def _passport(passport: Document | None, programme: SendingProgramme, on: datetime.date) -> Requirement:
    needed_until = add_months(on, programme.passport_valid_months)
    label = _("Passport valid for %(months)s more months") % {"months": programme.passport_valid_months}
    if passport is None or passport.expires_on is None:
        return Requirement(key="passport", label=label, met=False, detail=_("No passport with an expiry date on file."))
    return Requirement(
        key="passport",
        label=label,
        met=passport.expires_on >= needed_until,
        detail=_("Expires %(expires)s; must be valid until at least %(needed)s.")
        % {"expires": date_format(passport.expires_on), "needed": date_format(needed_until)},
    )


def _documents(documents: dict[str, Document], programme: SendingProgramme, on: datetime.date) -> Requirement:
    missing = []
    for kind in programme.required_document_kinds:
        document = documents.get(kind)
        if document is None:
            missing.append(_("%(document)s missing") % {"document": kind.label})
        elif not document.is_verified:
            missing.append(_("%(document)s not verified") % {"document": kind.label})
        elif not document.is_valid_on(on):
            missing.append(_("%(document)s expired") % {"document": kind.label})
    return Requirement(
        key="documents",
        label=_("Required documents verified"),
        met=not missing,
        detail="; ".join(missing) if missing else _("All required documents are verified."),
    )
