"""The dashboards page and its spreadsheets: who counts what, the period
filter, small numbers, and the Japanese side never counting the cases that
name it."""

from __future__ import annotations

import datetime
import io

import pytest
import time_machine
from django.test import Client
from openpyxl import load_workbook

from accounts import access
from accounts.models import User
from placements.tests.stay_world import at_work
from protection.actions.cases import CaseDetails, open_case
from protection.actions.conversation import give_consent
from protection.dashboards import TABLES
from protection.models import Body, Category, ConsentGivenBy, ConsentPurpose, Door, Referral
from protection.tests.dashboard_world import NOW, asked, opened, round_of
from tests.cast import Cast

pytestmark = pytest.mark.django_db

URL = "/protection/dashboards/"
DAY = datetime.timedelta(days=1)
JAPANESE_SIDE = ["supervising_officer", "company_officer", "support_officer", "prefecture_officer"]


@pytest.fixture(autouse=True)
def now() -> object:
    with time_machine.travel(NOW, tick=False):
        yield


def client_of(user: User) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = "en"
    return client


def sheet_rows(content: bytes) -> list[tuple[object, ...]]:
    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def test_it_counts_for_an_lpk_only_its_own_workers_cases(cast: Cast) -> None:
    opened(participant=cast.budi, by=cast.lpk_officer, ago=2 * DAY)
    opened(participant=cast.siti, by=cast.other_lpk_officer, ago=2 * DAY)
    opened(participant=None, by=None, ago=2 * DAY)  # anonymous: the ministry handles it

    page = client_of(cast.lpk_officer).get(URL)

    assert page.status_code == 200
    assert page.context["dashboard"].open_by_handler.total.total == 1
    assert "LPK Sakura" in page.content.decode()
    assert "LPK Fuji" not in page.content.decode()


def test_it_counts_everything_for_the_ministry_and_the_embassy(cast: Cast) -> None:
    opened(participant=cast.budi, by=cast.lpk_officer, ago=2 * DAY)
    opened(participant=cast.siti, by=cast.other_lpk_officer, ago=2 * DAY)
    opened(participant=None, by=None, ago=2 * DAY)

    for user in (cast.ministry_viewer, cast.embassy_officer):
        page = client_of(user).get(URL)
        assert page.context["dashboard"].open_by_handler.total.total == 3


def test_it_gives_an_association_the_aggregates_of_its_members(cast: Cast) -> None:
    # LPK Sakura is a member of the association, LPK Fuji is not.
    opened(participant=cast.budi, by=cast.lpk_officer, ago=2 * DAY)
    opened(participant=cast.siti, by=cast.other_lpk_officer, ago=2 * DAY)
    placement = at_work(cast)
    asked(round_of(datetime.date(2026, 9, 1)), placement, problem=True)

    page = client_of(cast.association_officer).get(URL)

    figures = page.context["dashboard"]
    assert figures.open_by_handler.total.total == 1
    assert figures.checkins_by_company.total.signalling == 1
    assert "Budi" not in page.content.decode()


@pytest.mark.parametrize("persona", JAPANESE_SIDE)
def test_it_never_counts_for_the_japanese_side_the_cases_that_name_it(cast: Cast, persona: str) -> None:
    """A count of cases naming a company or supervising organization would
    tell it of a case before any referral: no dashboard, no spreadsheet, no
    count, even once a case has been referred to it with consent."""
    placement = at_work(cast)
    named = open_case(
        details=CaseDetails(
            category=Category.WAGES,
            description="Gaji tidak dibayar.",
            participant=cast.budi,
            placement=placement,
            company=cast.company,
            supervising_organization=cast.supervising,
        ),
        door=Door.HOTLINE,
        by=cast.lpk_officer,
    )
    consent = give_consent(
        case_id=named.pk,
        purpose=ConsentPurpose.REFERRAL,
        body=Body.SUPERVISING_ORGANIZATION,
        given_by=ConsentGivenBy.BY_PHONE,
        recorded_by=cast.lpk_officer,
        organization=cast.supervising,
    )
    Referral.objects.create(
        case=named,
        body=Body.SUPERVISING_ORGANIZATION,
        organization=cast.supervising,
        consent=consent,
        shared="the category",
        referred_by=cast.lpk_officer,
    )
    asked(round_of(datetime.date(2026, 9, 1)), placement, problem=True)
    user = getattr(cast, persona)
    client = client_of(user)

    assert client.get(URL).status_code == 404
    for name in TABLES:
        assert client.get(f"/protection/dashboards/{name}.xlsx").status_code == 404
    assert not access.cases_counted_for(user).exists()
    assert not access.checkins_counted_for(user).exists()
    assert not access.may_see_protection_dashboards(user)
    assert b"/protection/dashboards/" not in client.get("/").content


