"""The status change on the participant's page answers where it was asked:
with htmx, the form's section comes back in place with each reason next to
its field; without, the whole page comes back anchored at the form with the
field in error focused. A status with no way back is confirmed first."""

from __future__ import annotations

import pytest
from django.test import Client

from participants.models import FINAL_STATUSES, Participant, Status
from tests.cast import Cast

HTMX = {"HX-Request": "true"}


def url(participant: Participant) -> str:
    return f"/participants/{participant.pk}/status/"


def between(page: str, start: str, end: str) -> str:
    return page[page.index(start) : page.index(end, page.index(start))]


def test_it_answers_an_htmx_refusal_with_the_form_in_place(english: Client, cast: Cast) -> None:
    english.force_login(cast.lpk_officer)

    response = english.post(url(cast.budi), {"to": Status.WITHDRAWN, "reason": ""}, headers=HTMX)

    assert response.status_code == 422
    page = response.content.decode()
    assert "<html" not in page
    assert page.lstrip().startswith('<section class="card" id="status-change"')
    # The reason is asked for at the reason, below the status, not above it.
    reason_group = page[page.index('for="id_reason"') :]
    assert "Give a reason for “withdrawn”." in reason_group
    assert "Give a reason" not in page[: page.index('for="id_reason"')]
    assert "autofocus" in between(page, "<textarea", ">")
    cast.budi.refresh_from_db()
    assert cast.budi.status == Status.REGISTERED


def test_it_answers_without_htmx_with_the_page_anchored_at_the_form(english: Client, cast: Cast) -> None:
    english.force_login(cast.lpk_officer)

    response = english.post(url(cast.budi), {"to": Status.WITHDRAWN, "reason": "  "})

    assert response.status_code == 400
    page = response.content.decode()
    assert "<html" in page
    assert f'action="{url(cast.budi)}#status-change"' in page
    assert 'id="status-change" tabindex="-1"' in page
    assert "autofocus" in between(page, "<textarea", ">")
    assert response.context["transition_form"].errors == {"reason": ["Give a reason for “withdrawn”."]}


def test_it_puts_a_refused_status_next_to_the_status(english: Client, cast: Cast) -> None:
    english.force_login(cast.lpk_officer)

    response = english.post(url(cast.budi), {"to": Status.PLACED, "reason": "typed"}, headers=HTMX)

    assert response.status_code == 422
    page = response.content.decode()
    assert "autofocus" in between(page, "<select", ">")
    assert "typed</textarea>" in page  # what was typed is kept


def test_it_offers_no_status_before_one_is_chosen(english: Client, cast: Cast) -> None:
    english.force_login(cast.lpk_officer)

    page = english.get(f"/participants/{cast.budi.pk}/").content.decode()

    select = between(page, '<select name="to"', "</select>")
    assert '<option value="" selected>— choose —</option>' in select
    assert select.count("selected") == 1
    response = english.post(url(cast.budi), {"to": "", "reason": ""})
    assert response.context["transition_form"].errors == {"to": ["This field is required."]}


FINAL_MOVES = [("budi", Status.WITHDRAWN), ("budi", Status.DISQUALIFIED)]
OFFICER = {"budi": "lpk_officer", "siti": "other_lpk_officer"}


@pytest.mark.parametrize(("who", "wanted"), FINAL_MOVES, ids=[f"{who}-{wanted}" for who, wanted in FINAL_MOVES])
def test_it_asks_before_a_status_with_no_way_back(english: Client, cast: Cast, who: str, wanted: Status) -> None:
    assert wanted in FINAL_STATUSES
    participant = getattr(cast, who)
    english.force_login(getattr(cast, OFFICER[who]))

    in_place = english.post(url(participant), {"to": wanted, "reason": "Moved abroad"}, headers=HTMX)
    on_page = english.post(url(participant), {"to": wanted, "reason": "Moved abroad"})

    for response in (in_place, on_page):
        assert response.status_code == 200
        page = response.content.decode()
        assert f"Change the status of {participant.full_name} to “{wanted.label}”? It is final" in page
        assert '<input type="hidden" name="confirmed" value="true">' in page
        assert '<input type="hidden" name="reason" value="Moved abroad">' in page
    assert "<html" not in in_place.content.decode()
    participant.refresh_from_db()
    assert participant.status != wanted


@pytest.mark.parametrize(("who", "wanted"), FINAL_MOVES, ids=[f"{who}-{wanted}" for who, wanted in FINAL_MOVES])
def test_it_makes_the_change_once_confirmed(english: Client, cast: Cast, who: str, wanted: Status) -> None:
    participant = getattr(cast, who)
    english.force_login(getattr(cast, OFFICER[who]))

    response = english.post(url(participant), {"to": wanted, "reason": "Moved abroad", "confirmed": "true"})

    assert response.status_code == 302
    assert response["Location"] == f"/participants/{participant.pk}/#top"
    participant.refresh_from_db()
    assert participant.status == wanted
    assert participant.history.get(to_status=wanted).reason == "Moved abroad"


def test_a_confirmed_change_through_htmx_reloads_the_page(english: Client, cast: Cast) -> None:
    english.force_login(cast.lpk_officer)

    response = english.post(
        url(cast.budi), {"to": Status.WITHDRAWN, "reason": "Moved abroad", "confirmed": "true"}, headers=HTMX
    )

    assert response["HX-Redirect"] == f"/participants/{cast.budi.pk}/"
    cast.budi.refresh_from_db()
    assert cast.budi.status == Status.WITHDRAWN


def test_a_confirmation_without_the_reason_is_still_refused(english: Client, cast: Cast) -> None:
    english.force_login(cast.lpk_officer)

    response = english.post(url(cast.budi), {"to": Status.WITHDRAWN, "reason": "", "confirmed": "true"})

    assert response.status_code == 400
    cast.budi.refresh_from_db()
    assert cast.budi.status == Status.REGISTERED


def test_a_status_with_a_way_back_needs_no_confirmation(english: Client, cast: Cast) -> None:
    english.force_login(cast.lpk_officer)

    response = english.post(url(cast.budi), {"to": Status.IN_TRAINING})

    assert response.status_code == 302
    cast.budi.refresh_from_db()
    assert cast.budi.status == Status.IN_TRAINING


@pytest.mark.parametrize("wanted", [Status.DECEASED, Status.MISSING, Status.RETURNED, Status.TRANSFERRED])
def test_it_refuses_life_in_japan_before_any_confirmation_and_names_the_placement(
    english: Client, cast: Cast, wanted: Status
) -> None:
    english.force_login(cast.other_lpk_officer)

    response = english.post(url(cast.siti), {"to": wanted, "reason": "Heard from the family", "confirmed": "true"})

    assert response.status_code == 400
    page = response.content.decode()
    assert "set and left through the placement&#x27;s pages" in page
    assert "It is final" not in page
    cast.siti.refresh_from_db()
    assert cast.siti.status == Status.PLACED
