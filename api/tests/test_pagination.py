"""Cursor pagination: every record once, in id order, across pages, even
when records are added while a client pages."""

from __future__ import annotations

import datetime
from typing import Any

from django.test import Client

from api.tests.conftest import client_for
from participants import actions as participant_actions
from tests.cast import Cast, details
from tests.nik import make_nik


def _register(cast: Cast, count: int, *, first: int = 0) -> None:
    for serial in range(first, first + count):
        birth = datetime.date(2001, 1, 1) + datetime.timedelta(days=serial)
        participant_actions.register_participant(
            details=details(cast, full_name=f"Peserta {serial}", birth_date=birth, nik=make_nik(birth, serial=serial)),
            by=cast.lpk_officer,
        )


def _pages(api: Client, url: str) -> list[dict[str, Any]]:
    pages = []
    while url:
        body = api.get(url).json()
        pages.append(body)
        url = body["next"]
    return pages


def test_it_walks_every_record_once_in_id_order(cast: Cast) -> None:
    _register(cast, 11)
    api = client_for(cast.ministry_viewer)
    pages = _pages(api, "/api/v1/participants/?page_size=4")
    ids = [record["id"] for page in pages for record in page["results"]]
    assert [len(page["results"]) for page in pages] == [4, 4, 4, 1]  # budi, siti and 11 more
    assert ids == sorted(ids)
    assert len(ids) == len(set(ids)) == 13
    assert pages[0]["previous"] is None
    assert pages[1]["previous"] is not None


def test_it_neither_repeats_nor_skips_when_records_arrive_while_paging(cast: Cast) -> None:
    _register(cast, 6)
    api = client_for(cast.ministry_viewer)
    first = api.get("/api/v1/participants/?page_size=5").json()
    _register(cast, 3, first=100)
    rest = _pages(api, first["next"])
    ids = [record["id"] for record in first["results"]] + [r["id"] for page in rest for r in page["results"]]
    assert len(ids) == len(set(ids)) == 11


def test_it_keeps_the_filters_on_the_next_page(cast: Cast) -> None:
    _register(cast, 5)
    api = client_for(cast.ministry_viewer)
    pages = _pages(api, "/api/v1/participants/?page_size=2&search=Peserta")
    names = [record["full_name"] for page in pages for record in page["results"]]
    assert sorted(names) == [f"Peserta {serial}" for serial in range(5)]


def test_it_narrows_by_every_filter(cast: Cast) -> None:
    api = client_for(cast.ministry_viewer)
    budi, siti = {cast.budi.pk}, {cast.siti.pk}

    def listed(query: str) -> set[int]:
        return {record["id"] for record in api.get(f"/api/v1/participants/?{query}").json()["results"]}

    assert listed(f"training_centre={cast.blk.pk}") == budi
    assert listed(f"sending_organization={cast.other_lpk.pk}") == siti
    assert listed("status=placed") == siti
    assert listed("search=budi") == budi
    assert listed("registered_since=2999-01-01") == set()
    assert listed("status=") == budi | siti  # an empty filter is no filter, as on the pages


def test_it_refuses_a_search_too_short_to_look_up(cast: Cast) -> None:
    api = client_for(cast.ministry_viewer)
    for value in ("bu", "b u", "__"):
        response = api.get("/api/v1/participants/", {"search": value})
        assert response.status_code == 400, value
        assert response.json()["error"]["fields"]["search"] == [
            "Type at least three letters of the name in a row, or the whole NIK."
        ]
    assert api.get("/api/v1/participants/", {"search": "bud"}).status_code == 200


def test_it_refuses_a_page_size_that_is_not_ascii_digits(cast: Cast) -> None:
    # "²" passes str.isdigit() and int() refuses it: a 400 on the parameter, never a 500.
    api = client_for(cast.ministry_viewer)
    for value in ("²", "١٢", "+5", " 5", "5.0", "0", "201"):
        response = api.get("/api/v1/interviews/", {"page_size": value})
        assert response.status_code == 400, value
        assert "page_size" in response.json()["error"]["fields"]
