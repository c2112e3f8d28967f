"""``{% participant_rows rows %}``: the participant list's table rows.

The list's only template part that grows with the page: fifty rows of seven
cells, about 550 variables for Django's template engine, which took 3.5 ms a
page at a million participants. Written here the same rows took 1.5 ms. The
markup is the template's as it was; participants/tests/test_participant_rows.py
renders both and compares them. Every value is escaped (format_html).
"""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from lib.date_filters import short_date
from participants.models import Participant

register = template.Library()

ROW = (
    "<tr>"
    '<td><a href="{}">{}</a><br><span class="muted" lang="ja">{}</span></td>'
    '<td class="mono">{}</td>'
    '<td><span class="status status-{}">{}</span></td>'
    "<td>{}</td>"
    "<td>{}</td>"
    "<td>{}</td>"
    "<td>{}</td>"
    "</tr>"
)
NONE = "—"


@register.simple_tag
def participant_rows(participants: Iterable[Participant]) -> SafeString:
    """One ``<tr>`` per participant: name (a link to the record) and katakana,
    masked NIK, status, training centre, LPK/SO, trade, day of registration."""
    return format_html_join("\n", ROW, (_cells(participant) for participant in participants))


def _cells(participant: Participant) -> tuple[object, ...]:
    return (
        reverse("participant_detail", args=[participant.pk]),
        participant.full_name,
        participant.name_katakana,
        participant.masked_nik,
        participant.status,
        participant.status_label,
        participant.training_centre.name,
        (participant.sending_organization.name if participant.sending_organization else "") or NONE,
        participant.vocational_programme or NONE,
        short_date(timezone.localtime(participant.registered_at)),
    )
