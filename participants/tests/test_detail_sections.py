"""The participant's page beyond the profile: enrolments (read only) and the
possible-duplicate notice, which links the other record only for those who
may see it."""

from __future__ import annotations

import datetime

from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from participants import actions
from participants.models import PossibleDuplicate
from tests.cast import Cast, details
from tests.nik import make_nik
from training.models import Course, CourseKind, Enrolment, EnrolmentStatus, TrainingClass


def _class_url(class_id: int) -> str | None:
    try:
        return reverse("class_detail", args=[class_id])
    except NoReverseMatch:
        return None


def _enrol(cast: Cast) -> Enrolment:
    course = Course.objects.create(provider=cast.lpk, kind=CourseKind.LANGUAGE, code="jp-n4", name="Nihongo", hours=160)
    training_class = TrainingClass.objects.create(
        course=course, code="jp-n4-2026a", starts_on=datetime.date(2026, 1, 5), ends_on=datetime.date(2026, 4, 30)
    )
    return Enrolment.objects.create(
        training_class=training_class,
        participant=cast.budi,
        status=EnrolmentStatus.COMPLETED,
        completed_on=datetime.date(2026, 4, 30),
        credited_hours=160,
    )


def test_it_lists_the_enrolments_with_course_class_and_hours(client: Client, cast: Cast) -> None:
    enrolment = _enrol(cast)
    client.force_login(cast.lpk_officer)
    response = client.get(f"/participants/{cast.budi.pk}/")
    [row] = response.context["enrolments"]
    assert row.enrolment == enrolment
    assert row.link == _class_url(enrolment.training_class_id)
    html = response.content.decode()
    # Named by course and dates, in the reader's language; the code is for spreadsheets.
    assert "Nihongo · 5 Januari – 30 April 2026" in html
    assert "jp-n4-2026a" not in html


def test_it_lists_running_classes_first_then_upcoming_then_past(client: Client, cast: Cast) -> None:
    course = Course.objects.create(provider=cast.lpk, kind=CourseKind.LANGUAGE, code="jp", name="Nihongo", hours=160)
    today = timezone.localdate()
    spans = {
        "ended-long-ago": (-400, -300),
        "upcoming-later": (60, 120),
        "ended-lately": (-100, -2),
        "running": (-10, 30),
        "upcoming-soon": (5, 90),
    }
    for code, (first, last) in spans.items():
        training_class = TrainingClass.objects.create(
            course=course,
            code=code,
            starts_on=today + datetime.timedelta(days=first),
            ends_on=today + datetime.timedelta(days=last),
        )
        Enrolment.objects.create(training_class=training_class, participant=cast.budi)
    client.force_login(cast.lpk_officer)

    rows = client.get(f"/participants/{cast.budi.pk}/").context["enrolments"]

    assert [row.enrolment.training_class.code for row in rows] == [
        "running",
        "upcoming-soon",
        "upcoming-later",
        "ended-lately",
        "ended-long-ago",
    ]


def test_it_links_the_class_only_for_those_who_may_open_it(client: Client, cast: Cast) -> None:
    _enrol(cast)
    client.force_login(cast.participant_user)
    [row] = client.get(f"/participants/{cast.budi.pk}/").context["enrolments"]
    assert row.link is None


def _twin_of_budi(cast: Cast, *, by_lpk_officer: bool = False) -> int:
    """Same name and birth date as budi, another NIK, enrolled elsewhere."""
    twin = actions.register_participant(
        details=details(
            None,
            nik=make_nik(datetime.date(2002, 5, 17), serial=2),
            training_centre=cast.other_blk,
            sending_organization=cast.lpk if by_lpk_officer else cast.other_lpk,
        ),
        by=cast.ministry_officer,
    )
    return twin.pk


def test_registering_flags_a_possible_duplicate(cast: Cast) -> None:
    twin = _twin_of_budi(cast)
    assert PossibleDuplicate.objects.filter(participant_id=twin, other=cast.budi).exists()


def test_correcting_a_name_into_a_twin_flags_it(cast: Cast) -> None:
    other = actions.register_participant(
        details=details(None, full_name="Budi Santosa", nik=make_nik(datetime.date(2002, 5, 17), serial=3)),
        by=cast.ministry_officer,
    )
    assert not PossibleDuplicate.objects.exists()
    current = {name: getattr(other, name) for name in actions.DETAIL_FIELDS}
    current["full_name"] = "Budi Santoso"
    actions.update_participant(
        participant_id=other.pk,
        details=actions.ParticipantDetails(**current),
        expected_version=other.version,
        by=cast.ministry_officer,
    )
    assert PossibleDuplicate.objects.filter(participant=other, other=cast.budi).exists()


def test_the_notice_links_the_other_record_for_those_who_see_it(client: Client, cast: Cast) -> None:
    twin = _twin_of_budi(cast)
    client.force_login(cast.ministry_officer)
    [row] = client.get(f"/participants/{cast.budi.pk}/").context["duplicates"]
    assert row.link == f"/participants/{twin}/"


def test_the_notice_never_identifies_a_record_the_viewer_may_not_see(client: Client, cast: Cast) -> None:
    twin = _twin_of_budi(cast)
    client.force_login(cast.lpk_officer)
    response = client.get(f"/participants/{cast.budi.pk}/")
    [row] = response.context["duplicates"]
    assert row.link is None
    assert f"/participants/{twin}/" not in response.content.decode()
    assert 'id="duplicates"' in response.content.decode()


def test_the_participant_is_not_shown_the_review(client: Client, cast: Cast) -> None:
    _twin_of_budi(cast)
    client.force_login(cast.participant_user)
    response = client.get(f"/participants/{cast.budi.pk}/")
    assert response.context["duplicates"] == ()
    assert 'id="duplicates"' not in response.content.decode()


def test_a_settled_flag_is_no_longer_shown(client: Client, cast: Cast) -> None:
    _twin_of_budi(cast)
    PossibleDuplicate.objects.update(review="different")
    client.force_login(cast.ministry_officer)
    assert client.get(f"/participants/{cast.budi.pk}/").context["duplicates"] == ()
