"""Work items of selection on the homes: interviews to score and offers
declined or withdrawn for the Japanese side; answers to record and interviews
coming up for the LPK/SO."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from joborders.tests.world import Japan, on_day
from placements.actions import offers
from placements.tests.world import Selection, build_selection, schedule, select
from tests.cast import Cast


@pytest.fixture
def selection(cast: Cast, japan: Japan, media: Path) -> Selection:
    with on_day():
        return build_selection(cast, japan)


def _home(client: Client, user: object) -> str:
    client.cookies["django_language"] = "en"
    client.force_login(user)  # type: ignore[arg-type]
    return client.get("/").content.decode()


def test_it_asks_the_japanese_side_to_score_the_interviews_held(
    client: Client, cast: Cast, selection: Selection
) -> None:
    with on_day():
        interview = schedule(selection, selection.candidates[0], cast.company_officer, hours=2)
        with time_machine.travel(interview.ends_at + datetime.timedelta(minutes=5)):
            page = _home(client, cast.supervising_officer)
    assert "1 interview was held and waits for its scores." in page
    assert f"/placements/interviews/{interview.pk}/" in page


def test_it_tells_the_japanese_side_of_an_offer_withdrawn_this_week(
    client: Client, cast: Cast, selection: Selection
) -> None:
    with on_day():
        offer = select(selection, selection.candidates[0], cast.company_officer)
        offers.withdraw_offer(offer_id=offer.pk, reason="Order reduced", by=cast.ministry_officer)
        page = _home(client, cast.company_officer)
        assert "1 offer was declined or withdrawn this week" in page
        with time_machine.travel(timezone.now() + datetime.timedelta(days=8)):
            assert "withdrawn this week" not in _home(client, cast.company_officer)


def test_it_asks_the_lpk_for_answers_and_warns_of_interviews_ahead(
    client: Client, cast: Cast, selection: Selection
) -> None:
    with on_day():
        select(selection, selection.candidates[0], cast.company_officer, hours=24)
        schedule(selection, selection.candidates[1], cast.company_officer, hours=48)
        page = _home(client, cast.lpk_officer)
        assert "1 offer to your candidates waits for their answer." in page
        assert "2 of your candidates have interviews within a week." in page
        assert "offer to your candidates" not in _home(client, cast.other_lpk_officer)
        assert "interview" not in _home(client, cast.lpk_viewer).split("Needs you now")[1].split("</section>")[0]


def test_the_company_home_links_an_order_with_a_published_list_to_its_interviews(
    client: Client, cast: Cast, selection: Selection
) -> None:
    with on_day():
        page = _home(client, cast.company_officer)
    assert f"/placements/job-orders/{selection.order.pk}/interviews/" in page
