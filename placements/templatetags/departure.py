"""A moment on the departure pages, in both countries' time.

Times are stored in UTC. The LPK/SO reads Jakarta time, the supervising
organization and the company Tokyo time, and they talk about the same
moments: the page gives both, the reader's own first (Japanese readers
Tokyo's)."""

from __future__ import annotations

import datetime
import zoneinfo

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, pgettext

register = template.Library()

JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")
TOKYO = zoneinfo.ZoneInfo("Asia/Tokyo")


@register.filter
def both_zones(moment: datetime.datetime | None) -> str:
    if moment is None:
        return ""
    jakarta = timezone.localtime(moment, JAKARTA)
    tokyo = timezone.localtime(moment, TOKYO)
    # WIB and JST are how each country writes its zone; neither is translated.
    first = (tokyo, "JST", jakarta, "WIB") if get_language() == "ja" else (jakarta, "WIB", tokyo, "JST")
    return pgettext("a moment in two time zones", "%(first)s %(zone)s (%(second)s %(other_zone)s)") % {
        # Both with their date: near midnight the two countries are on different days.
        "first": date_format(first[0], "SHORT_DATETIME_FORMAT"),
        "zone": first[1],
        "second": date_format(first[2], "SHORT_DATETIME_FORMAT"),
        "other_zone": first[3],
    }
