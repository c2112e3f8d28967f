"""The home page: each user lands on the work waiting for them and on their
part of the programme, never on a table of zeros."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from home import overviews, work
from joborders import actions as joborder_actions
from joborders.models import JobOrder
from joborders.tests.world import Japan, on_day, order_details
from matching.tests.pool import Pool, candidate
from participants.models import HealthCheck, Participant, Status
from placements.models import PlacementStatus
from placements.tests.builders import placed
from tests.cast import Cast, walk
from training import actions as training_actions
from training.models import CourseKind

PERSONAS = [
    "ministry_admin",
    "ministry_officer",
    "ministry_viewer",
    "blk_officer",
    "lpk_officer",
    "lpk_viewer",
    "other_lpk_officer",
    "association_officer",
    "supervising_officer",
    "company_officer",
    "prefecture_officer",
    "embassy_officer",
    "support_officer",
    "participant_user",
    "outsider",
]


def client_for(cast: Cast, persona: str) -> Client:
    client = Client()
    client.cookies["django_language"] = "en"
    client.force_login(getattr(cast, persona))
    return client


def home(cast: Cast, persona: str) -> str:
    response = client_for(cast, persona).get("/")
    assert response.status_code == 200
    return response.content.decode()


def lapse_soon(participant: Participant) -> None:
    HealthCheck.objects.filter(participant=participant).update(
        expires_on=timezone.localdate() + datetime.timedelta(days=10)
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_opens_for_every_persona_without_a_row_of_zeros(cast: Cast, persona: str) -> None:
    page = home(cast, persona)

    assert '<dd class="number">0</dd>' not in page or persona == "embassy_officer"


def test_it_asks_the_ministry_for_a_shortlist_for_each_open_order_without_one(cast: Cast, pool: Pool) -> None:
    page = home(cast, "ministry_officer")

    assert "1 open job order waits for a shortlist." in page
    assert f"/matching/job-orders/{pool.order.pk}/" in page


def test_it_does_not_ask_those_who_cannot_run_matching(cast: Cast, pool: Pool) -> None:
    assert "waits for a shortlist" not in home(cast, "ministry_viewer")
    assert "waits for a shortlist" not in home(cast, "lpk_officer")


def test_it_warns_an_lpk_of_a_ready_candidate_whose_health_check_runs_out(cast: Cast, pool: Pool, japan: Japan) -> None:
    ready = candidate(cast, pool, japan, "Rina Lestari")
    HealthCheck.objects.filter(participant=ready).update(expires_on=timezone.localdate() + datetime.timedelta(days=10))

    page = home(cast, "lpk_officer")

    assert "1 ready candidate needs a new health check within 30 days." in page
    assert f"/participants/{ready.pk}/" in page
    assert "Rina Lestari" not in home(cast, "other_lpk_officer")


def test_it_says_more_than_when_the_lapsing_health_checks_pass_what_it_counts(
    cast: Cast, pool: Pool, japan: Japan, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(work, "LAPSING_COUNTED_UP_TO", 1)
    for name in ("Rina Lestari", "Dewi Lestari"):
        ready = candidate(cast, pool, japan, name)
        HealthCheck.objects.filter(participant=ready).update(
            expires_on=timezone.localdate() + datetime.timedelta(days=10)
        )

    page = home(cast, "lpk_officer")

    assert "More than 1 ready candidate needs a new health check within 30 days." in page


def test_it_names_the_candidates_ready_longest_first_whatever_their_status(
    cast: Cast, pool: Pool, japan: Japan
) -> None:
    now = timezone.now()
    waited = {"Rina Lestari": 3, "Dewi Lestari": 9, "Sari Wulandari": 6}
    for name, days in waited.items():
        ready = candidate(cast, pool, japan, name)
        HealthCheck.objects.filter(participant=ready).update(
            expires_on=timezone.localdate() + datetime.timedelta(days=10)
        )
        Participant.objects.filter(pk=ready.pk).update(status_changed_at=now - datetime.timedelta(days=days))
    Participant.objects.filter(full_name="Sari Wulandari").update(status=Status.SHORTLISTED)

    page = home(cast, "lpk_officer")

    assert page.index("Dewi Lestari") < page.index("Sari Wulandari") < page.index("Rina Lestari")


def test_it_leaves_out_a_ready_candidate_whose_health_check_lasts(cast: Cast, pool: Pool, japan: Japan) -> None:
    candidate(cast, pool, japan, "Rina Lestari")

    assert "needs a new health check" not in home(cast, "lpk_officer")


def test_it_shows_a_company_its_orders_with_what_happens_next_and_no_participant_counts(cast: Cast, pool: Pool) -> None:
    page = home(cast, "company_officer")

    assert pool.order.title in page
    assert "the ministry is preparing a shortlist" in page
    assert "Participants by status" not in page


def test_it_shows_the_prefecture_the_organizations_and_orders_in_it(cast: Cast, pool: Pool, japan: Japan) -> None:
    cast.prefecture.prefecture = japan.miyagi
    cast.prefecture.save(update_fields=["prefecture"])

    page = home(cast, "prefecture_officer")

    assert "Implementing companies" in page
    assert "Job orders recruiting now" in page


def test_it_counts_the_workers_placed_in_the_prefecture_without_naming_them(cast: Cast, japan: Japan) -> None:
    cast.prefecture.prefecture = japan.miyagi
    cast.prefecture.save(update_fields=["prefecture"])
    placed(cast, japan, cast.siti, status=PlacementStatus.IN_JAPAN)

    page = home(cast, "prefecture_officer")

    assert re.search(r"Workers placed here now</dt><dd class=\"number\">1<", page)
    assert cast.siti.full_name not in page


def test_it_shows_the_association_its_members_with_their_figures(cast: Cast) -> None:
    page = home(cast, "association_officer")

    assert "LPK Sakura" in page
    assert "LPK Fuji" not in page


def test_it_shows_the_embassy_the_workers_in_japan_missing_first(cast: Cast) -> None:
    page = home(cast, "embassy_officer")

    assert page.index("missing") < page.index("placed")
    assert "?status=missing" in page


def test_it_shows_the_embassy_its_workers_by_workplace_the_missing_first(cast: Cast, japan: Japan) -> None:
    placed(cast, japan, cast.siti, status=PlacementStatus.IN_JAPAN)
    walk(cast.siti, [Status.MISSING], cast.ministry_officer)
    page = home(cast, "embassy_officer")

    workplaces = page[page.index("By prefecture and employer") :]
    assert "Sendai Steel" in workplaces
    assert 'class="status status-missing">1<' in workplaces


def test_it_does_not_show_workplaces_to_others(cast: Cast, japan: Japan) -> None:
    placed(cast, japan, cast.siti, status=PlacementStatus.IN_JAPAN)

    assert "By prefecture and employer" not in home(cast, "ministry_officer")


def test_it_says_when_nothing_is_waiting(cast: Cast) -> None:
    assert "Nothing is waiting for you." in home(cast, "support_officer")


def test_it_greets_a_participant_with_their_next_step(cast: Cast) -> None:
    page = home(cast, "participant_user")

    assert "Your next step" in page
    assert "Next comes your skill training" in page
    assert f"/participants/{cast.budi.pk}/" in page


def test_it_links_an_lpk_to_its_own_candidates_for_each_open_order_it_serves(cast: Cast, pool: Pool) -> None:
    page = home(cast, "lpk_officer")

    assert "Open job orders you serve" in page
    assert f"/matching/job-orders/{pool.order.pk}/candidates/" in page
    assert "Open job orders you serve" not in home(cast, "other_lpk_officer")


def test_it_names_the_users_organization_once_with_their_role(cast: Cast) -> None:
    page = home(cast, "ministry_admin")

    assert f"{cast.ministry.name} · Administrator" in page
    assert "Ministry (Kemnaker)" not in page  # the kind would only repeat the name


def test_it_names_a_japanese_readers_organization_in_japanese(cast: Cast) -> None:
    cast.supervising.name_ja = "みちのく技能交流協同組合"
    cast.supervising.save(update_fields=["name_ja"])
    client = Client()
    client.cookies["django_language"] = "ja"
    client.force_login(cast.supervising_officer)

    page = client.get("/").content.decode()

    assert "みちのく技能交流協同組合" in page
    assert cast.supervising.name not in page


def test_it_links_the_lapsing_health_checks_to_a_list_of_the_same_people(cast: Cast, pool: Pool, japan: Japan) -> None:
    ready = candidate(cast, pool, japan, "Rina Lestari")
    candidate(cast, pool, japan, "Dewi Lestari")  # her health check lasts
    HealthCheck.objects.filter(participant=ready).update(expires_on=timezone.localdate() + datetime.timedelta(days=10))
    client = Client()
    client.force_login(cast.lpk_officer)

    link = re.search(r'<a href="([^"]+)">1 kandidat siap', client.get("/").content.decode())
    assert link is not None
    listed = client.get(link.group(1).replace("&amp;", "&")).context["page"].rows
    assert [participant.full_name for participant in listed] == ["Rina Lestari"]


def test_it_counts_the_embassys_workers_once(cast: Cast) -> None:
    page = home(cast, "embassy_officer")

    assert "Workers in Japan" in page
    assert "Participants by status" not in page


def test_it_counts_an_lpks_candidates_in_its_classes_running_today_as_in_training(cast: Cast) -> None:
    # Ready from the BLK, learning Japanese at the LPK/SO: in training there, whatever the status says.
    walk(cast.budi, [Status.IN_TRAINING, Status.READY], cast.ministry_officer)
    today = timezone.localdate()
    course = training_actions.create_course(
        provider=cast.lpk,
        details=training_actions.CourseDetails(
            kind=CourseKind.LANGUAGE,
            code="n4",
            name="Bahasa Jepang N4",
            vocational_programme=None,
            hours=240,
            certificate="",
            min_attendance_percent=80,
            pass_score=Decimal(70),
            is_active=True,
        ),
        by=cast.lpk_officer,
    )
    for code, starts in (("now", today - datetime.timedelta(days=10)), ("later", today + datetime.timedelta(days=30))):
        training_class = training_actions.create_class(
            course_id=course.pk,
            details=training_actions.ClassDetails(
                code=code, starts_on=starts, ends_on=starts + datetime.timedelta(days=60), instructor=None, capacity=9
            ),
            by=cast.lpk_officer,
        )
        training_actions.enrol_participants(
            training_class_id=training_class.pk, participant_ids=[cast.budi.pk], by=cast.lpk_officer, on=starts
        )

    page = home(cast, "association_officer")

    sakura = page[page.index("LPK Sakura") :]
    assert re.search(r"In training <strong>1</strong>", sakura)


def test_it_shows_a_support_organization_the_orders_naming_it(cast: Cast, pool: Pool) -> None:
    JobOrder.objects.filter(pk=pool.order.pk).update(support_organization=cast.support_organization)

    with on_day():  # before the order's start date
        page = home(cast, "support_officer")

    assert "SSW job orders you support" in page
    assert f'href="/joborders/{pool.order.pk}/"' in page
    assert "the workers you will support are not chosen yet" in page
    assert client_for(cast, "support_officer").get(f"/joborders/{pool.order.pk}/").status_code == 200


def test_it_shows_a_support_organization_nothing_of_orders_naming_another(cast: Cast, pool: Pool) -> None:
    assert "SSW job orders you support" not in home(cast, "support_officer")


def test_it_links_the_prefectures_companies_to_their_profiles(cast: Cast, pool: Pool, japan: Japan) -> None:
    cast.prefecture.prefecture = japan.miyagi
    cast.prefecture.save(update_fields=["prefecture"])

    page = home(cast, "prefecture_officer")

    assert '<a href="/joborders/organizations/">Implementing companies</a>' in page
    listing = client_for(cast, "prefecture_officer").get("/joborders/organizations/").content.decode()
    assert cast.company.name in listing
    assert japan.other_company.name not in listing  # in no prefecture: not the prefecture's to read


def test_it_leaves_out_a_supported_order_once_it_has_started(cast: Cast, pool: Pool) -> None:
    JobOrder.objects.filter(pk=pool.order.pk).update(support_organization=cast.support_organization)

    with on_day(pool.order.start_date + datetime.timedelta(days=1)):
        page = home(cast, "support_officer")

    assert "SSW job orders you support" not in page


def test_it_asks_the_japanese_partner_to_complete_and_open_its_drafts(cast: Cast, japan: Japan) -> None:
    with on_day():
        joborder_actions.create_job_order(details=order_details(cast, japan), by=cast.supervising_officer)
        page = home(cast, "company_officer")
        listed = client_for(cast, "company_officer").get("/joborders/?status=draft").context["page"].rows

    assert '<a href="/joborders/?status=draft">1 draft job order to complete and open for recruiting.</a>' in page
    assert len(listed) == 1
    assert "draft job order" not in home(cast, "ministry_admin")  # the partner's work, not the ministry's
    assert "draft job order" not in home(cast, "lpk_officer")


def test_it_keeps_the_nationwide_counts_a_minute_at_national_scale_and_says_when_they_were_taken(
    cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache.delete(overviews.NATIONWIDE_COUNTS_KEY)
    monkeypatch.setattr(overviews, "estimated_rows", lambda model: overviews.NATIONWIDE_CACHED_FROM_ROWS)
    first = home(cast, "ministry_officer")
    walk(cast.budi, [Status.IN_TRAINING], cast.ministry_officer)

    again = home(cast, "ministry_officer")
    cache.delete(overviews.NATIONWIDE_COUNTS_KEY)

    assert "again every minute" in first
    assert status_figures(again) == status_figures(first)
    assert status_figures(home(cast, "ministry_officer")) != status_figures(first)


def test_it_counts_live_below_national_scale_and_for_every_narrower_scope(cast: Cast) -> None:
    first = home(cast, "ministry_officer"), home(cast, "blk_officer")
    walk(cast.budi, [Status.IN_TRAINING], cast.ministry_officer)

    again = home(cast, "ministry_officer"), home(cast, "blk_officer")

    assert "again every minute" not in first[0]
    assert status_figures(again[0]) != status_figures(first[0])
    assert status_figures(again[1]) != status_figures(first[1])


def status_figures(page: str) -> str:
    return page[page.index('id="status-heading"') :]
