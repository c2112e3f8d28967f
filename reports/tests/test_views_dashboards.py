"""The dashboard pages: who reads whose figures, the filters, and what a page shows."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from accounts.models import User
from reports.catalogue import DASHBOARDS
from reports.models import Snapshot
from reports.slices import ALL, Scope, ScopeKind
from reports.tests.world import WHOLE_PROGRAMME_WEIGHT, cast_figures, figures_world, miyagi_government
from tests.cast import PERSONAS, Cast

# Each persona's scopes, their default first.
SCOPES = {
    "ministry_admin": lambda c: [ALL],
    "ministry_officer": lambda c: [ALL],
    "ministry_viewer": lambda c: [ALL],
    "embassy_officer": lambda c: [ALL],
    "prefecture_officer": lambda c: [Scope(ScopeKind.PREFECTURE, c.prefecture.prefecture_id)],
    "association_officer": lambda c: [
        Scope(ScopeKind.ASSOCIATION, c.association.pk),
        Scope(ScopeKind.SENDING_ORGANIZATION, c.lpk.pk),
    ],
    "lpk_officer": lambda c: [Scope(ScopeKind.SENDING_ORGANIZATION, c.lpk.pk)],
    "lpk_viewer": lambda c: [Scope(ScopeKind.SENDING_ORGANIZATION, c.lpk.pk)],
    "other_lpk_officer": lambda c: [Scope(ScopeKind.SENDING_ORGANIZATION, c.other_lpk.pk)],
    "blk_officer": lambda c: [Scope(ScopeKind.TRAINING_CENTRE, c.blk.pk)],
    "other_blk_officer": lambda c: [Scope(ScopeKind.TRAINING_CENTRE, c.other_blk.pk)],
}
NO_REPORTS = set(PERSONAS) - set(SCOPES)


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def figures(cast: Cast) -> Snapshot:
    return cast_figures(cast)


def _offered(response: object) -> list[str]:
    form = response.context["form"]  # type: ignore[attr-defined]
    values = []
    for value, label in form.fields["scope"].choices:
        values += [choice for choice, _ in label] if isinstance(label, list) else [value]
    return values


class TestScopes:
    @pytest.mark.parametrize("persona", sorted(SCOPES))
    def test_it_offers_each_reader_their_scopes_default_first(
        self, cast: Cast, figures: Snapshot, persona: str
    ) -> None:
        response = _client(getattr(cast, persona)).get("/reports/pipeline/")
        assert response.status_code == 200
        expected = [scope.token for scope in SCOPES[persona](cast)]
        offered = _offered(response)
        if expected == [ALL.token]:
            # The whole programme first, then any prefecture, association, LPK/SO or BLK by name.
            assert offered[0] == "all"
            assert {f"lpk-{cast.lpk.pk}", f"blk-{cast.other_blk.pk}", f"association-{cast.association.pk}"} <= set(
                offered
            )
        else:
            assert offered == expected
        assert response.context["where"].scope.token == expected[0]

    @pytest.mark.parametrize("persona", sorted(NO_REPORTS))
    def test_it_shows_no_report_to_the_others(self, cast: Cast, figures: Snapshot, persona: str) -> None:
        client = _client(getattr(cast, persona))
        for url in ["/reports/", *(f"/reports/{name}/" for name in DASHBOARDS)]:
            assert client.get(url).status_code == 404, url

    @pytest.mark.parametrize("persona", ["lpk_officer", "association_officer", "prefecture_officer", "blk_officer"])
    def test_it_answers_404_for_a_scope_the_reader_may_not_read(
        self, cast: Cast, figures: Snapshot, persona: str
    ) -> None:
        client = _client(getattr(cast, persona))
        for token in ["all", f"lpk-{cast.other_lpk.pk}", f"blk-{cast.other_blk.pk}", "prefecture-999"]:
            if token in [scope.token for scope in SCOPES[persona](cast)]:
                continue
            assert client.get("/reports/departures/", {"scope": token}).status_code == 404, token
            assert client.get("/reports/departures/export.xlsx", {"scope": token}).status_code == 404, token
            assert client.get("/reports/departures/by-month.csv", {"scope": token}).status_code == 404, token

    def test_it_lets_the_ministry_choose_any_scope_by_name(self, cast: Cast, figures: Snapshot) -> None:
        client = _client(cast.ministry_viewer)
        response = client.get("/reports/departures/", {"scope": f"lpk-{cast.other_lpk.pk}"})
        assert response.status_code == 200
        assert response.context["scope_label"] == "LPK Fuji"
        assert response.context["where"].scope == Scope(ScopeKind.SENDING_ORGANIZATION, cast.other_lpk.pk)

    def test_it_shows_the_association_its_members_together_and_each_member(self, cast: Cast, figures: Snapshot) -> None:
        client = _client(cast.association_officer)
        page = client.get("/reports/pipeline/", headers={"accept-language": "en"})
        assert page.context["scope_label"] == "AP2LN: all members"
        response = client.get("/reports/pipeline/", {"scope": f"lpk-{cast.lpk.pk}"})
        assert response.context["scope_label"] == "LPK Sakura"


class TestFilters:
    @pytest.mark.parametrize(
        "query",
        [
            {"year": "1800"},
            {"year": "2031"},
            {"year": "twenty"},
            {"programme": "apprentice"},
            {"scope": "everyone"},
            {"scope": "lpk-99999999"},
            {"scope": "all", "year": "2026", "programme": "<script>"},
        ],
    )
    def test_it_refuses_a_bad_value_with_the_forms_error_and_the_default_slice(
        self, cast: Cast, figures: Snapshot, query: dict[str, str]
    ) -> None:
        response = _client(cast.ministry_officer).get("/reports/pipeline/", query)
        assert response.status_code == 400
        assert response.context["form"].errors
        assert response.context["where"] == response.context["form"].default
        assert response.context["tables"]  # the default slice's figures, not an empty page

    def test_it_refuses_an_export_of_bad_filters_with_the_page(self, cast: Cast, figures: Snapshot) -> None:
        client = _client(cast.ministry_officer)
        for url in ["/reports/pipeline/export.xlsx", "/reports/pipeline/export.pdf", "/reports/pipeline/funnel.csv"]:
            response = client.get(url, {"year": "1800"})
            assert response.status_code == 400
            assert response["Content-Type"].startswith("text/html")

    def test_it_shows_the_slice_asked_for(self, cast: Cast, figures: Snapshot) -> None:
        client = _client(cast.ministry_officer)
        response = client.get("/reports/pipeline/", {"scope": "all", "year": "2026", "programme": "titp"})
        assert response.status_code == 200
        where = response.context["where"]
        assert (where.scope, where.year, where.programme) == (ALL, 2026, "titp")
        funnel = response.context["tables"][0]
        assert funnel.rows[0].cells[0].value == 120 * WHOLE_PROGRAMME_WEIGHT

    def test_it_reads_the_readers_own_figures(self, cast: Cast, figures: Snapshot) -> None:
        response = _client(cast.lpk_officer).get("/reports/pipeline/")
        assert response.context["tables"][0].rows[0].cells[0].value == 120


class TestPage:
    def test_it_shows_a_chart_and_a_table_for_each_table(self, english: Client, cast: Cast, figures: Snapshot) -> None:
        english.force_login(cast.ministry_officer)
        response = english.get("/reports/departures/")
        content = response.content.decode()
        assert content.count('role="img"') == len(DASHBOARDS["departures"].tables)
        assert content.count("<caption") == len(DASHBOARDS["departures"].tables)
        assert '<th scope="row">March 2026</th>' in content
        assert "Figures as of" in content

    def test_it_shows_small_numbers_as_counts_and_larger_as_rates(
        self, english: Client, cast: Cast, figures: Snapshot
    ) -> None:
        english.force_login(cast.lpk_officer)
        content = english.get("/reports/pipeline/").content.decode()
        # "returned": 3 of 8, a whole under 10: counts only; "ready": 70 of 90, a rate.
        assert "3 of 8" in content
        assert "38%" not in content
        assert "<strong>78%</strong> (70 of 90)" in content

    def test_it_shows_per_100_to_one_decimal(self, english: Client, cast: Cast, figures: Snapshot) -> None:
        english.force_login(cast.ministry_officer)
        content = english.get("/reports/protection/").content.decode()
        assert "<strong>0.8 per 100</strong> (30 of 4,000)" in content
        assert "1 of 6" in content

    def test_it_hides_grievances_and_fees_from_the_japanese_side(self, cast: Cast, figures: Snapshot) -> None:
        client = _client(cast.prefecture_officer)
        assert client.get("/reports/protection/").status_code == 404
        assert client.get("/reports/protection/grievances.csv").status_code == 404
        index = client.get("/reports/")
        assert "protection" not in [dashboard.name for dashboard in index.context["dashboards"]]

    def test_it_highlights_the_prefectures_own_on_the_map(self, cast: Cast, figures: Snapshot) -> None:
        response = _client(cast.prefecture_officer).get("/reports/placements/")
        table = response.context["tables"][0]
        assert table.map is not None
        assert table.map.highlights
        assert b'class="highlighted"' in response.content

    def test_it_says_when_there_are_no_figures_yet(self, english: Client, cast: Cast) -> None:
        english.force_login(cast.ministry_officer)
        response = english.get("/reports/pipeline/")
        assert response.status_code == 200
        assert "No figures yet" in response.content.decode()
        assert english.get("/reports/pipeline/export.xlsx").status_code == 200  # the page again, no file
        assert english.get("/reports/pipeline/export.xlsx")["Content-Type"].startswith("text/html")

    def test_it_reads_the_latest_finished_snapshot(self, cast: Cast) -> None:
        miyagi_government(cast)
        older = figures_world(taken_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC))
        newer = figures_world(taken_at=datetime.datetime(2026, 2, 1, tzinfo=datetime.UTC))
        Snapshot.objects.create(taken_at=datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC))  # still running
        response = _client(cast.ministry_officer).get("/reports/pipeline/")
        assert response.context["snapshot"] == newer != older

    def test_it_answers_404_for_a_dashboard_that_does_not_exist(self, cast: Cast, figures: Snapshot) -> None:
        client = _client(cast.ministry_officer)
        assert client.get("/reports/nothing/").status_code == 404
        assert client.get("/reports/departures/nothing.csv").status_code == 404
        assert client.get("/reports/departures/funnel.csv").status_code == 404

    def test_it_refuses_the_wrong_http_method(self, cast: Cast, figures: Snapshot) -> None:
        assert _client(cast.ministry_officer).post("/reports/pipeline/").status_code == 405
