"""The acknowledgement clock: a case nobody acknowledged within its 24 hours
goes one level up the chain, by itself.

The supervising organization (level 2) is reached only through a referral
made with the reporter's consent, and that referral itself takes the case to
level 2 (``refer_case``). So the clock's one step is always to the ministry
and the embassy: from the LPK/SO it skips level 2, because a supervising
organization must not learn of a case the reporter did not agree to share;
from level 2 it is the next level anyway. The step restarts the clock, so
the ministry has 24 hours too; past those the case stays breached (the home
and the case list show it) until the ministry acknowledges it.

Celery beat (every CASE_CLOCK_SWEEP_EVERY_MINUTES) and ``manage.py
sweep_case_clocks`` both call ``sweep_case_clocks``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import transaction

from protection.actions.cases import escalate
from protection.models import ACKNOWLEDGE_WITHIN, Case, EscalationCause, Level


@dataclass
class SweepResult:
    # Case ids that moved, by the level they moved to.
    escalated: dict[int, list[int]] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(len(ids) for ids in self.escalated.values())


def sweep_case_clocks(*, now: datetime.datetime) -> SweepResult:
    """Escalate every case whose clock ran out at ``now`` one level."""
    result = SweepResult()
    due = (
        Case.objects.unacknowledged_past(now)
        .filter(level__lt=Level.MINISTRY_AND_EMBASSY)
        .order_by("acknowledge_by", "pk")
        .values_list("pk", flat=True)
    )
    for case_id in list(due):
        moved_to = _escalate_one(case_id, now=now)
        if moved_to is not None:
            result.escalated.setdefault(int(moved_to), []).append(case_id)
    return result


@transaction.atomic
def _escalate_one(case_id: int, *, now: datetime.datetime) -> Level | None:
    # Read again under the lock: a handler may have acknowledged the case, or
    # another sweep escalated it, since the list was read.
    case = Case.objects.select_for_update().get(pk=case_id)
    if not case.is_past_clock(now) or case.level >= Level.MINISTRY_AND_EMBASSY:
        return None
    to = Level.MINISTRY_AND_EMBASSY
    escalate(case=case, to=to, by=None, reason="", now=now, cause=EscalationCause.CLOCK)
    case.acknowledge_by = now + ACKNOWLEDGE_WITHIN
    case.save(update_fields=["acknowledge_by"])
    return to
