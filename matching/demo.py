"""Demo shortlists, made by the demo ministry officer through the real actions:
the demo company's open orders get a published shortlist (so its login sees
limited profiles), and a few other orders a draft to review."""

from __future__ import annotations

import datetime

from accounts.models import User
from joborders.models import JobOrder
from matching import actions
from matching.models import Shortlist

DEMO_COMPANY = "sendai-seimitsu"
DRAFTS = 3


def seed_matching(*, today: datetime.date, by_username: str = "kemnaker") -> int:
    """Returns the number of shortlists made."""
    officer = User.objects.get(username=by_username)
    open_orders = JobOrder.objects.holding_positions().order_by("start_date", "pk")
    published = list(open_orders.filter(company__code=DEMO_COMPANY))
    drafts = list(open_orders.exclude(company__code=DEMO_COMPANY)[:DRAFTS])
    made = 0
    for job_order in published:
        shortlist = _run(job_order, officer, today)
        if shortlist is not None and shortlist.kept_entries().exists():
            actions.publish_shortlist(shortlist_id=shortlist.pk, expected_version=shortlist.version, by=officer)
        made += shortlist is not None
    for job_order in drafts:
        made += _run(job_order, officer, today) is not None
    return made


def _run(job_order: JobOrder, officer: User, today: datetime.date) -> Shortlist | None:
    """The order's draft shortlist, made afresh; None for an order an earlier seed published."""
    try:
        return actions.run_shortlist(job_order_id=job_order.pk, by=officer, today=today)
    except actions.AlreadyPublished:
        return None
