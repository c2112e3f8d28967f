"""What the duty and to-do pages show, read in a few queries per page so that
templates never query: the latest duty records in the reader's scope, and
the obligations and notices of an organization or a person as sentences."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.urls import reverse

from accounts import access
from accounts.models import User
from placements.deadlines import source_of
from placements.deadlines.todo import Obligation, Scope, obligations
from placements.deadlines.wording import Names, sentence
from placements.models import OVERDUE, Notice, NoticeQuerySet, Placement

# Notices stay on the to-do page and the home this long after they were written.
NOTICES_SHOWN_FOR = datetime.timedelta(days=14)
NOTICES_SHOWN = 20
SECTION_ROWS = 10
# The duty form that meets an obligation of this kind.
RECORDED_BY = {
    "monthly_visit": "visit",
    "audit": "audit",
    "regular_interview": "interview",
    "quarterly_report": "report",
}


@dataclass(frozen=True)
class TodoRow:
    text: str
    due_on: datetime.date
    overdue: bool
    url: str


def duty_records(user: User, *, shown: int) -> dict[str, Any]:
    return {
        "visits": list(
            access.monthly_visits_visible_to(user).select_related("company", "supervising_organization")[:shown]
        ),
        "audits": list(access.audits_visible_to(user).select_related("company", "supervising_organization")[:shown]),
        "interviews": list(
            access.regular_interviews_visible_to(user).select_related(
                "placement__participant", "placement__company", "organization"
            )[:shown]
        ),
        "reports": list(access.quarterly_reports_visible_to(user).select_related("company", "organization")[:shown]),
    }


def todo(scope: Scope, *, now: datetime.datetime, recordable: set[str]) -> dict[str, Any]:
    """The obligations in ``scope``, overdue first, and its recent notices."""
    due = obligations(scope=scope, now=now)
    notices = list(_notices(scope).filter(created_at__gte=now - NOTICES_SHOWN_FOR)[:NOTICES_SHOWN])
    names = Names.of(
        [o.participant_id for o in due] + [n.participant_id for n in notices],
        [o.company_id for o in due] + [n.company_id for n in notices],
    )
    rows = [_row(obligation, names, recordable) for obligation in due]
    return {
        "rows": rows,
        "overdue": sum(row.overdue for row in rows),
        "notices": [_notice_text(notice, names, now=now) for notice in notices],
    }


def _notices(scope: Scope) -> NoticeQuerySet:
    notices = Notice.objects.newest_first()
    condition = scope.condition()
    if condition is None:
        return notices
    mine = Q(organization__in=scope.organization_ids) | Q(company__in=scope.organization_ids)
    if scope.participant_id is not None:
        mine |= Q(participant=scope.participant_id)
    return notices.filter(mine)


def _row(obligation: Obligation, names: Names, recordable: set[str]) -> TodoRow:
    whom = names.whom(participant_id=obligation.participant_id, company_id=obligation.company_id)
    form = RECORDED_BY.get(obligation.kind)
    url = reverse("duty_record", args=[form]) if form in recordable else ""
    return TodoRow(
        text=sentence(kind=obligation.kind, whom=whom, due_on=obligation.due_on, today=obligation.today),
        due_on=obligation.due_on,
        overdue=obligation.is_overdue,
        url=url,
    )


def _notice_text(notice: Notice, names: Names, *, now: datetime.datetime) -> str:
    source = source_of(notice.kind)
    today = source.today(now) if source is not None else now.date()
    whom = names.whom(participant_id=notice.participant_id, company_id=notice.company_id)
    return sentence(kind=notice.kind, whom=whom, due_on=notice.due_on, today=today)


@dataclass(frozen=True)
class RecentNotices:
    count: int
    overdue: bool
    # The newest few, as sentences.
    texts: list[str]


def recent_notices(user: User, *, now: datetime.datetime, shown: int) -> RecentNotices:
    """The user's deadline notices of the last two weeks (for the home)."""
    scope = access.obligation_scope_of(user)
    # The ministry and the embassy read everyone's on the to-do page, not on their home.
    if scope is None or scope.everything:
        return RecentNotices(0, overdue=False, texts=[])
    recent = _notices(scope).filter(created_at__gte=now - NOTICES_SHOWN_FOR)
    notices = list(recent[:shown])
    names = Names.of([n.participant_id for n in notices], [n.company_id for n in notices])
    return RecentNotices(
        count=recent.count(),
        overdue=recent.filter(days_ahead=OVERDUE).exists(),
        texts=[_notice_text(notice, names, now=now) for notice in notices],
    )


def placement_duties_section(placement: Placement, user: User, *, now: datetime.datetime) -> dict[str, Any]:
    """The placement page's duties section (``_duties_section.html``): what is
    due for this worker, and their latest regular interviews where the user may
    read them. The caller has checked that the user sees the placement."""
    due = obligations(scope=Scope(placement_id=placement.pk), now=now, limit=SECTION_ROWS)
    names = Names.of([o.participant_id for o in due], [o.company_id for o in due])
    interviews = access.regular_interviews_visible_to(user).filter(placement=placement)
    return {
        "duty_rows": [_row(obligation, names, set()) for obligation in due],
        "duty_interviews": list(interviews.select_related("organization")[:SECTION_ROWS]),
    }
