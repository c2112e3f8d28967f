"""The training pages: who sees which, and the workflows through real URLs."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal

import pytest
import time_machine
from django.conf import settings
from django.test import Client

from accounts.models import User
from audit.models import AuditAction, AuditEntry
from participants.models import Status
from tests.cast import Cast
from training import actions
from training.models import (
    AssessmentKind,
    Attendance,
    ClassSession,
    Course,
    CourseKind,
    Enrolment,
    EnrolmentStatus,
    Presence,
)
from training.tests.conftest import START, Training, class_details, enrol, participant

MINISTRY = {"ministry_admin", "ministry_officer", "ministry_viewer"}
MINISTRY_WRITERS = {"ministry_admin", "ministry_officer"}
PERSONAS = [
    *sorted(MINISTRY),
    "blk_officer",
    "other_blk_officer",
    "lpk_officer",
    "lpk_viewer",
    "other_lpk_officer",
    "association_officer",
    "supervising_officer",
    "company_officer",
    "prefecture_officer",
    "embassy_officer",
    "participant_user",
    "outsider",
    "blk_instructor",
    "lpk_instructor",
]
PROVIDER_STAFF = {
    "blk_officer",
    "other_blk_officer",
    "lpk_officer",
    "lpk_viewer",
    "other_lpk_officer",
    "blk_instructor",
    "lpk_instructor",
}
SEE_WELDING = MINISTRY | {"blk_officer", "blk_instructor"}
CHANGE_WELDING = MINISTRY_WRITERS | {"blk_officer"}
SEE_JAPANESE = MINISTRY | {"lpk_officer", "lpk_viewer", "lpk_instructor"}
CHANGE_JAPANESE = MINISTRY_WRITERS | {"lpk_officer"}
# The class's own instructor marks attendance, although only a viewer at the LPK.
MARK_JAPANESE = CHANGE_JAPANESE | {"lpk_instructor"}


@pytest.fixture
def world(cast: Cast, training: Training) -> tuple[Cast, Training, ClassSession, Enrolment]:
    (enrolment,) = enrol(cast, training.japanese_class, cast.budi)
    session = actions.add_session(
        training_class_id=training.japanese_class.pk, held_on=START, hours=Decimal(4), topic="", by=cast.lpk_officer
    )
    return cast, training, session, enrolment


def persona(cast: Cast, training: Training, name: str) -> User:
    user: User = getattr(training, name) if name.endswith("instructor") else getattr(cast, name)
    return user


Url = Callable[[Training, ClassSession, Enrolment], str]
GET_PAGES: list[tuple[str, Url, set[str]]] = [
    ("course list", lambda t, s, e: "/training/", MINISTRY | PROVIDER_STAFF),
    (
        "new course",
        lambda t, s, e: "/training/courses/new/",
        MINISTRY_WRITERS
        | PROVIDER_STAFF
        - {"lpk_viewer"}
        - {
            "blk_instructor",
            "lpk_instructor",
        },
    ),
    ("welding course", lambda t, s, e: f"/training/courses/{t.welding.pk}/", SEE_WELDING),
    ("welding course edit", lambda t, s, e: f"/training/courses/{t.welding.pk}/edit/", CHANGE_WELDING),
    ("new welding class", lambda t, s, e: f"/training/courses/{t.welding.pk}/classes/new/", CHANGE_WELDING),
    ("welding class", lambda t, s, e: f"/training/classes/{t.welding_class.pk}/", SEE_WELDING),
    ("welding class edit", lambda t, s, e: f"/training/classes/{t.welding_class.pk}/edit/", CHANGE_WELDING),
    ("welding enrolment", lambda t, s, e: f"/training/classes/{t.welding_class.pk}/enrol/", CHANGE_WELDING),
    ("japanese course", lambda t, s, e: f"/training/courses/{t.japanese.pk}/", SEE_JAPANESE),
    ("japanese class", lambda t, s, e: f"/training/classes/{t.japanese_class.pk}/", SEE_JAPANESE),
    ("new japanese session", lambda t, s, e: f"/training/classes/{t.japanese_class.pk}/sessions/new/", MARK_JAPANESE),
    ("japanese attendance", lambda t, s, e: f"/training/sessions/{s.pk}/attendance/", MARK_JAPANESE),
    ("budi's japanese enrolment", lambda t, s, e: f"/training/enrolments/{e.pk}/", SEE_JAPANESE),
]


@pytest.mark.parametrize(("page", "url", "allowed"), GET_PAGES, ids=[row[0] for row in GET_PAGES])
def test_it_shows_each_training_page_only_to_its_personas(
    world: tuple[Cast, Training, ClassSession, Enrolment], page: str, url: Url, allowed: set[str]
) -> None:
    cast, training, session, enrolment = world
    wrong = []
    for name in PERSONAS:
        client = Client()
        client.force_login(persona(cast, training, name))
        status = client.get(url(training, session, enrolment)).status_code
        expected = 200 if name in allowed else 404
        if status != expected:
            wrong.append(f"{name}: {status}, expected {expected}")
    assert not wrong, f"{page}: " + "; ".join(wrong)


@pytest.mark.parametrize(("page", "url", "allowed"), GET_PAGES, ids=[row[0] for row in GET_PAGES])
def test_it_sends_anonymous_visitors_to_log_in(
    client: Client, world: tuple[Cast, Training, ClassSession, Enrolment], page: str, url: Url, allowed: set[str]
) -> None:
    _, training, session, enrolment = world
    response = client.get(url(training, session, enrolment))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


POSTS: list[tuple[str, Url, set[str]]] = [
    ("assessment", lambda t, s, e: f"/training/enrolments/{e.pk}/assessments/", MARK_JAPANESE),
    ("completion", lambda t, s, e: f"/training/enrolments/{e.pk}/complete/", CHANGE_JAPANESE),
    ("withdrawal", lambda t, s, e: f"/training/enrolments/{e.pk}/withdraw/", CHANGE_JAPANESE),
    ("attendance", lambda t, s, e: f"/training/sessions/{s.pk}/attendance/", MARK_JAPANESE),
    ("enrolment", lambda t, s, e: f"/training/classes/{t.japanese_class.pk}/enrol/", CHANGE_JAPANESE),
    ("class edit", lambda t, s, e: f"/training/classes/{t.japanese_class.pk}/edit/", CHANGE_JAPANESE),
    ("course edit", lambda t, s, e: f"/training/courses/{t.japanese.pk}/edit/", CHANGE_JAPANESE),
]


@pytest.mark.parametrize(("action", "url", "allowed"), POSTS, ids=[row[0] for row in POSTS])
def test_only_those_who_may_change_a_class_post_to_it(
    world: tuple[Cast, Training, ClassSession, Enrolment], action: str, url: Url, allowed: set[str]
) -> None:
    """An empty form: writers get it back (400) with nothing saved; everyone else 404."""
    cast, training, session, enrolment = world
    audit_rows = AuditEntry.objects.count()
    for name in PERSONAS:
        client = Client()
        client.force_login(persona(cast, training, name))
        status = client.post(url(training, session, enrolment), {}).status_code
        assert status == (400 if name in allowed else 404), name
    assert AuditEntry.objects.count() == audit_rows


@pytest.mark.parametrize(
    "url",
    [
        "/training/enrolments/{e}/complete/",
        "/training/enrolments/{e}/withdraw/",
        "/training/enrolments/{e}/assessments/",
    ],
)
def test_the_result_forms_refuse_get(
    client: Client, world: tuple[Cast, Training, ClassSession, Enrolment], url: str
) -> None:
    cast, _, _, enrolment = world
    client.force_login(cast.ministry_admin)
    assert client.get(url.format(e=enrolment.pk)).status_code == 405


def test_the_menu_shows_training_to_provider_and_ministry_staff(client: Client, cast: Cast) -> None:
    client.force_login(cast.lpk_viewer)
    assert b'href="/training/"' in client.get("/").content
    client.force_login(cast.company_officer)
    assert b'href="/training/"' not in client.get("/").content


def test_an_lpk_officer_sees_only_the_courses_of_their_lpk(client: Client, cast: Cast, training: Training) -> None:
    client.force_login(cast.lpk_officer)
    assert [c.name for c in client.get("/training/").context["courses"]] == ["Bahasa Jepang N4 intensif"]


def test_a_blk_officer_cannot_see_classes_of_another_blk(client: Client, cast: Cast, training: Training) -> None:
    client.force_login(cast.other_blk_officer)
    assert client.get(f"/training/classes/{training.welding_class.pk}/").status_code == 404


# --- courses and classes ------------------------------------------------------


def course_form(cast: Cast, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "provider": cast.blk.pk,
        "kind": CourseKind.SKILL,
        "code": "las-6g",
        "name": "Teknik Las 6G — BNSP level III",
        "vocational_programme": cast.programme.pk,
        "hours": 480,
        "certificate": "BNSP level III",
        "min_attendance_percent": 80,
        "pass_score": "75",
        "is_active": "on",
    }
    data.update(overrides)
    return data


def test_a_blk_officer_creates_a_skill_course(client: Client, cast: Cast) -> None:
    client.force_login(cast.blk_officer)
    response = client.post("/training/courses/new/", course_form(cast))
    course = Course.objects.get(code="las-6g")
    assert response["Location"] == f"/training/courses/{course.pk}/"
    assert (course.provider, course.hours, course.vocational_programme) == (cast.blk, 480, cast.programme)


def test_a_blk_cannot_offer_a_language_course_and_the_form_keeps_what_was_typed(client: Client, cast: Cast) -> None:
    client.force_login(cast.blk_officer)
    response = client.post(
        "/training/courses/new/", course_form(cast, kind=CourseKind.LANGUAGE, vocational_programme="")
    )
    assert response.status_code == 400
    assert "kind" in response.context["form"].errors
    assert "Teknik Las 6G" in response.content.decode()
    assert not Course.objects.exists()


def test_a_skill_course_without_a_trade_is_refused(client: Client, cast: Cast) -> None:
    client.force_login(cast.blk_officer)
    response = client.post("/training/courses/new/", course_form(cast, vocational_programme=""))
    assert response.status_code == 400
    assert "vocational_programme" in response.context["form"].errors


def test_a_blk_officer_cannot_create_a_course_for_another_blk(client: Client, cast: Cast) -> None:
    client.force_login(cast.blk_officer)
    response = client.post("/training/courses/new/", course_form(cast, provider=cast.other_blk.pk))
    assert response.status_code == 400
    assert "provider" in response.context["form"].errors


def test_an_officer_edits_a_course_but_not_its_provider(client: Client, cast: Cast, training: Training) -> None:
    client.force_login(cast.lpk_officer)
    url = f"/training/courses/{training.japanese.pk}/edit/"
    assert client.get(url).context["form"].initial["version"] == 1
    data = course_form(
        cast, provider=cast.other_lpk.pk, kind=CourseKind.LANGUAGE, code="n4", vocational_programme="", version=1
    )
    response = client.post(url, {**data, "name": "Bahasa Jepang N4", "hours": 240})
    assert response["Location"] == f"/training/courses/{training.japanese.pk}/"
    training.japanese.refresh_from_db()
    assert (training.japanese.provider, training.japanese.hours, training.japanese.version) == (cast.lpk, 240, 2)


def test_the_new_class_form_suggests_a_code(client: Client, cast: Cast, training: Training) -> None:
    client.force_login(cast.blk_officer)
    form = client.get(f"/training/courses/{training.welding.pk}/classes/new/").context["form"]
    assert form.initial["code"].startswith("bbpvp-bekasi-las-3g-")


def test_the_instructor_is_chosen_among_the_providers_members(client: Client, cast: Cast, training: Training) -> None:
    client.force_login(cast.blk_officer)
    form = client.get(f"/training/courses/{training.welding.pk}/classes/new/").context["form"]
    assert set(form.fields["instructor"].queryset) == {cast.blk_officer, training.blk_instructor}


def test_a_class_edit_from_an_old_copy_is_refused_keeping_what_was_typed(
    client: Client, cast: Cast, training: Training
) -> None:
    url = f"/training/classes/{training.welding_class.pk}/edit/"
    actions.update_class(
        class_id=training.welding_class.pk,
        details=class_details(code="las-2609", capacity=25),
        expected_version=1,
        by=cast.ministry_officer,
    )
    client.force_login(cast.blk_officer)
    response = client.post(
        url, {"code": "las-2609", "starts_on": START, "ends_on": "2026-12-18", "capacity": 12, "version": 1}
    )
    assert response.status_code == 400
    assert "Someone else changed this record" in response.content.decode()
    assert response.context["form"]["capacity"].value() == "12"
    training.welding_class.refresh_from_db()
    assert training.welding_class.capacity == 25


# --- enrolment ----------------------------------------------------------------


def test_the_enrol_search_finds_participants_the_user_may_change(
    client: Client, cast: Cast, training: Training
) -> None:
    client.force_login(cast.blk_officer)
    participant(cast, "Agus Santoso", 2, training_centre=cast.other_blk)
    response = client.get(f"/training/classes/{training.welding_class.pk}/enrol/?q=san", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="candidates"')
    assert "Budi Santoso" in html
    assert "Agus Santoso" not in html  # another BLK's


def test_the_enrol_search_says_when_a_text_is_too_short_and_keeps_the_ticked(
    client: Client, cast: Cast, training: Training
) -> None:
    client.force_login(cast.blk_officer)
    response = client.get(
        f"/training/classes/{training.welding_class.pk}/enrol/",
        {"q": "Bu", "participants": [str(cast.budi.pk)]},
        headers={"HX-Request": "true", "accept-language": "en"},
    )
    html = response.content.decode()
    assert "Type at least three letters of the name in a row, or the whole NIK." in html
    assert f'value="{cast.budi.pk}" id="pick-{cast.budi.pk}" checked' in html  # ticked before: kept


def test_enrolling_from_the_page_moves_budi_into_training(client: Client, cast: Cast, training: Training) -> None:
    client.force_login(cast.blk_officer)
    response = client.post(f"/training/classes/{training.welding_class.pk}/enrol/", {"participants": [cast.budi.pk]})
    assert response["Location"] == f"/training/classes/{training.welding_class.pk}/"
    cast.budi.refresh_from_db()
    assert cast.budi.status == Status.IN_TRAINING
    assert Enrolment.objects.filter(participant=cast.budi, training_class=training.welding_class).exists()


def test_a_double_enrolment_is_refused_with_a_clear_message(client: Client, cast: Cast, training: Training) -> None:
    enrol(cast, training.welding_class, cast.budi)
    client.force_login(cast.blk_officer)
    response = client.post(f"/training/classes/{training.welding_class.pk}/enrol/", {"participants": [cast.budi.pk]})
    assert response.status_code == 400
    assert "Already enrolled in this class: Budi Santoso" in response.content.decode()


def test_an_enrolment_refused_over_htmx_comes_back_as_the_page_with_its_error(
    client: Client, cast: Cast, training: Training
) -> None:
    """htmx asks for the candidates alone only while searching: a refused
    enrolment must show why, whatever sent it."""
    client.force_login(cast.blk_officer)
    response = client.post(
        f"/training/classes/{training.welding_class.pk}/enrol/", {"q": "Budi"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Tick at least one participant." in html
    assert 'id="candidates"' in html


def test_a_full_class_refuses_more_and_keeps_the_ticks(client: Client, cast: Cast, training: Training) -> None:
    small = actions.create_class(
        course_id=training.welding.pk, details=class_details(code="las-small", capacity=1), by=cast.blk_officer
    )
    agus = participant(cast, "Agus Salim", 2)
    client.force_login(cast.blk_officer)
    response = client.post(f"/training/classes/{small.pk}/enrol/", {"participants": [cast.budi.pk, agus.pk]})
    assert response.status_code == 400
    assert "Only 1 place is left in this class. Nobody was enrolled." in response.content.decode()
    assert set(response.context["ticked"]) == {cast.budi.pk, agus.pk}
    assert not Enrolment.objects.filter(training_class=small).exists()


def test_nobody_outside_the_users_scope_can_be_enrolled(client: Client, cast: Cast, training: Training) -> None:
    client.force_login(cast.blk_officer)
    response = client.post(f"/training/classes/{training.welding_class.pk}/enrol/", {"participants": [cast.siti.pk]})
    assert response.status_code == 400
    assert not Enrolment.objects.exists()


# --- attendance ---------------------------------------------------------------


def test_the_attendance_screen_round_trip(
    client: Client, world: tuple[Cast, Training, ClassSession, Enrolment]
) -> None:
    cast, training, session, budi = world
    (agus,) = enrol(cast, training.japanese_class, participant(cast, "Agus Salim", 2, sending_organization=cast.lpk))
    (gone,) = enrol(cast, training.japanese_class, participant(cast, "Dewi Lestari", 3, sending_organization=cast.lpk))
    actions.withdraw_enrolment(enrolment_id=gone.pk, expected_version=1, by=cast.lpk_officer)
    url = f"/training/sessions/{session.pk}/attendance/"
    client.force_login(training.lpk_instructor)

    form = client.get(url).context["form"]
    assert [row.enrolment.participant.full_name for row in form.rows()] == ["Agus Salim", "Budi Santoso"]
    assert {row.field.value() for row in form.rows()} == {Presence.PRESENT}

    response = client.post(url, {f"presence-{budi.pk}": "present", f"presence-{agus.pk}": "late"})
    assert response["Location"] == url
    assert dict(Attendance.objects.values_list("enrolment_id", "presence")) == {budi.pk: "present", agus.pk: "late"}

    reopened = client.get(url)
    assert {row.enrolment.pk: row.field.value() for row in reopened.context["form"].rows()} == {
        budi.pk: "present",
        agus.pk: "late",
    }
    assert (
        'value="late" required id="id_presence-' in reopened.content.decode() or "checked" in reopened.content.decode()
    )

    client.post(url, {f"presence-{budi.pk}": "absent", f"presence-{agus.pk}": "late"})
    assert Attendance.objects.get(enrolment=budi).presence == Presence.ABSENT
    assert Attendance.objects.count() == 2
    assert AuditEntry.objects.for_object(session).filter(action=AuditAction.UPDATED).count() == 2


def test_an_incomplete_register_is_returned_with_the_marks_given(
    client: Client, world: tuple[Cast, Training, ClassSession, Enrolment]
) -> None:
    cast, training, session, _ = world
    (agus,) = enrol(cast, training.japanese_class, participant(cast, "Agus Salim", 2, sending_organization=cast.lpk))
    client.force_login(cast.lpk_officer)
    response = client.post(f"/training/sessions/{session.pk}/attendance/", {f"presence-{agus.pk}": "excused"})
    assert response.status_code == 400
    assert response.context["form"][f"presence-{agus.pk}"].value() == "excused"
    assert not Attendance.objects.exists()


def test_adding_a_session_leads_to_its_attendance_screen(
    client: Client, world: tuple[Cast, Training, ClassSession, Enrolment]
) -> None:
    _, training, _, _ = world
    client.force_login(training.lpk_instructor)
    response = client.post(
        f"/training/classes/{training.japanese_class.pk}/sessions/new/",
        {"held_on": "2026-09-08", "hours": "3.5", "topic": "Katakana"},
    )
    session = ClassSession.objects.get(topic="Katakana")
    assert response["Location"] == f"/training/sessions/{session.pk}/attendance/"
    assert session.hours == Decimal("3.5")


def test_a_session_outside_the_class_dates_is_refused(
    client: Client, world: tuple[Cast, Training, ClassSession, Enrolment]
) -> None:
    cast, training, _, _ = world
    client.force_login(cast.lpk_officer)
    response = client.post(
        f"/training/classes/{training.japanese_class.pk}/sessions/new/", {"held_on": "2027-01-04", "hours": "4"}
    )
    assert response.status_code == 400
    assert "held_on" in response.context["form"].errors


def test_the_class_page_shows_each_participants_attendance_rate(
    client: Client, world: tuple[Cast, Training, ClassSession, Enrolment], django_assert_max_num_queries: object
) -> None:
    cast, training, session, budi = world
    actions.mark_attendance(session_id=session.pk, marks={budi.pk: Presence.ABSENT}, by=cast.lpk_officer)
    for day in (1, 2, 3):
        later = actions.add_session(
            training_class_id=training.japanese_class.pk,
            held_on=START + datetime.timedelta(days=day),
            hours=Decimal(4),
            topic="",
            by=cast.lpk_officer,
        )
        actions.mark_attendance(session_id=later.pk, marks={budi.pk: Presence.PRESENT}, by=cast.lpk_officer)
    client.force_login(cast.lpk_officer)
    response = client.get(f"/training/classes/{training.japanese_class.pk}/")
    (row,) = response.context["enrolments"]
    assert row.attendance_rate() == Decimal(75)
    assert "below-minimum" in response.content.decode()


# --- assessments, completion, withdrawal --------------------------------------


def test_completion_below_the_minimum_attendance_is_refused_on_the_page(
    client: Client, world: tuple[Cast, Training, ClassSession, Enrolment]
) -> None:
    cast, _, session, budi = world
    actions.mark_attendance(session_id=session.pk, marks={budi.pk: Presence.ABSENT}, by=cast.lpk_officer)
    client.force_login(cast.lpk_officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
    response = client.post(
        f"/training/enrolments/{budi.pk}/complete/",
        {"version": budi.version, "completed_on": "2026-12-18", "final_score": "90", "certificate_number": "X"},
    )
    assert response.status_code == 400
    assert "Kehadiran 0,0%" in response.content.decode()  # the reader's language and number format
    assert response.context["completion_form"]["certificate_number"].value() == "X"
    budi.refresh_from_db()
    assert budi.status == EnrolmentStatus.ENROLLED


def test_a_low_final_score_records_the_course_as_not_passed(
    client: Client, world: tuple[Cast, Training, ClassSession, Enrolment]
) -> None:
    cast, _, _, budi = world
    client.force_login(cast.lpk_officer)
    client.post(
        f"/training/enrolments/{budi.pk}/assessments/",
        {"kind": AssessmentKind.FINAL, "taken_on": "2026-12-15", "score": "55", "note": ""},
    )
    response = client.post(
        f"/training/enrolments/{budi.pk}/complete/", {"version": budi.version, "completed_on": "2026-12-18"}
    )
    assert response.status_code == 302
    budi.refresh_from_db()
    assert (budi.status, budi.final_score, budi.credited_hours) == (EnrolmentStatus.FAILED, Decimal(55), 0)


def test_an_instructor_records_an_assessment_but_cannot_record_the_result(
    client: Client, world: tuple[Cast, Training, ClassSession, Enrolment]
) -> None:
    _, training, _, budi = world
    client.force_login(training.lpk_instructor)
    page = client.get(f"/training/enrolments/{budi.pk}/")
    assert page.context["assessment_form"] is not None
    assert page.context["completion_form"] is None
    response = client.post(
        f"/training/enrolments/{budi.pk}/assessments/",
        {"kind": AssessmentKind.WRITTEN, "taken_on": "2026-10-01", "score": "88", "outcome": ""},
    )
    assert response.status_code == 302
    assessment = budi.assessments.get()
    assert (assessment.passed, assessment.recorded_by) == (True, training.lpk_instructor)


def test_completing_from_an_old_page_is_refused(
    client: Client, world: tuple[Cast, Training, ClassSession, Enrolment]
) -> None:
    cast, _, _, budi = world
    client.force_login(cast.lpk_officer)
    stale = budi.version
    client.post(f"/training/enrolments/{budi.pk}/withdraw/", {"version": stale, "reason": "moved away"})
    response = client.post(
        f"/training/enrolments/{budi.pk}/complete/",
        {"version": stale, "completed_on": "2026-12-18", "final_score": "90"},
    )
    assert response.status_code == 400
    assert "Someone else changed this record" in response.content.decode()
    budi.refresh_from_db()
    assert budi.status == EnrolmentStatus.WITHDRAWN


def test_a_withdrawal_returns_to_the_class_page(
    client: Client, world: tuple[Cast, Training, ClassSession, Enrolment]
) -> None:
    cast, training, _, budi = world
    client.force_login(cast.lpk_officer)
    response = client.post(f"/training/enrolments/{budi.pk}/withdraw/", {"version": budi.version, "reason": ""})
    assert response["Location"] == f"/training/classes/{training.japanese_class.pk}/"
    assert not Enrolment.objects.filter(training_class=training.japanese_class).active().exists()


# --- classes named by course and dates ------------------------------------------

DURING = datetime.datetime(2026, 10, 1, 9, tzinfo=datetime.UTC)  # both fixture classes run from START to END
JAPANESE_TITLE = "Bahasa Jepang N4 intensif · 7 September – 18 December 2026"


def test_a_class_page_is_titled_by_course_and_dates(client: Client, cast: Cast, training: Training) -> None:
    client.force_login(cast.lpk_officer)
    with time_machine.travel(DURING, tick=False):
        page = client.get(f"/training/classes/{training.japanese_class.pk}/").content.decode()
    assert f"<title>{JAPANESE_TITLE} · Jembatan</title>" in page
    assert f"<h1>{JAPANESE_TITLE}</h1>" in page
    assert "running now</span>" in page
    # The code stays on the page: spreadsheets of results name the class by it.
    assert '<dt>Class code</dt><dd class="mono">n4-2609</dd>' in page


@pytest.mark.parametrize(
    "url",
    [
        lambda training, session, enrolment: f"/training/classes/{training.japanese_class.pk}/sessions/new/",
        lambda training, session, enrolment: f"/training/sessions/{session.pk}/attendance/",
        lambda training, session, enrolment: f"/training/classes/{training.japanese_class.pk}/enrol/",
        lambda training, session, enrolment: f"/training/enrolments/{enrolment.pk}/",
        lambda training, session, enrolment: f"/training/classes/{training.japanese_class.pk}/edit/",
    ],
    ids=["new-session", "attendance", "enrol", "enrolment", "edit"],
)
def test_the_pages_of_a_class_name_it_by_course_and_dates(
    client: Client, world: tuple[Cast, Training, ClassSession, Enrolment], url: Url
) -> None:
    cast, training, session, enrolment = world
    client.force_login(cast.lpk_officer)
    page = client.get(url(training, session, enrolment)).content.decode()
    assert JAPANESE_TITLE in page
    assert ">n4-2609<" not in page


def test_the_course_page_lists_running_classes_first_then_upcoming_then_ended(
    client: Client, cast: Cast, training: Training
) -> None:
    spans = {
        "ended": (datetime.date(2026, 3, 2), datetime.date(2026, 6, 26)),
        "upcoming": (datetime.date(2027, 1, 4), datetime.date(2027, 4, 23)),
    }
    for code, (first, last) in spans.items():
        actions.create_class(
            course_id=training.japanese.pk,
            details=class_details(code=code, starts_on=first, ends_on=last),
            by=cast.lpk_officer,
        )
    client.force_login(cast.lpk_officer)

    with time_machine.travel(DURING, tick=False):
        response = client.get(f"/training/courses/{training.japanese.pk}/")

    assert [(c.code, str(phase.label)) for c, phase in response.context["classes"]] == [
        ("n4-2609", "running now"),
        ("upcoming", "upcoming"),
        ("ended", "ended"),
    ]
    page = response.content.decode()
    assert (
        page.index("7 September – 18 December 2026")
        < page.index("4 January – 23 April 2027")
        < page.index("2 March – 26 June 2026")
    )


def test_a_new_sessions_hours_come_from_the_course(client: Client, cast: Cast, training: Training) -> None:
    client.force_login(cast.lpk_officer)
    with time_machine.travel(DURING, tick=False):
        page = client.get(f"/training/classes/{training.japanese_class.pk}/sessions/new/").content.decode()
    # 200 hours over the class's 75 weekdays: 2.67, to the half hour.
    hours = page[page.index('name="hours"') : page.index(">", page.index('name="hours"'))]
    assert 'value="2.5"' in hours
    assert "Suggested from the course: its 200 hours spread over the class's weekdays." in page


def test_a_new_class_is_announced_by_its_title(client: Client, cast: Cast, training: Training) -> None:
    client.force_login(cast.lpk_officer)
    response = client.post(
        f"/training/courses/{training.japanese.pk}/classes/new/",
        {"code": "n4-2701", "starts_on": "2027-01-04", "ends_on": "2027-04-23", "capacity": "20"},
        follow=True,
    )
    assert "Class “Bahasa Jepang N4 intensif · 4 January – 23 April 2027” created." in response.content.decode()


def test_a_course_names_its_trade_in_the_readers_language(client: Client, cast: Cast, training: Training) -> None:
    client.force_login(cast.blk_officer)
    client.cookies["django_language"] = "id"
    indonesian = client.get(f"/training/courses/{training.welding.pk}/").content.decode()
    client.cookies["django_language"] = "en"
    in_english = client.get(f"/training/courses/{training.welding.pk}/").content.decode()

    assert "<dd>Teknik Las</dd>" in indonesian
    assert '<dd>Welding <span class="muted" lang="id">Teknik Las</span></dd>' in in_english
