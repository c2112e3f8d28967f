"""A participant's copy of their own data (UU 27/2022 Pasal 7 and 32): every
record about them, with the trail of its processing, as JSON to take
elsewhere and as a readable PDF.

Both are built from one list of sections, each a list of records of labelled
values, read from the models' own fields: a field added to a model appears
in the copy without a change here. Left out are what is not the person's
data (internal keys, file hashes, version counters) and what belongs to
others (staff logins; anonymous reports, which no account leads to).
"""

from __future__ import annotations

import dataclasses
import datetime
import json
from collections.abc import Callable, Iterable

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.access.grievances import own_cases
from accounts.models import User
from audit.models import AuditEntry
from ledger.models import LedgerEntry
from participants.models import (
    Document,
    Education,
    HealthCheck,
    LanguageResult,
    Participant,
    StatusChange,
    WorkExperience,
)
from placements.models import Placement
from privacy.models import ConsentRecord, CorrectionRequest, ErasureRequest
from protection.models import Consent as ReferralConsent
from training.models import Enrolment

# Never the person's data: keys, checksums, counters, who among staff typed it.
_LEFT_OUT = frozenset(
    {
        "id",
        "participant",
        "version",
        "name_key",
        "sha256",
        "file",
        "content_type",
        "user",
        "superseded_at",
        "requested_by",
        "decided_by",
        "recorded_by",
        "uploaded_by",
        "verified_by",
        "changed_by",
        "created_by",
        "pin_hash",
        "tracking_code",
    }
)


@dataclasses.dataclass(frozen=True)
class Item:
    name: str
    label: str
    value: str


@dataclasses.dataclass(frozen=True)
class Section:
    key: str
    title: Promise
    records: tuple[tuple[Item, ...], ...]


def _value(obj: models.Model, field: models.Field[object, object]) -> str:
    raw = field.value_from_object(obj)
    if raw is None or raw == "":
        return ""
    if field.choices:
        return str(dict(field.flatchoices).get(raw, raw))
    if isinstance(field, models.ForeignKey):
        return str(getattr(obj, field.name))
    return _plain(raw)


def _plain(raw: object) -> str:
    """Dates as ISO 8601 (local time), yes/no in the reader's language, lists joined."""
    if isinstance(raw, datetime.datetime):
        raw = timezone.localtime(raw).isoformat(timespec="minutes")
    elif isinstance(raw, datetime.date):
        raw = raw.isoformat()
    elif isinstance(raw, bool):
        raw = _("yes") if raw else _("no")
    elif isinstance(raw, list):
        raw = ", ".join(str(item) for item in raw)
    return str(raw)


def _fields(model: type[models.Model]) -> list[models.Field[object, object]]:
    return [
        field
        for field in model._meta.concrete_fields
        # Staff logins are the staff's data, not the participant's.
        if field.name not in _LEFT_OUT and getattr(field, "related_model", None) is not User
    ]


def _record(obj: models.Model) -> tuple[Item, ...]:
    return tuple(
        Item(name=field.name, label=str(field.verbose_name), value=_value(obj, field)) for field in _fields(type(obj))
    )


def _section(key: str, title: Promise, rows: Iterable[models.Model]) -> Section:
    return Section(key=key, title=title, records=tuple(_record(row) for row in rows))


def _trail(participant: Participant) -> Section:
    """Who processed the record and how (Pasal 32: access with the trail of
    processing): when, what was done, which fields. The entries of the
    record's own rows are found by the record's id; values are never shown."""
    entries = AuditEntry.objects.for_object(participant).select_related("actor").order_by("at", "pk")
    records = tuple(
        (
            Item("at", str(_("when")), timezone.localtime(entry.at).isoformat(timespec="minutes")),
            Item("action", str(_("action")), entry.get_action_display()),
            Item(
                "fields", str(_("fields")), ", ".join(sorted(entry.changes)) if isinstance(entry.changes, dict) else ""
            ),
        )
        for entry in entries
    )
    return Section(key="processing", title=_("Processing of your record"), records=records)


def _sources(participant: Participant, user: User) -> list[tuple[str, Promise, Callable[[], Iterable[models.Model]]]]:
    return [
        ("history", _("Status history"), lambda: StatusChange.objects.filter(participant=participant)),
        ("documents", _("Documents"), lambda: Document.objects.filter(participant=participant)),
        ("health_checks", _("Health checks"), lambda: HealthCheck.objects.filter(participant=participant)),
        ("language_results", _("Language results"), lambda: LanguageResult.objects.filter(participant=participant)),
        ("education", _("Education"), lambda: Education.objects.filter(participant=participant)),
        ("work_experience", _("Work experience"), lambda: WorkExperience.objects.filter(participant=participant)),
        ("training", _("Training"), lambda: Enrolment.objects.filter(participant=participant)),
        ("placements", _("Placements"), lambda: Placement.objects.filter(participant=participant)),
        ("costs", _("Costs"), lambda: LedgerEntry.objects.filter(participant=participant)),
        ("grievances", _("Your reports"), lambda: own_cases(user)),
        (
            "referral_consents",
            _("Consents to refer your reports"),
            lambda: ReferralConsent.objects.filter(case__in=own_cases(user)),
        ),
        ("consents", _("Consents"), lambda: ConsentRecord.objects.filter(participant=participant)),
        ("corrections", _("Correction requests"), lambda: CorrectionRequest.objects.filter(participant=participant)),
        ("erasures", _("Erasure requests"), lambda: ErasureRequest.objects.filter(participant=participant)),
    ]


def personal_data(participant: Participant, *, user: User) -> list[Section]:
    """Every section of the copy, the record itself first, its processing last."""
    sections = [Section(key="participant", title=_("Your record"), records=(_record(participant),))]
    sections += [_section(key, title, rows()) for key, title, rows in _sources(participant, user)]
    sections.append(_trail(participant))
    return sections


def as_json(sections: list[Section], *, made_at: datetime.datetime) -> bytes:
    """``{"made_at": …, "<section>": [{field: value, …}, …], …}``, as UTF-8."""
    document: dict[str, object] = {"made_at": timezone.localtime(made_at).isoformat(timespec="seconds")}
    for section in sections:
        document[section.key] = [{item.name: item.value for item in record} for record in section.records]
    return json.dumps(document, ensure_ascii=False, indent=2).encode()


def made_on(moment: datetime.datetime) -> str:
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")
