"""Which clock a reader's times are in: Japan's for the Japanese side and for
anyone reading in Japanese, Indonesia's western time otherwise.

Interviews are stored in UTC. The person scheduling types the time on their
own clock, and every page shows it on the reader's clock and on the other
side's, so that nobody converts seven o'clock in their head.
"""

from __future__ import annotations

import datetime
import zoneinfo

from accounts.access import organizations_of
from accounts.models import OrganizationKind, User

JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")
TOKYO = zoneinfo.ZoneInfo("Asia/Tokyo")
# Both sides write these every day: WIB (Waktu Indonesia Barat) and JST.
ABBREVIATIONS = {"Asia/Jakarta": "WIB", "Asia/Tokyo": "JST"}
_JAPAN_SIDE = (
    OrganizationKind.SUPERVISING_ORGANIZATION,
    OrganizationKind.COMPANY,
    OrganizationKind.SUPPORT_ORGANIZATION,
    OrganizationKind.PREFECTURE,
)


def zone_of(user: User, *, language: str) -> zoneinfo.ZoneInfo:
    if language == "ja" or any(organizations_of(user, kind=kind) for kind in _JAPAN_SIDE):
        return TOKYO
    return JAKARTA


def other_zone(zone: zoneinfo.ZoneInfo) -> zoneinfo.ZoneInfo:
    return JAKARTA if zone.key == TOKYO.key else TOKYO


def abbreviation(zone: zoneinfo.ZoneInfo) -> str:
    return ABBREVIATIONS.get(zone.key, zone.key)


def local(moment: datetime.datetime, zone: zoneinfo.ZoneInfo) -> datetime.datetime:
    return moment.astimezone(zone)
