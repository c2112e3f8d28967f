"""The notice task: registered by name (actions queue it without importing
it), and run in-process without Redis."""

from __future__ import annotations

from django.core import mail

from config.celery import registered_task
from joborders.models import CompanyProfile
from placements.actions import notices, offers
from placements.tests.world import Selection, select
from tests.cast import Cast


def test_the_actions_queue_it_by_its_registered_name() -> None:
    assert registered_task("placements.tasks.notify_offer_lapsed").name == "placements.tasks.notify_offer_lapsed"


def test_it_sends_nothing_when_neither_side_has_a_contact_email(cast: Cast, selection: Selection) -> None:
    CompanyProfile.objects.filter(organization=cast.company).update(contact_email="")
    offer = select(selection, selection.candidates[0], cast.company_officer)
    offers.withdraw_offer(offer_id=offer.pk, reason="Changed plans", by=cast.company_officer)
    assert notices.notify_offer_lapsed(offer_id=offer.pk) == 0
    assert mail.outbox == []


def test_the_task_sends_the_notice(cast: Cast, selection: Selection) -> None:
    offer = select(selection, selection.candidates[0], cast.company_officer)
    offers.withdraw_offer(offer_id=offer.pk, reason="Changed plans", by=cast.company_officer)
    registered_task("placements.tasks.notify_offer_lapsed").delay(offer.pk)
    assert [message.to for message in mail.outbox] == [["sato@example.jp"]]
    assert "Changed plans" in mail.outbox[0].body
