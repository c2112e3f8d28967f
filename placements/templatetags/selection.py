"""Interview times on both clocks, and reasons stored in the source language.

A page's view activates the reader's zone (placements.zones); ``{% when %}``
shows a moment on that clock first and on the other side's after it, e.g.
"15 Juli 2026, 08.00 WIB (10.00 JST)", the date repeated only when the two
clocks are on different days.
"""

from __future__ import annotations

import datetime
import zoneinfo

from django import template
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext, pgettext

from placements import zones

register = template.Library()


def _on(moment: datetime.datetime, zone: zoneinfo.ZoneInfo, *, with_date: bool) -> str:
    local = zones.local(moment, zone)
    # 24-hour clock on both sides (Django's English default would say "10 a.m.").
    time = formats.time_format(local, "H:i")
    day = formats.date_format(local, "DATE_FORMAT")
    zone_name = zones.abbreviation(zone)
    if not with_date:
        return f"{time} {zone_name}"
    # Translators: a day and a time on a clock, e.g. "15 July 2026, 10:00 JST". Japanese joins them
    # with a space, not a comma.
    return pgettext("a day and a time on a clock", "%(day)s, %(time)s %(zone)s") % {
        "day": day,
        "time": time,
        "zone": zone_name,
    }


@register.simple_tag
def when(moment: datetime.datetime | None) -> SafeString | str:
    if moment is None:
        return "—"
    here = zoneinfo.ZoneInfo(str(timezone.get_current_timezone()))
    there = zones.other_zone(here)
    other_day = zones.local(moment, here).date() != zones.local(moment, there).date()
    return format_html(
        '<time datetime="{}">{}</time> <span class="muted">({})</span>',
        moment.isoformat(),
        _on(moment, here, with_date=True),
        _on(moment, there, with_date=other_day),
    )


@register.filter
def translated(text: str) -> str:
    """A reason the actions store as its English text (placements.actions.offers),
    in the reader's language; anything typed by a person comes back as typed."""
    return gettext(text) if text else ""
