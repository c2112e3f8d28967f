"""What the duty pages read (placements.duty_pages): the placement page's
duties section, and the home's recent notices."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.template.loader import render_to_string
from django.utils import translation

from joborders.tests.world import Japan
from placements import deadlines, duty_pages
from placements.actions import duties
from placements.tests.duty_world import ssw_worker, working
from tests.cast import Cast

pytestmark = pytest.mark.django_db
MOMENT = datetime.datetime(2026, 9, 15, 1, tzinfo=datetime.UTC)


def test_the_section_shows_one_workers_deadlines_and_interviews(cast: Cast, japan: Japan) -> None:
    budi = working(cast, japan, cast.budi, card_expires_on=datetime.date(2026, 10, 1))
    rina = ssw_worker(cast, japan, card_expires_on=datetime.date(2026, 10, 2))
    with time_machine.travel(MOMENT, tick=False):
        duties.record_regular_interview(
            placement_id=rina.pk,
            details=duties.InterviewDetails(
                interviewed_on=datetime.date(2026, 9, 1), interviewer="山田", supervisor="田中"
            ),
            by=cast.support_officer,
        )

    with translation.override("en"):
        section = duty_pages.placement_duties_section(budi, cast.embassy_officer, now=MOMENT)
        html = render_to_string("placements/_duties_section.html", section)
    assert [row.due_on for row in section["duty_rows"]] == [datetime.date(2026, 10, 1)]
    assert "Budi Santoso" in html
    assert "Rina" not in html
    assert section["duty_interviews"] == []

    theirs = duty_pages.placement_duties_section(rina, cast.support_officer, now=MOMENT)
    assert [interview.interviewer for interview in theirs["duty_interviews"]] == ["山田"]
    assert duty_pages.placement_duties_section(rina, cast.lpk_officer, now=MOMENT)["duty_interviews"] == []


def test_the_home_reads_only_the_users_own_notices(cast: Cast, japan: Japan) -> None:
    working(cast, japan, cast.budi, card_expires_on=datetime.date(2026, 10, 1))
    deadlines.sweep(now=MOMENT)

    # The overdue June visit, the audit due in a week, the card expiring in 16 days.
    company = duty_pages.recent_notices(cast.company_officer, now=MOMENT, shown=2)
    assert company.count == 3
    assert len(company.texts) == 2
    assert company.overdue
    # The ministry reads everyone's on the to-do page, not on its home; the LPK/SO has none.
    assert duty_pages.recent_notices(cast.ministry_officer, now=MOMENT, shown=3).count == 0
    assert duty_pages.recent_notices(cast.lpk_officer, now=MOMENT, shown=3).count == 0
    later = duty_pages.recent_notices(cast.company_officer, now=MOMENT + datetime.timedelta(days=15), shown=3)
    assert later.count == 0
