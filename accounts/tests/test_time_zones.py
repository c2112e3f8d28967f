"""People of organizations in Japan read times on Japan's clock; everyone
else on the server's (Jakarta), and every time says which."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone, translation

from accounts.models import Membership, Role, User
from accounts.time_zones import UserTimeZoneMiddleware, time_zone_for
from tests.cast import Cast


def _zone_seen_by(user: User | AnonymousUser) -> str:
    seen: list[str] = []

    def view(request: HttpRequest) -> HttpResponse:
        seen.append(timezone.get_current_timezone_name())
        return HttpResponse()

    request = RequestFactory().get("/")
    request.user = user
    UserTimeZoneMiddleware(view)(request)
    return seen[0]


class TestTimeZoneFor:
    @pytest.mark.parametrize(
        "persona", ["supervising_officer", "company_officer", "prefecture_officer", "support_officer"]
    )
    def test_it_gives_japan_to_the_japanese_side(self, cast: Cast, persona: str) -> None:
        assert _zone_seen_by(getattr(cast, persona)) == "Asia/Tokyo"

    @pytest.mark.parametrize(
        "persona", ["ministry_officer", "blk_officer", "lpk_officer", "association_officer", "embassy_officer"]
    )
    def test_it_keeps_the_servers_zone_for_the_indonesian_side_and_the_embassy(self, cast: Cast, persona: str) -> None:
        assert _zone_seen_by(getattr(cast, persona)) == "Asia/Jakarta"

    def test_it_keeps_the_servers_zone_for_someone_working_on_both_sides(self, cast: Cast) -> None:
        Membership.objects.create(user=cast.company_officer, organization=cast.lpk, role=Role.VIEWER)
        user = User.objects.get(pk=cast.company_officer.pk)
        assert time_zone_for(user) is None

    def test_it_keeps_the_servers_zone_for_a_worker_and_a_visitor(self, cast: Cast) -> None:
        assert _zone_seen_by(cast.participant_user) == "Asia/Jakarta"
        assert _zone_seen_by(AnonymousUser()) == "Asia/Jakarta"

    def test_it_does_not_leak_japan_into_the_next_request(self, cast: Cast) -> None:
        _zone_seen_by(cast.company_officer)
        assert timezone.get_current_timezone_name() == "Asia/Jakarta"


class TestShownTimes:
    MOMENT = datetime.datetime(2026, 12, 5, 8, 5, tzinfo=datetime.UTC)

    @pytest.mark.parametrize(
        ("language", "zone", "shown"),
        [
            ("ja", "Asia/Tokyo", "2026年12月5日 17:05 JST"),
            ("id", "Asia/Jakarta", "5 Desember 2026 15.05 WIB"),
            ("en", "Asia/Jakarta", "5 December 2026 15:05 WIB"),
        ],
    )
    def test_it_names_the_zone_of_every_time(self, language: str, zone: str, shown: str) -> None:
        with translation.override(language), timezone.override(zone):
            assert Template("{{ moment }}").render(Context({"moment": self.MOMENT})) == shown
