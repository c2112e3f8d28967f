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
from participants.models import ListedParticipant, Participant
from participants.templatetags.participant_rows import participant_rows
from reference.models import VocationalProgramme
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
def participants(cast: Cast) -> None:
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
    # A trade named in Indonesian only: English and Japanese pages fall back to it.
    untranslated = VocationalProgramme.objects.create(
        version=cast.programme.version, code="TB-99", name_id="Tata Boga", name_en="", name_ja=""
    )
    actions.register_participant(
        details=details(
            cast,
            full_name="Sri Wahyuni",
            nik=make_nik(datetime.date(2002, 4, 10), serial=62),
            vocational_programme=untranslated,
        ),
        by=cast.ministry_officer,
    )


def _records() -> list[Participant]:
    """As the list's template read them: model instances."""
    return list(Participant.objects.select_related("training_centre", "sending_organization").order_by("pk"))


def _rows() -> list[ListedParticipant]:
    """As the list reads them now: values."""
    return list(Participant.objects.for_list().order_by("pk"))


@pytest.mark.parametrize("language", ["id", "en", "ja"])
@pytest.mark.parametrize("zone", [None, "Asia/Tokyo"])
@pytest.mark.usefixtures("participants")
def test_the_rows_are_the_templates_rows(language: str, zone: str | None) -> None:
    template = engines["django"].from_string(TEMPLATE_ROWS)
    request = RequestFactory().get("/participants/")
    with translation.override(language), timezone.override(zoneinfo.ZoneInfo(zone) if zone else None):
        ours = participant_rows(_rows())
        theirs = template.render({"rows": _records()}, request=request)

    assert len(_rows()) >= 4
    assert _words(ours) == _words(theirs)


@pytest.mark.usefixtures("participants")
def test_names_are_escaped_and_missing_cells_read_as_a_dash() -> None:
    html = participant_rows(_rows())

    assert "<b>Sari</b>" not in html
    assert "Dewi &quot;&lt;b&gt;Sari&lt;/b&gt;&quot; &amp; Putri" in html
    awkward = next(row for row in html.split("</tr>") if "Dewi" in row)
    assert "<td>—</td>" in awkward  # no LPK/SO


@pytest.mark.usefixtures("participants")
def test_a_trade_not_yet_translated_reads_in_indonesian_on_a_japanese_page() -> None:
    with translation.override("ja"):
        html = participant_rows(_rows())

    wahyuni = next(row for row in html.split("</tr>") if "Wahyuni" in row)
    assert "<td>Tata Boga</td>" in wahyuni


def test_no_rows_write_nothing() -> None:
    assert participant_rows([]) == ""
