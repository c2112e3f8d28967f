"""The interview pages through real URLs: scheduling on the reader's clock,
refusals next to their field with what was typed kept, scores, results and
selecting with a confirmation; the schedule and its calendar file."""

from __future__ import annotations

import datetime
import zoneinfo

import icalendar
import pytest
from django.test import Client
from django.utils import timezone

from audit.models import AuditAction, AuditEntry
from joborders.models import JobOrderStatus
from placements.models import Interview, InterviewResult, InterviewScore, Offer
from placements.tests.world import Selection, reserve, schedule
from tests.cast import Cast

TOKYO = zoneinfo.ZoneInfo("Asia/Tokyo")
JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")


def _typed(moment: datetime.datetime, zone: zoneinfo.ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%Y-%m-%dT%H:%M")


def _schedule_form(
    selection: Selection, moment: datetime.datetime, zone: zoneinfo.ZoneInfo, **overrides: str
) -> dict[str, str]:
    data = {
        "entry": str(selection.entry(selection.candidates[0]).pk),
        "starts_at": _typed(moment, zone),
        "minutes": "30",
        "mode": "online",
        "link": "https://meet.example.jp/abc",
        "place": "",
        "panel": "Sato Hanako",
    }
    data.update(overrides)
    return data


def _tomorrow_at_ten(zone: zoneinfo.ZoneInfo) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=1)
    return datetime.datetime.combine(day, datetime.time(10), tzinfo=zone)


def test_the_company_schedules_on_tokyo_time_and_reads_both_clocks(
    english: Client, cast: Cast, selection: Selection
) -> None:
    english.force_login(cast.company_officer)
    url = f"/placements/job-orders/{selection.order.pk}/interviews/"
    ten_in_tokyo = _tomorrow_at_ten(TOKYO)
    response = english.post(f"{url}new/", _schedule_form(selection, ten_in_tokyo, TOKYO))
    assert response.status_code == 302
    interview = Interview.objects.get()
    assert interview.starts_at == ten_in_tokyo
    assert interview.entered_in_zone == "Asia/Tokyo"
    page = english.get(url).content.decode()
    assert "10:00 JST" in page
    assert "08:00 WIB" in page  # the LPK/SO's clock, two hours behind


def test_the_ministry_types_on_jakarta_time(english: Client, cast: Cast, selection: Selection) -> None:
    english.force_login(cast.ministry_officer)
    ten_in_jakarta = _tomorrow_at_ten(JAKARTA)
    english.post(
        f"/placements/job-orders/{selection.order.pk}/interviews/new/",
        _schedule_form(selection, ten_in_jakarta, JAKARTA),
    )
    assert Interview.objects.get().starts_at == ten_in_jakarta


def test_a_japanese_reader_types_on_tokyo_time(client: Client, cast: Cast, selection: Selection) -> None:
    client.cookies["django_language"] = "ja"
    client.force_login(cast.ministry_officer)
    ten_in_tokyo = _tomorrow_at_ten(TOKYO)
    client.post(
        f"/placements/job-orders/{selection.order.pk}/interviews/new/", _schedule_form(selection, ten_in_tokyo, TOKYO)
    )
    assert Interview.objects.get().starts_at == ten_in_tokyo


@pytest.mark.parametrize(
    ("when", "message"),
    [
        (lambda: timezone.now() - datetime.timedelta(hours=2), "This time has already passed"),
        (lambda: timezone.now() - datetime.timedelta(days=400), "This time has already passed"),
    ],
)
def test_a_time_in_the_past_is_refused_at_its_field_keeping_what_was_typed(
    english: Client, cast: Cast, selection: Selection, when, message: str
) -> None:
    english.force_login(cast.company_officer)
    typed = _schedule_form(selection, when(), TOKYO, panel="Sato Hanako\nSuzuki Ichiro")
    response = english.post(f"/placements/job-orders/{selection.order.pk}/interviews/new/", typed)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert typed["starts_at"] in page
    assert "Suzuki Ichiro" in page
    assert "autofocus" in page
    assert not Interview.objects.exists()


