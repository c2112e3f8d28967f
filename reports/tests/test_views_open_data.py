"""The open-data page and its CSV files, as an anonymous visitor gets them."""

from __future__ import annotations

import csv
import io
import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.test import Client
from django.utils import formats, timezone, translation
from django.utils.translation import pgettext

from reference.models import Track
from reports.models import Figure, Snapshot
from reports.open_data import SPECS
from reports.tests.open_data_world import FORBIDDEN, TAKEN_AT, OpenDataWorld, open_data_world
from tests.cast import Cast

LANGUAGES = [code for code, _name in settings.LANGUAGES]


def _withheld(language: str) -> str:
    """How a withheld cell reads on the page in ``language``."""
    with translation.override(language):
        return pgettext("a withheld count", "<10")


@pytest.fixture
def world(db: None) -> OpenDataWorld:
    return open_data_world()


class _Cells(HTMLParser):
    """The text of each body row of each table, by the section it is in."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.section = ""
        self.row: list[str] | None = None
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "section":
            self.section = dict(attrs).get("id") or ""
        elif tag == "tr":
            self.row = []
        elif tag in {"td", "th"} and self.row is not None:
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in {"td", "th"} and self.row is not None and self.cell is not None:
            self.row.append("".join(self.cell).strip())
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.tables.setdefault(self.section, []).append(self.row)
            self.row = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


def _tables(content: bytes) -> dict[str, list[list[str]]]:
    parser = _Cells()
    parser.feed(content.decode())
    return parser.tables


def _count(text: str) -> int:
    return int(re.sub(r"[.,\s]", "", text))


def _csv(content: bytes) -> list[list[str]]:
    body = content.decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


def _forms(number: int) -> list[str]:
    """A number as any of the languages may write it."""
    return [str(number), f"{number:,}", f"{number:,}".replace(",", ".")]


class TestPage:
    @pytest.mark.parametrize("language", LANGUAGES)
    def test_it_shows_the_tables_to_an_anonymous_visitor_in_each_language(
        self, client: Client, world: OpenDataWorld, language: str
    ) -> None:
        response = client.get(f"/open-data/?language={language}")
        assert response.status_code == 200
        assert response["Content-Language"] == language
        page = response.content.decode()
        assert f'<html lang="{language}">' in page
        assert set(_tables(response.content)) == set(SPECS)
        miyagi = "宮城県" if language == "ja" else "Miyagi"
        assert _tables(response.content)["workers-in-japan"][1][0] == miyagi
        for code in LANGUAGES:
            assert f'href="?language={code}"' in page
        assert f'href="/open-data/departures-by-year.csv?language={language}"' in page

    @pytest.mark.parametrize("language", LANGUAGES)
    def test_it_never_shows_a_count_under_ten(self, client: Client, world: OpenDataWorld, language: str) -> None:
        response = client.get(f"/open-data/?language={language}")
        withheld = 0
        for name, rows in _tables(response.content).items():
            if name not in SPECS:
                continue
            for row in rows[1:]:
                for cell in row[1:]:
                    if cell == _withheld(language):
                        withheld += 1
                    else:
                        assert _count(cell) >= 10, (name, row)
        assert withheld
        # 2026: 47 departures, 40 of them TITP, 7 SSW.
        year_2026 = next(row for row in _tables(response.content)["departures-by-year"] if row[0] == "2026")
        assert year_2026[2] == _withheld(language)
        assert _withheld(language) in (year_2026[1], year_2026[-1])

    def test_it_says_how_old_the_figures_are_and_why_cells_are_withheld(
        self, client: Client, world: OpenDataWorld
    ) -> None:
        page = client.get("/open-data/?language=en").content.decode()
        with translation.override("en"):
            moment = formats.date_format(timezone.localtime(TAKEN_AT), "DATETIME_FORMAT")
        assert f"Figures as of {moment}." in page
        assert "fewer than 10, possibly none" in page
        assert re.search(r"<\d", page) is None, "a withheld cell's “<10” escaped in the markup"

    def test_it_says_so_when_no_figures_are_published_yet(self, client: Client, db: None) -> None:
        Snapshot.objects.create(finished_at=None)
        response = client.get("/open-data/?language=en")
        assert response.status_code == 200
        assert "No figures have been published yet." in response.content.decode()

    def test_it_leaves_out_a_table_whose_figures_do_not_add_up(self, client: Client, world: OpenDataWorld) -> None:
        Figure.objects.filter(snapshot=world.snapshot, table="placements.titp-to-ssw", scope="all", key="2026").update(
            values={"moved": 40, "finished": 33}
        )
        response = client.get("/open-data/?language=en")
        assert "This table cannot be published from the current figures." in response.content.decode()
        assert "titp-to-ssw" not in _tables(response.content)
        assert client.get("/open-data/titp-to-ssw.csv").status_code == 404

    @pytest.mark.parametrize(
        ("header", "cookie", "expected"), [("ja,en;q=0.5", None, "ja"), ("ja", "en", "en"), ("", None, "id")]
    )
    def test_it_speaks_the_visitors_language_without_one_in_the_address(
        self, client: Client, world: OpenDataWorld, header: str, cookie: str | None, expected: str
    ) -> None:
        if cookie:
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = cookie
        response = client.get("/open-data/", headers={"accept-language": header})
        assert response["Content-Language"] == expected
        assert "Cookie" in response["Vary"]
        assert "Accept-Language" in response["Vary"]

    def test_the_login_page_links_to_it(self, client: Client, db: None) -> None:
        assert 'href="/open-data/"' in client.get("/accounts/login/").content.decode()


class TestCsv:
    @pytest.mark.parametrize("language", LANGUAGES)
    @pytest.mark.parametrize("name", list(SPECS))
    def test_it_writes_each_table_with_withheld_cells_as_under_ten(
        self, client: Client, world: OpenDataWorld, language: str, name: str
    ) -> None:
        response = client.get(f"/open-data/{name}.csv?language={language}")
        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Content-Disposition"] == f'attachment; filename="jembatan-{name}-2026-12-01.csv"'
        rows = _csv(response.content)
        assert len(rows) > 2
        for row in rows[1:]:
            for cell in row[1:]:
                assert cell == "<10" or int(cell) >= 10, (name, row)

    @pytest.mark.parametrize(("language", "place"), [("ja", "宮城県"), ("en", "Miyagi"), ("id", "Miyagi")])
    def test_it_writes_the_headings_and_labels_in_the_language_asked(
        self, client: Client, world: OpenDataWorld, language: str, place: str
    ) -> None:
        rows = _csv(client.get(f"/open-data/workers-in-japan.csv?language={language}").content)
        with translation.override(language):
            titp = str(Track.TITP.label)
        assert rows[0][1] == titp
        # Miyagi: 52 TITP, 8 SSW, no ESD nor engineer, 60 in all.
        assert rows[1] == [place, "52", "<10", "<10", "<10", "60"]

    def test_it_writes_the_figures_as_the_page_shows_them(self, client: Client, world: OpenDataWorld) -> None:
        page = _tables(client.get("/open-data/?language=en").content)["departures-by-prefecture"]
        rows = _csv(client.get("/open-data/departures-by-prefecture.csv?language=en").content)
        assert [[cell.replace(",", "") for cell in row] for row in page] == rows


class TestWhatItNeverShows:
    @pytest.mark.parametrize("language", LANGUAGES)
    def test_it_never_shows_another_scope_a_year_a_grievance_or_an_old_snapshot(
        self, client: Client, world: OpenDataWorld, language: str
    ) -> None:
        bodies = [client.get(f"/open-data/?language={language}").content.decode()]
        bodies += [client.get(f"/open-data/{name}.csv?language={language}").content.decode() for name in SPECS]
        for number in FORBIDDEN:
            for body in bodies:
                assert not any(form in body for form in _forms(number)), number

    def test_it_sets_no_cookie_and_lets_a_shared_cache_keep_the_page(
        self, client: Client, world: OpenDataWorld
    ) -> None:
        for url in ["/open-data/", "/open-data/?language=ja", "/open-data/nope.csv", "/open-data/titp-to-ssw.csv"]:
            response = client.get(url)
            assert not response.cookies, url
            if response.status_code == 200:
                assert "public" in response["Cache-Control"]
                assert "max-age=300" in response["Cache-Control"]
                assert "no-store" not in response["Cache-Control"]
        assert "csrfmiddlewaretoken" not in client.get("/open-data/").content.decode()

    @pytest.mark.parametrize("url", ["/open-data/", "/open-data/titp-to-ssw.csv"])
    def test_it_keeps_a_signed_in_users_copy_private(
        self, client: Client, cast: Cast, world: OpenDataWorld, url: str
    ) -> None:
        client.force_login(cast.lpk_officer)
        response = client.get(url)
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]
        assert "public" not in response["Cache-Control"]


class TestBadAddresses:
    @pytest.mark.parametrize(
        "query",
        ["language=xx", "language=", "language=JA", "language=ja&language=en", "language=ja-JP", "language=%00"],
    )
    @pytest.mark.parametrize("path", ["/open-data/", "/open-data/departures-by-year.csv"])
    def test_it_answers_404_to_a_language_it_does_not_speak(
        self, client: Client, world: OpenDataWorld, path: str, query: str
    ) -> None:
        assert client.get(f"{path}?{query}").status_code == 404

    @pytest.mark.parametrize(
        "path",
        [
            "/open-data/nope.csv",
            "/open-data/DEPARTURES-BY-YEAR.csv",
            "/open-data/departures.by-year.csv",
            "/open-data/protection-grievances.csv",
            "/open-data/departures-by-year.xlsx",
            "/open-data/departures-by-year",
            "/open-data/%E5%AE%AE.csv",
        ],
    )
    def test_it_answers_404_to_a_table_it_does_not_publish(
        self, client: Client, world: OpenDataWorld, path: str
    ) -> None:
        assert client.get(path).status_code == 404

    def test_it_answers_404_to_a_table_before_any_figures(self, client: Client, db: None) -> None:
        assert client.get("/open-data/departures-by-year.csv").status_code == 404

    def test_it_ignores_other_parameters(self, client: Client, world: OpenDataWorld) -> None:
        assert client.get("/open-data/?utm_source=x&year=abc").status_code == 200

    @pytest.mark.parametrize("path", ["/open-data/", "/open-data/departures-by-year.csv"])
    def test_it_refuses_a_post(self, client: Client, world: OpenDataWorld, path: str) -> None:
        assert client.post(path).status_code == 405
