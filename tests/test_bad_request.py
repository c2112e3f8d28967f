"""A query string the page cannot read answers 400 with the reason, inside the
usual layout and in the reader's language; never a 500."""

from __future__ import annotations

import base64
import json

import pytest
from django.test import Client

from tests.cast import Cast
from tests.test_query_strings import World

BAD_CURSOR = base64.urlsafe_b64encode(json.dumps(["not a time", 1]).encode()).decode()


@pytest.mark.parametrize("path", ["/participants/", "/joborders/", "/audit/"])
def test_it_answers_400_to_a_cursor_it_did_not_write(english: Client, cast: Cast, path: str) -> None:
    english.force_login(cast.ministry_admin)
    response = english.get(path, {"after": BAD_CURSOR})
    assert response.status_code == 400
    page = response.content.decode()
    assert "This address cannot be read" in page
    assert "The value of “after” in the address is not valid: it is not a page cursor for this order." in page
    assert 'class="topbar"' in page  # the usual layout, with the menu


def test_it_answers_400_to_a_huge_participant_id_on_the_enrolment_page(english: Client, cast: Cast) -> None:
    world = World(cast)
    english.force_login(cast.lpk_officer)
    url = f"/training/classes/{world.training_class.pk}/enrol/"
    response = english.get(url, {"participants": str(10**30)})
    assert response.status_code == 400
    assert "“participants”" in response.content.decode()
    assert english.get(url, {"participants": str(cast.budi.pk)}).status_code == 200


def test_it_speaks_the_readers_language_on_the_400_page(client: Client, cast: Cast) -> None:
    client.force_login(cast.ministry_admin)
    response = client.get("/participants/", {"after": BAD_CURSOR})
    assert response.status_code == 400
    assert '<html lang="id">' in response.content.decode()


def test_it_refuses_a_huge_participant_id_in_the_enrolment_form(english: Client, cast: Cast) -> None:
    world = World(cast)
    english.force_login(cast.lpk_officer)
    response = english.post(f"/training/classes/{world.training_class.pk}/enrol/", {"participants": str(10**30)})
    assert response.status_code == 400
    assert not world.training_class.enrolments.exists()


def test_it_says_a_form_sent_by_the_megabyte_is_too_large_not_a_bad_address(english: Client, cast: Cast) -> None:
    english.force_login(cast.lpk_officer)

    response = english.post("/participants/new/", {"full_name": "A" * 3_000_000, "nik": "", "sex": ""})

    assert response.status_code == 400
    page = response.content.decode()
    assert "What you sent is too large" in page
    assert "nothing was saved" in page
    assert "This address cannot be read" not in page
    assert 'class="topbar"' in page
