"""The participant list's rows, written in Python, are the rows its template
wrote: every cell, escaped, in each page language and on each clock."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
from django.template import engines
from django.test import RequestFactory
from django.utils import timezone, translation

from participants import actions
from participants.models import Participant
from participants.templatetags.participant_rows import participant_rows
from tests.cast import Cast, details
from tests.nik import make_nik

# The rows as list.html wrote them before the tag.
TEMPLATE_ROWS = """{% for participant in rows %}<tr>
<td><a href="{% url 'participant_detail' participant.pk %}">{{ participant.full_name }}</a><br>
<span class="muted" lang="ja">{{ participant.name_katakana }}</span></td>
<td class="mono">{{ participant.masked_nik }}</td>
<td><span class="status status-{{ participant.status }}">{{ participant.status_label }}</span></td>
<td>{{ participant.training_centre.name }}</td>
<td>{{ participant.sending_organization.name|default:"—" }}</td>
<td>{{ participant.vocational_programme|default:"—" }}</td>
<td>{{ participant.registered_at|short_date }}</td>
</tr>{% endfor %}"""


def _words(html: str) -> list[str]:
    return "".join(html.split()).split("<tr>")


@pytest.fixture
def rows(cast: Cast) -> list[Participant]:
    awkward = actions.register_participant(
        details=details(
            cast,
            full_name='Dewi "<b>Sari</b>" & Putri',
            name_katakana="",
            nik=make_nik(datetime.date(2001, 3, 9), serial=61),
            sending_organization=None,
            vocational_programme=cast.programme,
        ),
        by=cast.ministry_officer,
    )
    # Registered late in the evening in UTC: the next day in Jakarta and Tokyo.
    Participant.objects.filter(pk=awkward.pk).update(
        registered_at=datetime.datetime(2026, 1, 31, 20, 30, tzinfo=datetime.UTC)
    )
    return list(Participant.objects.for_list().order_by("pk"))


@pytest.mark.parametrize("language", ["id", "en", "ja"])
@pytest.mark.parametrize("zone", [None, "Asia/Tokyo"])
def test_the_rows_are_the_templates_rows(rows: list[Participant], language: str, zone: str | None) -> None:
    template = engines["django"].from_string(TEMPLATE_ROWS)
    request = RequestFactory().get("/participants/")
    with translation.override(language), timezone.override(zoneinfo.ZoneInfo(zone) if zone else None):
        ours = participant_rows(rows)
        theirs = template.render({"rows": rows}, request=request)

    assert len(rows) >= 3
    assert _words(ours) == _words(theirs)


def test_names_are_escaped_and_missing_cells_read_as_a_dash(rows: list[Participant]) -> None:
    html = participant_rows(rows)

    assert "<b>Sari</b>" not in html
    assert "Dewi &quot;&lt;b&gt;Sari&lt;/b&gt;&quot; &amp; Putri" in html
    awkward = next(row for row in html.split("</tr>") if "Dewi" in row)
    assert "<td>—</td>" in awkward  # no LPK/SO


def test_no_rows_write_nothing() -> None:
    assert participant_rows([]) == ""
