"""Which clock a user reads times on.

Times are stored in UTC and shown in the server's ``TIME_ZONE`` (Jakarta) by
default. People who work for organizations in Japan read them in Japan's
time: a monthly visit "at 17:05" means 17:05 where they are. Every shown time
carries its zone's abbreviation (WIB, JST) in the date formats, so a reader
of either side knows which clock it is.
"""

from __future__ import annotations

from collections.abc import Callable
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils import timezone

from accounts.access.memberships import memberships_of
from accounts.models import OrganizationKind, User


def time_zone_for(user: User) -> ZoneInfo | None:
    """Japan's zone for someone who works only for organizations in Japan;
    None (the server's zone) for everyone else, the embassy included."""
    memberships = memberships_of(user)
    if memberships and all(OrganizationKind(m.organization.kind).is_japanese for m in memberships):
        return ZoneInfo(settings.JAPAN_TIME_ZONE)
    return None


class UserTimeZoneMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        user = getattr(request, "user", None)
        zone = time_zone_for(user) if isinstance(user, User) else None
        if zone is None:
            timezone.deactivate()
            return self.get_response(request)
        with timezone.override(zone):
            return self.get_response(request)