def test_it_downloads_each_table_with_its_total_and_no_rate_for_a_small_number(cast: Cast) -> None:
    opened(participant=cast.budi, by=cast.lpk_officer, ago=3 * DAY)
    client = client_of(cast.ministry_officer)

    response = client.get("/protection/dashboards/clock-breaches.xlsx?start=2026-10-01&end=2026-10-15")

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="clock-breaches-20261001-20261015.xlsx"'
    rows = sheet_rows(response.content)
    assert rows[0] == ("Handled by", "Past the clock now", "Clocks due in the period", "Missed", "Missed (%)")
    assert rows[1:] == [("LPK Sakura", 1, 1, 1, None), ("Total", 1, 1, 1, None)]
    for name in TABLES:
        assert client.get(f"/protection/dashboards/{name}.xlsx").status_code == 200


def test_it_shows_a_small_share_as_counts_and_a_large_one_as_a_rate(cast: Cast) -> None:
    placement = at_work(cast)
    for month in range(1, 11):
        asked(round_of(datetime.date(2025, month, 1)), placement, answered=month != 10, problem=month <= 2)
    client = client_of(cast.ministry_officer)

    page = client.get(URL, {"start": "2025-01-01", "end": "2025-12-31"})

    html = page.content.decode()
    assert "<strong>90%</strong> (9 of 10)" in html
    assert "2 of 9" in html
    assert "22%" not in html


def test_it_refuses_a_period_that_ends_before_it_starts_and_keeps_the_dates(cast: Cast) -> None:
    client = client_of(cast.ministry_officer)

    page = client.get(URL, {"start": "2026-10-10", "end": "2026-09-01"})

    assert page.status_code == 400
    html = page.content.decode()
    assert "The period ends before it starts" in html
    assert 'value="2026-10-10"' in html
    assert page.context["period"].start == datetime.date(2026, 8, 1)  # the default period is shown meanwhile
    assert client.get("/protection/dashboards/open-by-category.xlsx?end=2026-09-01&start=2026-10-10").status_code == 400


@pytest.mark.parametrize("typed", ["yesterday", "0001-01-01", "9999-12-31", "2026-02-30"])
def test_it_refuses_a_day_that_is_no_day_or_out_of_range(cast: Cast, typed: str) -> None:
    page = client_of(cast.ministry_officer).get(URL, {"start": typed})

    assert page.status_code == 400
    assert page.context["form"].errors["start"]


def test_it_fills_a_missing_end_of_the_period_from_the_default(cast: Cast) -> None:
    client = client_of(cast.ministry_officer)

    only_start = client.get(URL, {"start": "2026-01-01"}).context["period"]
    only_end = client.get(URL, {"end": "2026-05-31"}).context["period"]
    to_come = client.get(URL, {"start": "2026-12-01"}).context["period"]

    assert (only_start.start, only_start.end) == (datetime.date(2026, 1, 1), NOW.date())
    assert (only_end.start, only_end.end) == (datetime.date(2026, 3, 1), datetime.date(2026, 5, 31))
    assert (to_come.start, to_come.end) == (datetime.date(2026, 12, 1), datetime.date(2026, 12, 1))
