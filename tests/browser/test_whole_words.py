"""On a 360 px phone in Indonesian, words stay whole where a narrow column
used to cut them ("mengundurka / n diri", "terla / mba / t"), and a list
card's title keeps its second line (a name, then its katakana) as a line."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal

from playwright.sync_api import Page

from accounts.models import User
from participants import actions as participant_actions
from participants.models import Status
from tests.browser.pagecheck import broken_words
from tests.cast import Cast, details
from tests.nik import make_nik
from training import actions as training_actions
from training.models import CourseKind

SignIn = Callable[[Page, User], None]


def _register(cast: Cast, name: str, serial: int) -> int:
    birth = datetime.date(2001, 3, 4) + datetime.timedelta(days=serial)
    participant = participant_actions.register_participant(
        details=details(cast, full_name=name, name_katakana="", birth_date=birth, nik=make_nik(birth, serial=serial)),
        by=cast.ministry_officer,
    )
    return participant.pk


def test_it_keeps_the_status_names_of_the_home_counts_whole(
    phone_page: Page, transactional_db: None, cast: Cast, sign_in: SignIn
) -> None:
    for serial, to in enumerate((Status.WITHDRAWN, Status.DISQUALIFIED), start=1):
        pk = _register(cast, f"Peserta {serial}", serial)
        participant_actions.change_status(participant_id=pk, to=to, by=cast.ministry_officer, reason="Pindah kerja")
    sign_in(phone_page, cast.ministry_officer)
    phone_page.goto("/")

    counts = phone_page.locator(".fields.counts dt")
    assert "mengundurkan diri" in counts.all_inner_texts()
    assert broken_words(phone_page, ".fields.counts dt") == []


def test_it_keeps_the_attendance_choices_whole(
    phone_page: Page, transactional_db: None, cast: Cast, sign_in: SignIn
) -> None:
    course = training_actions.create_course(
        provider=cast.blk,
        details=training_actions.CourseDetails(
            kind=CourseKind.SKILL,
            code="las",
            name="Teknik Las",
            vocational_programme=cast.programme,
            hours=320,
            certificate="",
            min_attendance_percent=80,
            pass_score=Decimal(70),
            is_active=True,
        ),
        by=cast.blk_officer,
    )
    day = datetime.date(2026, 9, 8)
    training_class = training_actions.create_class(
        course_id=course.pk,
        details=training_actions.ClassDetails(
            code="las-1", starts_on=day, ends_on=day + datetime.timedelta(days=90), instructor=None, capacity=20
        ),
        by=cast.blk_officer,
    )
    training_actions.enrol_participants(
        training_class_id=training_class.pk, participant_ids=[cast.budi.pk], by=cast.blk_officer, on=day
    )
    session = training_actions.add_session(
        training_class_id=training_class.pk, held_on=day, hours=Decimal(4), topic="", by=cast.blk_officer
    )
    sign_in(phone_page, cast.blk_officer)
    phone_page.goto(f"/training/sessions/{session.pk}/attendance/")

    assert "terlambat" in phone_page.locator(".presence label").all_inner_texts()
    assert broken_words(phone_page, ".presence label") == []


def test_it_puts_the_katakana_under_the_name_on_a_list_card(
    phone_page: Page, transactional_db: None, cast: Cast, sign_in: SignIn
) -> None:
    sign_in(phone_page, cast.lpk_officer)
    phone_page.goto("/participants/")
    title = phone_page.locator("table.participants tbody tr").first.locator("td").first

    name = title.locator("a").bounding_box()
    katakana = title.locator("[lang=ja]").bounding_box()
    assert name is not None
    assert katakana is not None
    assert katakana["y"] >= name["y"] + name["height"] - 1  # a line of its own, not glued after the name
