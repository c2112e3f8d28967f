"""A disputed ledger line becomes a protection case of category "fees or
debts charged".

Imports run one way: protection's actions call the ledger's
(``change_dispute_status``), the ledger never imports protection. The
ledger's ``open_dispute`` queues ``protection.tasks.open_case_for_dispute``
by its name once the dispute commits, and this module opens the case and
marks the dispute CASE_OPENED in one transaction; closing the case closes the
dispute (``protection.actions.cases.change_status``).
"""

from __future__ import annotations

from django.db import transaction

from ledger import actions as ledger_actions
from ledger.models import Dispute, DisputeStatus
from placements.models import Placement
from protection.actions.cases import CaseDetails, open_case
from protection.models import Case, Category, Door


@transaction.atomic
def open_case_for_dispute(*, dispute_id: int) -> Case:
    """The dispute's case, opened now unless it has one (a task delivered twice opens one)."""
    # Locked: the task delivered twice at once must not open two cases.
    dispute = Dispute.objects.select_for_update().select_related("participant", "opened_by").get(pk=dispute_id)
    existing = Case.objects.filter(dispute=dispute).first()
    if existing is not None:
        return existing
    placement = Placement.objects.filter(participant=dispute.participant).open().first()
    case = open_case(
        details=CaseDetails(
            category=Category(dispute.category or Category.FEES_OR_DEBTS),
            description=dispute.words,
            participant=dispute.participant,
            placement=placement,
        ),
        door=Door.DISPUTE,
        by=dispute.opened_by,
        now=dispute.opened_at,
    )
    case.dispute = dispute
    case.save(update_fields=["dispute"])
    if dispute.status == DisputeStatus.OPEN:
        ledger_actions.change_dispute_status(dispute_id=dispute.pk, to=DisputeStatus.CASE_OPENED, by=dispute.opened_by)
    return case
