"""Work items of protection on the homes: new cases to acknowledge, and
cases whose 24-hour clock ran out, for the organization that holds them."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from protection.actions.cases import change_status
from protection.clocks import sweep_case_clocks
from protection.models import Body
from protection.tests.case_world import budis_case, referred
from tests.cast import Cast

pytestmark = pytest.mark.django_db
LATER = datetime.timedelta(hours=25)


def _home(client: Client, user: object) -> str:
    client.cookies["django_language"] = "en"
    client.force_login(user)  # type: ignore[arg-type]
    return client.get("/").content.decode()


def test_it_asks_the_lpk_to_acknowledge_its_new_cases(client: Client, cast: Cast) -> None:
    budis_case(cast)
    budis_case(cast)
    page = _home(client, cast.lpk_officer)
    assert "2 new protection cases to acknowledge." in page
    assert "/protection/cases/?status=new" in page
    assert "new protection case" not in _home(client, cast.other_lpk_officer)
    # A viewer reads cases but acknowledges none.
    assert "new protection case" not in _home(client, cast.lpk_viewer)


def test_it_drops_the_item_once_the_case_is_acknowledged(client: Client, cast: Cast) -> None:
    case = budis_case(cast)
    change_status(case_id=case.pk, to="acknowledged", by=cast.lpk_officer, version=case.version)  # type: ignore[arg-type]
    assert "protection case" not in _home(client, cast.lpk_officer)


def test_it_warns_the_lpk_and_the_ministry_of_a_breached_clock(client: Client, cast: Cast) -> None:
    with time_machine.travel(timezone.now() - LATER):
        budis_case(cast)
    page = _home(client, cast.lpk_officer)
    assert "1 protection case was not acknowledged within 24 hours." in page
    assert "/protection/cases/?clock=breached" in page
    assert "1 protection case was not acknowledged within 24 hours." in _home(client, cast.ministry_officer)


def test_it_moves_the_breached_case_to_the_ministry_after_the_sweep(client: Client, cast: Cast) -> None:
    with time_machine.travel(timezone.now() - LATER):
        budis_case(cast)
    sweep_case_clocks(now=timezone.now())
    assert "protection case" not in _home(client, cast.lpk_officer)
    assert "1 new protection case to acknowledge." in _home(client, cast.ministry_officer)


def test_it_gives_an_organization_in_japan_no_case_to_acknowledge_even_once_referred(
    client: Client, cast: Cast
) -> None:
    with time_machine.travel(timezone.now() - LATER):
        case = budis_case(cast)
        referred(cast, case, body=Body.SUPERVISING_ORGANIZATION)
    assert "protection case" not in _home(client, cast.supervising_officer)
