"""How long personal data is kept, and what keeps it longer.

``SCHEDULE`` is the retention schedule: each kind of record, how long it is
kept after which event, and what happens then. The rules that anonymize are
applied by ``privacy.actions.apply_retention`` (Celery beat daily, or
``manage.py apply_retention`` from cron; ``--dry-run`` shows what it would do). The rules
that keep are there so the schedule says where every kind of record stands.

``exceptions_for`` answers, for one participant, which legal retention
exceptions stop their data from being erased now; an erasure decision and the
schedule both ask it.
"""

from __future__ import annotations

import dataclasses
import datetime
import enum
from typing import TypeVar

from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ledger.models import LedgerEntry
from participants.models import Participant, Status
from placements.models import Placement
from privacy.models import Anonymization, RetentionException
from protection.models import Case

# Fee and cost records are company documents kept for 10 years (UU 8/1997 Pasal 11).
LEDGER_YEARS = 10


class Then(enum.Enum):
    ANONYMIZE = "anonymize"
    KEEP = "keep"


@dataclasses.dataclass(frozen=True, kw_only=True)
class RetentionRule:
    code: str
    records: Promise
    years: int
    after: Promise
    then: Then
    basis: Promise
    # The participants' statuses the rule applies to (anonymizing rules only).
    statuses: frozenset[Status] = frozenset()


SCHEDULE: tuple[RetentionRule, ...] = (
    RetentionRule(
        code="left_before_departure",
        records=_("participants who withdrew or were disqualified before departure"),
        years=2,
        after=_("the status change"),
        then=Then.ANONYMIZE,
        basis=_(
            "No longer needed for the purpose (UU 27/2022 Pasal 43); two years let a person who left come back to "
            "the pool without registering again."
        ),
        statuses=frozenset({Status.WITHDRAWN, Status.DISQUALIFIED}),
    ),
    RetentionRule(
        code="back_home",
        records=_("participants who came home or died abroad"),
        years=LEDGER_YEARS,
        after=_("the status change"),
        then=Then.ANONYMIZE,
        basis=_(
            "The follow-up after return and grievances raised after coming home (UU 18/2017), and the fee records "
            "that name them (10 years)."
        ),
        statuses=frozenset({Status.RETURNED, Status.RETURNED_EARLY, Status.DECEASED}),
    ),
    RetentionRule(
        code="ledger",
        records=_("fee and cost records"),
        years=LEDGER_YEARS,
        after=_("the payment"),
        then=Then.KEEP,
        basis=_(
            "Company documents (UU 8/1997 Pasal 11). After the person is anonymized the amounts stay for the "
            "statistics of costs, without a name."
        ),
    ),
    RetentionRule(
        code="audit",
        records=_("the audit trail"),
        years=0,
        after=_("the change it records"),
        then=Then.KEEP,
        basis=_(
            "The record of processing the controller must keep (UU 27/2022 Pasal 31); its entries are never "
            "rewritten and hold no sensitive values."
        ),
    ),
)


def exceptions_for(participant_id: int, *, today: datetime.date) -> list[RetentionException]:
    """The legal reasons, found in the records, that keep this participant's data now."""
    found = []
    if Placement.objects.open().filter(participant_id=participant_id).exists():
        found.append(RetentionException.LIVE_PLACEMENT)
    if Case.objects.open().filter(participant_id=participant_id).exists():
        found.append(RetentionException.OPEN_GRIEVANCE)
    kept_since = years_before(today, LEDGER_YEARS)
    if LedgerEntry.objects.filter(participant_id=participant_id, paid_on__gte=kept_since).exists():
        found.append(RetentionException.LEDGER)
    return found


def due_under(rule: RetentionRule, *, now: datetime.datetime) -> list[int]:
    """Participants the rule reaches: in its statuses for longer than its years, not yet anonymized."""
    if rule.then is not Then.ANONYMIZE:
        return []
    until = years_before(now, rule.years)
    due = Participant.objects.filter(Q(status__in=rule.statuses) & Q(status_changed_at__lt=until))
    return list(due.exclude(pk__in=Anonymization.objects.participant_ids()).order_by("pk").values_list("pk", flat=True))


_Moment = TypeVar("_Moment", datetime.date, datetime.datetime)


def years_before(moment: _Moment, years: int) -> _Moment:
    """The same day ``years`` earlier (28 February for a 29th that year lacks)."""
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:  # 29 February in a year without one
        return moment.replace(year=moment.year - years, day=28)