def test_a_refusal_comes_back_in_place_for_htmx(english: Client, cast: Cast, selection: Selection) -> None:
    english.force_login(cast.company_officer)
    typed = _schedule_form(selection, timezone.now() - datetime.timedelta(hours=1), TOKYO)
    response = english.post(
        f"/placements/job-orders/{selection.order.pk}/interviews/new/", typed, headers={"HX-Request": "true"}
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert page.lstrip().startswith('<section class="card" id="schedule"')
    assert "This time has already passed" in page
    assert not Interview.objects.exists()


def test_a_score_out_of_range_is_refused_next_to_its_criterion(
    english: Client, cast: Cast, selection: Selection
) -> None:
    interview = schedule(selection, selection.candidates[0], cast.company_officer)
    criteria = list(interview.job_order.interview_criteria.all())
    english.force_login(cast.company_officer)
    typed = {f"criterion_{c.pk}": "10" for c in criteria} | {f"criterion_{criteria[0].pk}": "25", "notes": "Good hands"}
    response = english.post(f"/placements/interviews/{interview.pk}/scores/", {**typed, "version": interview.version})
    assert response.status_code == 400
    page = response.content.decode()
    assert "25 is out of range for “Japanese”: give a score from 0 to 20." in page
    assert "Good hands" in page
    assert not InterviewScore.objects.exists()
    typed[f"criterion_{criteria[0].pk}"] = "18"
    response = english.post(f"/placements/interviews/{interview.pk}/scores/", {**typed, "version": interview.version})
    assert response.status_code == 302
    assert InterviewScore.objects.filter(interview=interview).count() == 4


def test_selecting_asks_first_then_sends_the_offer(english: Client, cast: Cast, selection: Selection) -> None:
    interview = schedule(selection, selection.candidates[0], cast.company_officer)
    english.force_login(cast.company_officer)
    url = f"/placements/interviews/{interview.pk}/select/"
    asked = english.post(url, {})
    assert asked.status_code == 200
    assert "Select Ana Santoso for “Welder”?" in asked.content.decode()
    assert not Offer.objects.exists()
    done = english.post(url, {"confirmed": "true"})
    offer = Offer.objects.get()
    assert done["Location"] == f"/placements/offers/{offer.pk}/#top"


def test_selecting_beyond_the_positions_is_refused_on_the_page(
    english: Client, cast: Cast, selection: Selection
) -> None:
    from placements.tests.world import select  # noqa: PLC0415

    ana, bayu, citra = selection.candidates
    select(selection, ana, cast.company_officer, hours=24)
    select(selection, bayu, cast.company_officer, hours=25)
    interview = schedule(selection, citra, cast.company_officer, hours=26)
    english.force_login(cast.company_officer)
    response = english.post(f"/placements/interviews/{interview.pk}/select/", {"confirmed": "true"})
    assert response.status_code == 400
    assert "All 2 positions of this job order have an offer out or accepted." in response.content.decode()


def test_a_reserve_rank_taken_is_refused_at_the_rank(english: Client, cast: Cast, selection: Selection) -> None:
    ana, bayu, _ = selection.candidates
    reserve(schedule(selection, ana, cast.company_officer, hours=24), 1, cast.company_officer)
    interview = schedule(selection, bayu, cast.company_officer, hours=25)
    english.force_login(cast.supervising_officer)
    data = {"result": "reserve", "reserve_rank": "1", "version": interview.version}
    response = english.post(f"/placements/interviews/{interview.pk}/result/", data)
    assert response.status_code == 400
    assert "Reserve rank 1 is already Ana Santoso&#x27;s." in response.content.decode()
    data["reserve_rank"] = "2"
    assert english.post(f"/placements/interviews/{interview.pk}/result/", data).status_code == 302
    interview.refresh_from_db()
    assert (interview.result, interview.reserve_rank) == (InterviewResult.RESERVE, 2)


def test_criteria_are_set_on_the_order_page(english: Client, cast: Cast, selection: Selection) -> None:
    english.force_login(cast.company_officer)
    data = {"use_japanese": "on", "max_japanese": "30", "use_skill_test": "on", "max_skill_test": "70"}
    data |= {"name_0": "溶接の実技", "max_own_0": "50"}
    response = english.post(f"/placements/job-orders/{selection.order.pk}/interviews/criteria/", data)
    assert response.status_code == 302
    criteria = list(selection.order.interview_criteria.values_list("key", "name", "max_score"))
    assert criteria == [("japanese", "", 30), ("skill_test", "", 70), ("", "溶接の実技", 50)]


def test_cancelling_asks_for_a_reason_then_confirmation(english: Client, cast: Cast, selection: Selection) -> None:
    interview = schedule(selection, selection.candidates[0], cast.company_officer)
    english.force_login(cast.company_officer)
    url = f"/placements/interviews/{interview.pk}/cancel/"
    assert english.post(url, {"reason": ""}).status_code == 400
    assert english.post(url, {"reason": "The panel is ill"}).status_code == 200
    assert english.post(url, {"reason": "The panel is ill", "confirmed": "true"}).status_code == 302
    interview.refresh_from_db()
    assert not interview.is_scheduled


def test_the_first_interview_moves_the_order_to_interviewing(english: Client, cast: Cast, selection: Selection) -> None:
    english.force_login(cast.company_officer)
    english.post(
        f"/placements/job-orders/{selection.order.pk}/interviews/new/",
        _schedule_form(selection, _tomorrow_at_ten(TOKYO), TOKYO),
    )
    selection.order.refresh_from_db()
    assert selection.order.status == JobOrderStatus.INTERVIEWING


# --- the schedule and its calendar ------------------------------------------------------


def test_the_lpk_reads_its_candidates_schedule_and_downloads_it(
    english: Client, cast: Cast, selection: Selection
) -> None:
    schedule(selection, selection.candidates[0], cast.company_officer, hours=24)
    schedule(selection, selection.candidates[1], cast.company_officer, hours=26)
    english.force_login(cast.lpk_officer)
    page = english.get("/placements/interviews/").content.decode()
    assert "Ana Santoso" in page
    assert "Bayu Santoso" in page
    response = english.get("/placements/interviews/calendar.ics")
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert sorted(str(event["summary"]) for event in events) == [
        "Interview: Ana Santoso, Sendai Steel",
        "Interview: Bayu Santoso, Sendai Steel",
    ]
    assert events[0].decoded("dtstart").utcoffset() == datetime.timedelta(0)
    assert AuditEntry.objects.filter(actor=cast.lpk_officer, action=AuditAction.VIEWED_SENSITIVE).exists()


def test_another_lpks_calendar_holds_none_of_these_candidates(client: Client, cast: Cast, selection: Selection) -> None:
    schedule(selection, selection.candidates[0], cast.company_officer, hours=24)
    client.force_login(cast.other_lpk_officer)
    calendar = icalendar.Calendar.from_ical(client.get("/placements/interviews/calendar.ics").content)
    assert calendar.walk("VEVENT") == []
    assert "Ana Santoso" not in client.get("/placements/interviews/").content.decode()


def test_the_ministry_reads_the_counts(english: Client, cast: Cast, selection: Selection) -> None:
    schedule(selection, selection.candidates[0], cast.company_officer, hours=24)
    english.force_login(cast.ministry_viewer)
    response = english.get("/placements/interviews/")
    assert response.context["counts"]["upcoming"] == 1
    assert "Coming up" in response.content.decode()


RUN_INTERVIEWS = {"ministry_admin", "ministry_officer", "supervising_officer", "company_officer"}
OTHERS = [
    "ministry_viewer",
    "blk_officer",
    "lpk_officer",
    "lpk_viewer",
    "other_lpk_officer",
    "association_officer",
    "prefecture_officer",
    "embassy_officer",
    "support_officer",
    "participant_user",
    "outsider",
]


@pytest.mark.parametrize("persona", OTHERS)
def test_only_the_ministry_and_the_orders_japanese_side_run_interviews(
    client: Client, cast: Cast, selection: Selection, persona: str
) -> None:
    interview = schedule(selection, selection.candidates[1], cast.company_officer)
    client.force_login(getattr(cast, persona))
    order = selection.order.pk
    posts = [
        (f"/placements/job-orders/{order}/interviews/new/", _schedule_form(selection, _tomorrow_at_ten(TOKYO), TOKYO)),
        (f"/placements/job-orders/{order}/interviews/criteria/", {"use_japanese": "on", "max_japanese": "5"}),
        (f"/placements/interviews/{interview.pk}/scores/", {"version": interview.version}),
        (f"/placements/interviews/{interview.pk}/result/", {"result": "not_selected", "version": interview.version}),
        (f"/placements/interviews/{interview.pk}/select/", {"confirmed": "true"}),
        (f"/placements/interviews/{interview.pk}/cancel/", {"reason": "x", "confirmed": "true"}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 404, url
    assert Interview.objects.count() == 1
    assert not Offer.objects.exists()
    assert not interview.job_order.interview_criteria.filter(max_score=5).exists()


def test_the_other_company_sees_none_of_it(client: Client, cast: Cast, japan: object, selection: Selection) -> None:
    from accounts.models import User  # noqa: PLC0415

    interview = schedule(selection, selection.candidates[0], cast.company_officer)
    client.force_login(User.objects.get(username="other_company_officer"))
    assert client.get(f"/placements/job-orders/{selection.order.pk}/interviews/").status_code == 404
    assert client.get(f"/placements/interviews/{interview.pk}/").status_code == 404
    assert "Ana Santoso" not in client.get("/placements/interviews/").content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/placements/job-orders/{order}/interviews/new/",
        "/placements/job-orders/{order}/interviews/criteria/",
        "/placements/interviews/{interview}/scores/",
        "/placements/interviews/{interview}/select/",
    ],
)
def test_the_actions_refuse_a_get(client: Client, cast: Cast, selection: Selection, url: str) -> None:
    interview = schedule(selection, selection.candidates[0], cast.company_officer)
    client.force_login(cast.company_officer)
    assert client.get(url.format(order=selection.order.pk, interview=interview.pk)).status_code == 405


def test_selecting_someone_selected_elsewhere_is_refused_on_the_page(
    english: Client, cast: Cast, japan: object, selection: Selection
) -> None:
    from placements.actions import interviews, offers  # noqa: PLC0415
    from placements.tests.world import details_for, open_order, published_list  # noqa: PLC0415

    ana = selection.candidates[0]
    second = open_order(cast, japan, positions=1, title="Welder, second line")  # type: ignore[arg-type]
    elsewhere = interviews.schedule_interview(
        job_order_id=second.pk,
        details=details_for(published_list(cast, second, [ana]), ana, hours=48),
        by=cast.ministry_officer,
    )
    here = schedule(selection, ana, cast.company_officer, hours=24)
    offers.select_candidate(interview_id=elsewhere.pk, by=cast.ministry_officer)
    english.force_login(cast.company_officer)
    response = english.post(f"/placements/interviews/{here.pk}/select/", {"confirmed": "true"})
    assert response.status_code == 400
    assert "Ana Santoso has already been selected for another job order." in response.content.decode()
    assert Offer.objects.filter(participant=ana).count() == 1


def test_the_other_orders_list_says_the_candidate_was_selected_elsewhere(
    english: Client, cast: Cast, japan: object, selection: Selection
) -> None:
    from placements.tests.world import open_order, published_list, select  # noqa: PLC0415

    ana = selection.candidates[0]
    second = open_order(cast, japan, positions=1, title="Welder, second line")  # type: ignore[arg-type]
    published_list(cast, second, [ana])
    select(selection, ana, cast.company_officer)
    english.force_login(cast.company_officer)
    shortlist_page = english.get(f"/matching/job-orders/{second.pk}/").content.decode()
    assert "No longer on the list" in shortlist_page
    assert "Ana Santoso: selected for another job order" in shortlist_page
    interviews_page = english.get(f"/placements/job-orders/{second.pk}/interviews/").content.decode()
    assert "selected for another job order" in interviews_page


def test_criteria_sent_after_scoring_began_are_refused_with_the_reason(
    english: Client, cast: Cast, selection: Selection
) -> None:
    # The page no longer offers the criteria form; a post from a page opened before must still say why.
    interview = schedule(selection, selection.candidates[0], cast.company_officer)
    english.force_login(cast.company_officer)
    scores = {f"criterion_{c.pk}": "10" for c in interview.job_order.interview_criteria.all()}
    scored = english.post(f"/placements/interviews/{interview.pk}/scores/", {**scores, "version": interview.version})
    assert scored.status_code == 302
    data = {"use_japanese": "on", "max_japanese": "30"}
    response = english.post(f"/placements/job-orders/{selection.order.pk}/interviews/criteria/", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert 'role="alert"' in page
    assert "the criteria stay as they were, so scores compare." in page
    assert not interview.job_order.interview_criteria.filter(max_score=30).exists()
