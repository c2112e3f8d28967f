"""Demo shortlists, made by the demo ministry officer through the real actions:
the demo company's open orders get a published shortlist (so its login sees
limited profiles), and a few other orders a draft to review."""

from __future__ import annotations

import datetime

from accounts.models import User
from joborders.models import JobOrder
from matching import actions

DEMO_COMPANY = "sendai-seimitsu"
DRAFTS = 3


def seed_matching(*, today: datetime.date, by_username: str = "kemnaker") -> int:
    """Returns the number of shortlists made."""
    officer = User.objects.get(username=by_username)
    open_orders = JobOrder.objects.holding_positions().order_by("start_date", "pk")
    published = list(open_orders.filter(company__code=DEMO_COMPANY))
    drafts = list(open_orders.exclude(company__code=DEMO_COMPANY)[:DRAFTS])
    for job_order in published:
        shortlist = actions.run_shortlist(job_order_id=job_order.pk, by=officer, today=today)
        if shortlist.kept_entries().exists():
            actions.publish_shortlist(shortlist_id=shortlist.pk, expected_version=shortlist.version, by=officer)
    for job_order in drafts:
        actions.run_shortlist(job_order_id=job_order.pk, by=officer, today=today)
    return len(published) + len(drafts)
