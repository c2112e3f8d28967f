"""The demo breach (breaches.demo): reported by the demo LPK/SO, its people
told, the authority not yet, so the register shows a running clock."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from breaches.demo import REPORTED_HOURS_AGO, seed_breaches
from breaches.models import Audience, Breach, BreachStatus
from tests.cast import Cast

pytestmark = pytest.mark.django_db


def _as_demo_logins(cast: Cast) -> None:
    for user, username in ((cast.ministry_admin, "kemnaker"), (cast.lpk_officer, "lpk.officer")):
        user.username = username
        user.save(update_fields=["username"])


def test_it_reports_a_suspected_breach_whose_authority_is_still_to_be_told(cast: Cast) -> None:
    _as_demo_logins(cast)
    now = timezone.now()

    breach = seed_breaches(now=now)

    assert breach is not None
    assert breach.status == BreachStatus.SUSPECTED
    assert breach.reporting_organization == cast.lpk
    assert breach.found_at == now - datetime.timedelta(hours=REPORTED_HOURS_AGO)
    assert set(breach.notifications.values_list("audience", flat=True)) == {Audience.DATA_SUBJECTS}


def test_it_reports_once(cast: Cast) -> None:
    _as_demo_logins(cast)
    seed_breaches()

    assert seed_breaches() is None
    assert Breach.objects.count() == 1


def test_it_reports_nothing_without_the_demo_logins(cast: Cast) -> None:
    assert seed_breaches() is None
    assert not Breach.objects.exists()
