"""NIKs that belong to someone else: one answer, audited and rate-limited.

Registering a NIK, through the form or an import, tells whether it is taken.
For a participant the person may change that is ordinary (the form says
"already registered", an import updates the record). For one they may not,
any answer tells that the NIK is taken, and a message saying where would tell
more. Nor may the NIK be registered a second time. So:

* every such case gets the same neutral sentence (``NOT_YOURS``): it does
  not say that the person is registered, or where;
* each such check is audit-logged against the record it found (a sensitive
  event: the checker learned something about a NIK) and counted;
* an organization that makes more than NIK_OUT_OF_SCOPE_CHECKS_PER_DAY of
  them in 24 hours is refused further imports and registrations
  (``ChecksExhausted``) until older checks leave the window; crossing the
  limit writes a notice to the audit log. Refusing every NIK then, not only
  the taken ones, is what keeps the refusal from answering the question.

The form (``participants.forms``) and the import (``spreadsheets``) call these
same functions, so they cannot drift apart.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import NamedTuple

from django.conf import settings
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from accounts import access
from accounts.models import Organization, User
from audit import actions as audit
from audit.models import AuditAction
from participants.actions import ParticipantError
from participants.models import ForeignNikCheck, Participant

NOT_YOURS = _(
    "Your organization cannot register this NIK. "
    "If the person should be registered with you, contact the ministry (Kemnaker)."
)
EXHAUSTED = _(
    "Your organization has tried more than %(limit)s NIKs in the last 24 hours that it cannot register. "
    "To protect people's data, its imports and registrations are paused for up to 24 hours. "
    "If these people should be registered with you, contact the ministry (Kemnaker)."
)
WINDOW = datetime.timedelta(hours=24)


class ChecksExhausted(ParticipantError):
    def __init__(self) -> None:
        super().__init__(str(EXHAUSTED) % {"limit": number_format(settings.NIK_OUT_OF_SCOPE_CHECKS_PER_DAY)})


class Found(NamedTuple):
    """A NIK checked that belongs to a record the checker may not change."""

    participant: int
    where: str  # what asked, for the audit row: "registration form", "import 12, row 5"
    source: str = ""  # counted once per source (ForeignNikCheck.source); "" counts every time


def checking_organization(user: User) -> Organization | None:
    """The organization a user's checks count against: the one their imports belong to."""
    return access.import_organization(user)


def checks_made(organization: Organization, *, now: datetime.datetime | None = None) -> int:
    return ForeignNikCheck.objects.filter(organization=organization).since((now or timezone.now()) - WINDOW).count()


def ensure_checks_left(*, by: User) -> None:
    """Refuse (``ChecksExhausted``) while ``by``'s organization is past its limit."""
    organization = checking_organization(by)
    if organization is not None and checks_made(organization) > settings.NIK_OUT_OF_SCOPE_CHECKS_PER_DAY:
        raise ChecksExhausted


def record_checks(*, by: User, found: Sequence[Found]) -> bool:
    """Audit and count each check; return whether ``by``'s organization is
    now past its limit (the caller then refuses with ``ChecksExhausted``).
    Call it where the writes stay, not in a transaction that will roll back."""
    organization = checking_organization(by)
    found = _not_counted_yet(found)
    if not found or organization is None:
        return False
    now = timezone.now()
    ForeignNikCheck.objects.bulk_create(
        ForeignNikCheck(
            organization=organization, checked_by=by, participant_id=item.participant, at=now, source=item.source
        )
        for item in found
    )
    names = dict(Participant.objects.filter(pk__in={item.participant for item in found}).values_list("pk", "full_name"))
    audit.record_for_each(
        actor=by,
        action=AuditAction.VIEWED_SENSITIVE,
        model=Participant,
        targets=[
            audit.TargetChanges(item.participant, names.get(item.participant, ""), _changes(item)) for item in found
        ],
    )
    made, limit = checks_made(organization, now=now), settings.NIK_OUT_OF_SCOPE_CHECKS_PER_DAY
    if made - len(found) <= limit < made:
        # Crossed just now: the notice is written once per crossing.
        audit.record(
            actor=by,
            action=AuditAction.LIMIT_REACHED,
            target=organization,
            changes={"nik_checks_out_of_scope_24h": [limit, made]},
        )
    return made > limit


def _not_counted_yet(found: Sequence[Found]) -> list[Found]:
    """Without the checks already counted for their source: those an import's
    check made before its worker died, when a new worker checks the file again."""
    sources = {item.source for item in found if item.source}
    counted = set(ForeignNikCheck.objects.filter(source__in=sources).values_list("source", flat=True))
    return [item for item in found if not item.source or item.source not in counted]


def _changes(item: Found) -> dict[str, object]:
    return {"nik": None, "out_of_scope_check": [None, item.where]}


def check_registration(*, nik: str, by: User, exclude: int | None = None) -> Participant | None:
    """Who holds ``nik`` (other than record ``exclude``), for ``by`` about to
    register it: None when nobody does; the record when ``by`` may change it.
    Refuses with the neutral ``NotYours`` (the check audited and counted)
    when it belongs to someone else, and with ``ChecksExhausted`` while the
    organization is past its limit, whoever holds the NIK."""
    ensure_checks_left(by=by)
    holders = Participant.objects.with_nik(nik)
    if exclude is not None:
        holders = holders.exclude(pk=exclude)
    holder = holders.first()
    if holder is None or access.participants_writable_by(by).filter(pk=holder.pk).exists():
        return holder
    if record_checks(by=by, found=[Found(holder.pk, "registration form")]):
        raise ChecksExhausted
    raise NotYours


class NotYours(ParticipantError):
    def __init__(self) -> None:
        super().__init__(str(NOT_YOURS))
