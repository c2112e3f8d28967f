"""The scorecard pages and their exports, on a snapshot of the scorecard
world (reports/tests/scorecard_world.py)."""

from __future__ import annotations

import csv
import io
import re

import openpyxl
import pytest
from django.test import Client
from pytest_django.fixtures import Settings

from audit.models import AuditAction, AuditEntry
from reports.models import Snapshot
from reports.tests.scorecard_world import World, scored
from tests.cast import PERSONAS, Cast

MINISTRY = {"ministry_admin", "ministry_officer", "ministry_viewer"}
LPKS = "/reports/scorecards/sending-organizations/"
COMPANIES = "/reports/scorecards/companies/"


@pytest.fixture
def world(cast: Cast) -> World:
    return scored(cast)[0]


@pytest.fixture
def ministry(english: Client, cast: Cast) -> Client:
    english.force_login(cast.ministry_viewer)
    return english


def _names(content: bytes) -> list[str]:
    """The partners' names in the list's order."""
    return re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a>', content.decode())


def _text(content: bytes) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", content.decode()))


class TestAccess:
    @pytest.mark.parametrize("persona", PERSONAS)
    def test_it_opens_the_scorecards_to_the_ministry_only(self, world: World, persona: str) -> None:
        client = Client()
        client.force_login(getattr(world.cast, persona))
        urls = [
            "/reports/scorecards/",
            LPKS,
            f"{LPKS}{world.cast.lpk.pk}/",
            f"{LPKS}export.csv",
            f"{COMPANIES}export.xlsx",
        ]
        expected = 200 if persona in MINISTRY else 404
        assert [client.get(url).status_code for url in urls] == [expected] * len(urls)

    def test_it_sends_an_anonymous_visitor_to_the_login_page(self, client: Client, world: World) -> None:
        response = client.get(LPKS)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")

    @pytest.mark.parametrize("kind", ["lpk", "companies ", "sending_organizations", "blk"])
    def test_it_answers_404_to_an_unknown_kind(self, ministry: Client, world: World, kind: str) -> None:
        assert ministry.get(f"/reports/scorecards/{kind}/").status_code == 404

    def test_it_answers_404_for_an_organization_of_another_kind(self, ministry: Client, world: World) -> None:
        assert ministry.get(f"{LPKS}{world.sendai.pk}/").status_code == 404
        assert ministry.get(f"{COMPANIES}{world.sendai.pk}/").status_code == 200
        assert ministry.get(f"{COMPANIES}{10**30}/").status_code == 404
        assert ministry.get(f"{COMPANIES}999999/").status_code == 404


class TestList:
    def test_it_shows_each_rate_with_the_figures_behind_it(self, ministry: Client, world: World) -> None:
        text = _text(ministry.get(LPKS).content)
        assert "LPK Sakura" in text
        assert "75% (9 of 12)" in text  # placed in the same job type
        assert "82% (9 of 11)" in text  # skill tests passed
        assert "25 (3 of 12)" in text  # grievances per 100 workers

    def test_it_shows_a_small_number_as_its_counts(self, ministry: Client, world: World) -> None:
        text = _text(ministry.get(LPKS).content)
        # Fee violations: 1 of 3 paying workers, no rate of it; Fuji's 1 of 2 in the same job type.
        assert " 1 of 3 " in text
        assert " 1 of 2 " in text
        assert "33 (1 of 3)" not in text
        assert "50% (1 of 2)" not in text

    def test_it_says_when_the_figures_were_taken(self, ministry: Client, world: World) -> None:
        assert "Figures as of 15 October 2026" in _text(ministry.get(LPKS).content)

    def test_it_filters_by_year_and_programme(self, ministry: Client, world: World) -> None:
        assert _names(ministry.get(LPKS, {"year": "2026", "programme": "ssw"}).content) == ["LPK Fuji"]
        assert _names(ministry.get(LPKS, {"year": "2025"}).content) == ["LPK Sakura"]

    @pytest.mark.parametrize(
        ("sort", "order"),
        [
            ("", ["Sendai Steel", "Nagoya Metal"]),
            ("name", ["Nagoya Metal", "Sendai Steel"]),
            ("-name", ["Sendai Steel", "Nagoya Metal"]),
            ("departures", ["Nagoya Metal", "Sendai Steel"]),
            ("placements", ["Nagoya Metal", "Sendai Steel"]),
            ("-placements", ["Sendai Steel", "Nagoya Metal"]),
            ("-grievances_per_100", ["Sendai Steel", "Nagoya Metal"]),
            # Nagoya Metal's 1 grievance of 3 workers is too small to be a rate: last either way.
            ("grievances_per_100", ["Sendai Steel", "Nagoya Metal"]),
        ],
    )
    def test_it_sorts_by_any_column(self, ministry: Client, world: World, sort: str, order: list[str]) -> None:
        assert _names(ministry.get(COMPANIES, {"sort": sort} if sort else {}).content) == order

    def test_it_pages_the_list(self, ministry: Client, world: World, settings: Settings) -> None:
        settings.SCORECARD_PAGE_SIZE = 1
        first = ministry.get(COMPANIES)
        assert _names(first.content) == ["Sendai Steel"]
        assert first.context["next_query"] == "page=2"
        assert _names(ministry.get(COMPANIES, {"page": "2"}).content) == ["Nagoya Metal"]
        # An address kept from a longer list shows the last page.
        assert _names(ministry.get(COMPANIES, {"page": "9"}).content) == ["Nagoya Metal"]

    @pytest.mark.parametrize(
        "query",
        [
            {"year": "1800"},
            {"year": "2031"},
            {"year": "abc"},
            {"year": "9" * 40},
            {"programme": "xyz"},
            {"sort": "bogus"},
            {"sort": "--departures"},
            {"page": "0"},
            {"page": "-1"},
            {"page": "abc"},
            {"page": "9" * 40},
            {"year": "\x00"},
        ],
    )
    def test_it_refuses_a_bad_query_string_and_shows_the_default(
        self, ministry: Client, world: World, query: dict[str, str]
    ) -> None:
        response = ministry.get(LPKS, query)
        assert response.status_code == 400
        assert "cannot show" in _text(response.content)
        assert _names(response.content) == ["LPK Sakura", "LPK Fuji"]

    def test_it_names_a_japanese_organization_in_japanese_for_a_japanese_reader(
        self, client: Client, world: World
    ) -> None:
        client.cookies["django_language"] = "ja"
        client.force_login(world.cast.ministry_officer)
        assert _names(client.get(COMPANIES).content) == ["仙台製鋼株式会社", "Nagoya Metal"]

    def test_it_says_so_before_the_first_refresh(self, ministry: Client, cast: Cast) -> None:
        response = ministry.get(LPKS)
        assert response.status_code == 200
        assert "No figures have been computed yet" in _text(response.content)
        assert ministry.get(f"{LPKS}export.csv").status_code == 404


