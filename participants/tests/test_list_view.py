"""The participant list: search, filters, sorting and keyset pages, all within
the user's scope; htmx requests get only the results fragment."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pytest_django.fixtures import Settings

from lib.seek import Count
from participants import actions
from participants import views as participant_views
from participants.models import LAPSE_WARNING_DAYS, HealthCheck, Status
from participants.tests.records import days_from_today, health_check
from tests.cast import Cast, details, walk
from tests.nik import make_nik


def _names(client: Client, **query: str) -> list[str]:
    return [row.full_name for row in client.get("/participants/", query).context["page"].rows]


def test_it_searches_by_name_katakana_and_whole_nik(client: Client, cast: Cast) -> None:
    client.force_login(cast.ministry_viewer)
    assert _names(client, q="santoso") == ["Budi Santoso"]
    assert _names(client, q="シティ") == ["Siti Aminah"]
    spaced = f"{cast.siti.nik[:4]} {cast.siti.nik[4:10]} {cast.siti.nik[10:]}"
    assert _names(client, q=spaced) == ["Siti Aminah"]


def test_a_search_too_short_to_look_up_is_refused_and_not_run(client: Client, cast: Cast) -> None:
    """As typed (htmx): the results say why, and list as if nothing were typed yet."""
    client.force_login(cast.ministry_viewer)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/participants/", {"q": "Bu"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert not any("%bu%" in query["sql"].lower() for query in queries.captured_queries)
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="results">')
    assert 'role="alert"><p id="id_q_error">' in html
    assert sorted(row.full_name for row in response.context["page"].rows) == ["Budi Santoso", "Siti Aminah"]


def test_it_shows_why_a_filter_was_set_aside_in_the_pages_language(client: Client, cast: Cast) -> None:
    client.force_login(cast.ministry_viewer)
    html = client.get("/participants/", {"q": "Bu"}, headers={"accept-language": "ja"}).content.decode()
    assert "検索：氏名を3文字以上続けて入力するか、NIKを全桁入力してください。" in html
    html = client.get("/participants/", {"status": "lost"}, headers={"accept-language": "id"}).content.decode()
    assert '<p id="id_status_error">Status: ' in html


def test_it_does_not_find_out_of_scope_records_by_nik(client: Client, cast: Cast) -> None:
    client.force_login(cast.lpk_officer)
    assert _names(client, q=cast.siti.nik) == []


def test_it_filters_by_status_and_organization(client: Client, cast: Cast) -> None:
    client.force_login(cast.ministry_viewer)
    assert _names(client, status=Status.PLACED) == ["Siti Aminah"]
    assert _names(client, training_centre=str(cast.blk.pk)) == ["Budi Santoso"]
    assert _names(client, sending_organization=str(cast.other_lpk.pk)) == ["Siti Aminah"]


def test_it_sorts_by_name_and_by_registration(client: Client, cast: Cast) -> None:
    client.force_login(cast.ministry_viewer)
    assert _names(client, sort="name") == ["Budi Santoso", "Siti Aminah"]
    assert _names(client, sort="-registered") == ["Siti Aminah", "Budi Santoso"]
    assert _names(client, sort="registered") == ["Budi Santoso", "Siti Aminah"]


def test_it_pages_with_cursors_that_keep_the_filters(client: Client, cast: Cast, settings) -> None:
    settings.PARTICIPANT_PAGE_SIZE = 1
    client.force_login(cast.ministry_viewer)
    first = client.get("/participants/", {"sort": "name"})
    assert first.context["total"] == Count(value=2, more=False)
    next_query = first.context["next_query"]
    assert "sort=name" in next_query
    second = client.get("/participants/" + next_query)
    assert [r.full_name for r in second.context["page"].rows] == ["Siti Aminah"]
    assert second.context["next_query"] is None
    back = client.get("/participants/" + second.context["previous_query"])
    assert [r.full_name for r in back.context["page"].rows] == ["Budi Santoso"]


def test_it_answers_htmx_with_the_results_fragment_only(client: Client, cast: Cast) -> None:
    client.force_login(cast.ministry_viewer)
    html = client.get("/participants/", {"q": "budi"}, headers={"HX-Request": "true"}).content.decode()
    assert html.lstrip().startswith('<section id="results">')
    assert "Budi Santoso" in html
    assert "<html" not in html


def test_it_shows_masked_niks_only(client: Client, cast: Cast) -> None:
    client.force_login(cast.ministry_viewer)
    html = client.get("/participants/").content.decode()
    assert cast.budi.nik not in html
    assert cast.budi.masked_nik in html


def test_it_keeps_its_query_count_flat_as_rows_grow(client: Client, cast: Cast, django_assert_max_num_queries) -> None:
    client.force_login(cast.ministry_viewer)
    with django_assert_max_num_queries(12):
        client.get("/participants/")


def test_its_filters_lists_are_read_once_for_every_page(client: Client, cast: Cast) -> None:
    """The training centres, LPK/SOs and provinces a filter offers come from
    memory (lib.short_lists) after the first page, whoever reads it."""
    client.force_login(cast.ministry_viewer)
    with CaptureQueriesContext(connection) as first:
        client.get("/participants/")
    with CaptureQueriesContext(connection) as second:
        client.get("/participants/")
    client.force_login(cast.blk_officer)
    with CaptureQueriesContext(connection) as another_reader:
        html = client.get("/participants/").content.decode()

    def lists(queries: CaptureQueriesContext) -> list[str]:
        return [q["sql"] for q in queries.captured_queries if 'FROM "reference_province"' in q["sql"]]

    assert len(lists(first)) == 1
    assert lists(second) == lists(another_reader) == []
    assert len(second) == len(first) - 3
    assert f'<option value="{cast.other_lpk.pk}">LPK Fuji</option>' in html


def test_its_rows_read_nothing_more_than_the_page_did(client: Client, cast: Cast) -> None:
    """The rows are read with only the columns the list shows: a column it
    shows but left unread would cost a query for every row."""
    client.force_login(cast.ministry_viewer)
    client.get("/participants/")  # the filters' short lists are then kept
    with CaptureQueriesContext(connection) as before:
        client.get("/participants/")
    trade = cast.programme
    for serial in range(1, 6):
        actions.register_participant(
            details=details(
                cast,
                full_name=f"Rina Lestari {serial}",
                nik=make_nik(datetime.date(2002, 5, 17), serial=serial + 40),
                vocational_programme=trade,
            ),
            by=cast.ministry_officer,
        )
    with CaptureQueriesContext(connection) as after:
        html = client.get("/participants/").content.decode()

    assert len(after) == len(before)
    assert html.count(trade.local_name) >= 5
    assert html.count(cast.lpk.name) >= 5
    assert html.count(cast.blk.name) >= 5


def test_it_lists_the_ready_whose_health_check_runs_out_soon(client: Client, cast: Cast) -> None:
    walk(cast.budi, [Status.IN_TRAINING, Status.READY], cast.ministry_officer)
    lasting = actions.register_participant(
        details=details(cast, full_name="Rina Lestari", nik=make_nik(datetime.date(2002, 5, 17), serial=77)),
        by=cast.ministry_officer,
    )
    walk(lasting, [Status.IN_TRAINING, Status.READY], cast.ministry_officer)
    health_check(lasting, cast.ministry_officer)  # valid for a year
    lapsing = health_check(cast.budi, cast.ministry_officer)
    HealthCheck.objects.filter(pk=lapsing.pk).update(expires_on=days_from_today(LAPSE_WARNING_DAYS - 1))
    client.force_login(cast.ministry_viewer)

    assert _names(client, health="lapsing") == ["Budi Santoso"]
    assert sorted(_names(client, status=Status.READY)) == ["Budi Santoso", "Rina Lestari"]


def test_it_counts_a_ready_participant_without_any_health_check_as_lapsing(client: Client, cast: Cast) -> None:
    walk(cast.budi, [Status.IN_TRAINING, Status.READY], cast.ministry_officer)
    client.force_login(cast.ministry_viewer)

    assert _names(client, health="lapsing") == ["Budi Santoso"]  # siti, placed, is past needing it


def test_it_names_an_unknown_health_filter_as_an_error(client: Client, cast: Cast) -> None:
    client.force_login(cast.ministry_viewer)
    response = client.get("/participants/", {"health": "soon"})

    assert response.status_code == 200
    assert "health" in response.context["form"].errors


def test_it_counts_exactly_up_to_its_limit_and_says_more_past_it(
    client: Client, cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    client.force_login(cast.ministry_viewer)
    client.cookies["django_language"] = "en"  # the assertions read the English sentence
    monkeypatch.setattr(participant_views, "COUNTED_UP_TO", 2)
    exact = client.get("/participants/")
    assert exact.context["total"] == Count(value=2, more=False)
    assert "2 participants" in exact.text
    assert "More than" not in exact.text

    monkeypatch.setattr(participant_views, "COUNTED_UP_TO", 1)
    capped = client.get("/participants/")
    assert capped.context["total"] == Count(value=1, more=True)
    assert "More than 1 participant" in capped.text


def test_a_long_list_is_not_counted_again_page_after_page(
    client: Client, cast: Cast, monkeypatch: pytest.MonkeyPatch, settings: Settings
) -> None:
    client.force_login(cast.ministry_viewer)
    monkeypatch.setattr(participant_views, "COUNTED_UP_TO", 1)
    settings.PARTICIPANT_PAGE_SIZE = 1
    with CaptureQueriesContext(connection) as first:
        page_one = client.get("/participants/", {"sort": "name"})
    with CaptureQueriesContext(connection) as second:
        page_two = client.get("/participants/" + page_one.context["next_query"])

    counts = [[query for query in queries if "COUNT(" in query["sql"]] for queries in (first, second)]
    assert (len(counts[0]), len(counts[1])) == (1, 0)
    assert page_one.context["total"] == page_two.context["total"] == Count(value=1, more=True)
    assert page_one.context["page"].rows != page_two.context["page"].rows


def test_a_search_counts_up_to_its_own_lower_limit(client: Client, cast: Cast, monkeypatch: pytest.MonkeyPatch) -> None:
    for serial in (1, 2):
        actions.register_participant(
            details=details(
                cast, full_name=f"Rina Lestari {serial}", nik=make_nik(datetime.date(2002, 5, 17), serial=serial + 60)
            ),
            by=cast.ministry_officer,
        )
    client.force_login(cast.ministry_viewer)
    monkeypatch.setattr(participant_views, "SEARCH_COUNTED_UP_TO", 1)
    searched = client.get("/participants/", {"q": "Lestari"})
    listed = client.get("/participants/")

    assert searched.context["total"] == Count(value=1, more=True)
    assert listed.context["total"].more is False
    assert len(searched.context["page"].rows) > 1  # the cap is on the count, not the page
