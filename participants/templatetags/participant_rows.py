"""``{% participant_rows rows %}``: the participant list's table rows.

The list's only template part that grows with the page: fifty rows of seven
cells, about 550 variables for Django's template engine, which took 3.5 ms a
page at a million participants. Written here with format_html the same rows
took 2.0 ms; with each value escaped as format_html would (conditional_escape)
into one string, and the address of a record reversed once a page, 1.4 ms.
The rows are plain values (ParticipantQuerySet.for_list), and every cell is a
plain string, so each is escaped with the standard library's html.escape,
which is what Django's escape calls. The markup is the template's as it was;
participants/tests/test_participant_rows.py renders both and compares them.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable

from django import template
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from lib import nik
from lib.date_filters import short_date
from lib.urls import addresses
from participants.models import ListedParticipant, Status
from reference.models import VocationalProgramme

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
def participant_rows(participants: Iterable[ListedParticipant]) -> SafeString:
    """One ``<tr>`` per participant: name (a link to the record) and katakana,
    masked NIK, status, training centre, LPK/SO, trade, day of registration."""
    address = addresses("participant_detail")
    rows = (ROW.format(*(html.escape(cell) for cell in _cells(row, address))) for row in participants)
    return mark_safe("\n".join(rows))  # noqa: S308  (every cell escaped)


def _cells(row: ListedParticipant, address: Callable[[int], str]) -> tuple[str, ...]:
    return (
        address(row.id),
        row.full_name,
        row.name_katakana,
        nik.mask(row.nik),
        row.status,
        str(Status(row.status).label),
        row.training_centre__name,
        row.sending_organization__name or NONE,
        _trade(row) or NONE,
        short_date(timezone.localtime(row.registered_at)),
    )


def _trade(row: ListedParticipant) -> str:
    names = {
        "id": row.vocational_programme__name_id,
        "en": row.vocational_programme__name_en,
        "ja": row.vocational_programme__name_ja,
    }
    return VocationalProgramme.chosen_name(names)[0]