class TestCard:
    def test_it_shows_every_score_beside_the_programme_with_the_figures(self, ministry: Client, world: World) -> None:
        response = ministry.get(f"{LPKS}{world.cast.lpk.pk}/")
        text = _text(response.content)
        # The partner's 9 of 12 beside the programme's 10 of 14, and the counts on their own rows.
        assert "Placed in the same job type as their trade 75% (9 of 12) 71% (10 of 14)" in text
        assert "Departures 12 14" in text
        assert "Median days to resolve a grievance 4 5" in text
        assert "Period: every year. Programme: every programme." in text

    def test_it_shows_the_card_of_the_year_and_programme_asked_for(self, ministry: Client, world: World) -> None:
        text = _text(ministry.get(f"{COMPANIES}{world.nagoya.pk}/", {"year": "2026", "programme": "ssw"}).content)
        assert "Period: 2026. Programme: Specified Skilled Worker (SSW)." in text
        assert "Departures 2 2" in text

    def test_it_says_when_a_partner_has_no_figures_in_the_period(self, ministry: Client, world: World) -> None:
        response = ministry.get(f"{COMPANIES}{world.nagoya.pk}/", {"year": "2025"})
        assert response.status_code == 200
        assert "has no figures for this period" in _text(response.content)


class TestExports:
    def test_it_exports_the_list_as_a_workbook(self, ministry: Client, world: World) -> None:
        response = ministry.get(f"{LPKS}export.xlsx", {"sort": "name"})
        assert response.status_code == 200
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
        rows = list(sheet.iter_rows(values_only=True))
        headings = list(rows[0])
        assert headings[:3] == ["Organization", "Name in the other language", "ID"]
        by_name = {row[0]: dict(zip(headings, row, strict=True)) for row in rows[1:]}
        assert list(by_name) == ["LPK Fuji", "LPK Sakura"]
        sakura = by_name["LPK Sakura"]
        assert (sakura["Departures"], sakura["Same job type (%)"], sakura["Skill tests taken in Japan"]) == (12, 75, 11)
        # A rate of a small whole is left empty; its counts are there.
        assert sakura["Fee-policy violations per 100 paying workers"] is None
        assert (sakura["Payments breaking the fee policy"], sakura["Workers who paid it"]) == (1, 3)

    def test_it_exports_the_list_as_csv_for_spreadsheet_programs(self, ministry: Client, world: World) -> None:
        response = ministry.get(f"{COMPANIES}export.csv", {"year": "2026"})
        text = response.content.decode("utf-8")
        assert text.startswith("\ufeff")
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        records = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
        assert [(row["Organization"], row["Departures"], row["Placements in Japan"]) for row in records] == [
            ("Nagoya Metal", "2", "3"),
            ("Sendai Steel", "0", "12"),
        ]
        assert records[1]["Name in the other language"] == "仙台製鋼株式会社"
        assert records[1]["Median days to resolution"] == "4"

    def test_it_writes_who_exported_what_in_the_audit_log(self, ministry: Client, world: World, cast: Cast) -> None:
        ministry.get(f"{COMPANIES}export.csv", {"year": "2026", "programme": "titp"})
        entry = AuditEntry.objects.get(actor=cast.ministry_viewer)
        assert entry.action == AuditAction.VIEWED_SENSITIVE
        assert entry.target_id == str(Snapshot.objects.get().pk)
        assert entry.changes == {
            "export": {"table": "scorecards.companies", "format": "csv", "rows": 2, "year": "2026", "programme": "titp"}
        }

    @pytest.mark.parametrize("query", [{"year": "1800"}, {"programme": "xyz"}, {"sort": "x"}])
    def test_it_exports_nothing_for_a_bad_filter(
        self, ministry: Client, world: World, cast: Cast, query: dict[str, str]
    ) -> None:
        assert ministry.get(f"{LPKS}export.xlsx", query).status_code == 400
        assert not AuditEntry.objects.filter(actor=cast.ministry_viewer).exists()

    def test_it_knows_no_other_format(self, ministry: Client, world: World) -> None:
        assert ministry.get(f"{LPKS}export.pdf").status_code == 404
