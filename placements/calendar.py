"""Interviews as an iCalendar file (RFC 5545), for the calendar on an LPK/SO
officer's phone: each interview one event, in UTC, which every calendar shows
on its owner's clock. Summaries are in the reader's language."""

from __future__ import annotations

from collections.abc import Iterable

import icalendar
from django.utils import timezone
from django.utils.translation import gettext as _

from placements.models import Interview

PRODUCT = "-//Jembatan//Interviews//EN"


def ics(interviews: Iterable[Interview]) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("Interviews"))
    stamp = timezone.now()
    for interview in interviews:
        calendar.add_component(_event(interview, stamp=stamp))
    return bytes(calendar.to_ical())


def _event(interview: Interview, *, stamp: object) -> icalendar.Event:
    event = icalendar.Event()
    # Stable per interview, with the version as its sequence: a calendar that
    # imports the file again updates a moved interview instead of adding one.
    event.add("uid", f"interview-{interview.pk}@jembatan")
    event.add("sequence", interview.version)
    event.add("dtstamp", stamp)
    event.add("dtstart", interview.starts_at)
    event.add("dtend", interview.ends_at)
    event.add(
        "summary",
        _("Interview: %(name)s, %(company)s")
        % {"name": interview.participant.full_name, "company": interview.job_order.company.name},
    )
    event.add("location", interview.link if interview.is_online else interview.place)
    lines = [interview.job_order.title, _("Panel: %(names)s") % {"names": ", ".join(interview.panel_names)}]
    if interview.is_online:
        lines.append(interview.link)
    event.add("description", "\n".join(lines))
    return event
