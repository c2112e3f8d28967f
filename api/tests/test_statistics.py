"""Statistics: the latest snapshot's tables, for the scopes the reader's
reports offer, through accounts.access (a figures world written directly,
as the reports pages' tests do until the refresh lands)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from accounts.models import Organization
from api.tests.conftest import client_for
from joborders.tests.world import prefecture
from reports.models import Figure, Snapshot
from tests.cast import Cast

FUNNEL = "/api/v1/statistics/pipeline.funnel/"


def _snapshot(cast: Cast) -> Snapshot:
    snapshot = Snapshot.objects.create(finished_at=timezone.now(), participants=40)
    rows = [
        # scope, key, reached, previous
        ("all", "registered", 40, 40),
        ("all", "in_training", 30, 40),
        ("all", "ready", 6, 8),  # a small whole: no rate, the two counts only
        (f"lpk-{cast.lpk.pk}", "registered", 12, 12),
        (f"lpk-{cast.other_lpk.pk}", "registered", 28, 28),
    ]
    Figure.objects.bulk_create(
        Figure(
            snapshot=snapshot,
            table="pipeline.funnel",
            scope=scope,
            key=key,
            position=position,
            values={"reached": reached, "previous": previous, "median_days": 9},
        )
        for position, (scope, key, reached, previous) in enumerate(rows)
    )
    return snapshot


def test_it_reads_the_whole_programme_for_the_ministry(cast: Cast) -> None:
    snapshot = _snapshot(cast)
    body = client_for(cast.ministry_viewer).get(FUNNEL).json()
    assert body["scope"] == "all"
    assert datetime.datetime.fromisoformat(body["taken_at"]) == snapshot.taken_at
    assert [row["key"] for row in body["rows"]] == ["registered", "in_training", "ready"]
    assert body["rows"][1]["values"] == {"reached": 30, "previous": 40, "conversion": 75.0, "median_days": 9}
    assert body["rows"][2]["values"]["conversion"] is None
    other = client_for(cast.ministry_viewer).get(f"{FUNNEL}?scope=lpk-{cast.other_lpk.pk}").json()
    assert other["rows"][0]["values"]["reached"] == 28


def test_it_reads_an_lpks_own_figures_and_no_one_elses(cast: Cast) -> None:
    _snapshot(cast)
    api = client_for(cast.lpk_officer)
    own = api.get(FUNNEL).json()
    assert own["scope"] == f"lpk-{cast.lpk.pk}"
    assert own["rows"][0]["values"]["reached"] == 12
    for scope in ("all", f"lpk-{cast.other_lpk.pk}", f"blk-{cast.blk.pk}"):
        response = api.get(f"{FUNNEL}?scope={scope}")
        assert response.status_code == 404, scope
        assert response.json()["error"]["code"] == "not_found"


def test_it_gives_the_japanese_side_no_statistics(cast: Cast) -> None:
    _snapshot(cast)
    for persona in ("company_officer", "supervising_officer", "support_officer"):
        api = client_for(getattr(cast, persona))
        assert api.get("/api/v1/statistics/").status_code == 404, persona
        assert api.get(FUNNEL).status_code == 404, persona


def test_it_never_gives_a_prefecture_the_grievance_tables(cast: Cast) -> None:
    Organization.objects.filter(pk=cast.prefecture.pk).update(prefecture=prefecture())
    _snapshot(cast)
    api = client_for(cast.prefecture_officer)
    catalogue = api.get("/api/v1/statistics/").json()
    names = {table["name"] for table in catalogue["tables"]}
    assert "pipeline.funnel" in names
    assert not {name for name in names if name.startswith("protection.")}
    assert api.get("/api/v1/statistics/protection.grievances/").status_code == 404
    assert client_for(cast.ministry_viewer).get("/api/v1/statistics/protection.grievances/").status_code == 200


def test_it_lists_the_readers_scopes_default_first(cast: Cast) -> None:
    body = client_for(cast.association_officer).get("/api/v1/statistics/").json()
    assert body["scopes"] == [f"association-{cast.association.pk}", f"lpk-{cast.lpk.pk}"]
    assert body["taken_at"] is None


def test_it_answers_no_rows_before_the_first_snapshot(cast: Cast) -> None:
    body = client_for(cast.ministry_viewer).get(FUNNEL).json()
    assert (body["taken_at"], body["rows"]) == (None, [])


def test_it_refuses_a_bad_slice_and_an_unknown_table(cast: Cast) -> None:
    api = client_for(cast.ministry_viewer)
    for query, field in (("year=1800", "year"), ("programme=holiday", "programme"), ("scope=everything", "scope")):
        response = api.get(f"{FUNNEL}?{query}")
        assert response.status_code == 400, query
        assert set(response.json()["error"]["fields"]) == {field}
    assert api.get("/api/v1/statistics/pipeline.nothing/").status_code == 404
