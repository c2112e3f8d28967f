"""The matching pages through the test client: the ministry runs matching for
a job order, reviews and publishes; the Japanese side then sees limited
profiles; everyone else gets 404."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from joborders.models import JobOrder
from joborders.tests.world import TODAY, Japan
from matching import actions
from matching.engine.columns import Constraint
from matching.models import PlanningRun, PlanningStatus, ScoreWeights, Shortlist, ShortlistStatus
from matching.tests.pool import Pool, candidate
from participants.models import Participant, Status
from reference.models import ExchangeRate
from tests.cast import Cast, walk

# A rupiah figure as lib.money writes it ("Rp 20.258.000"), not two letters a CSRF token may hold.
RUPIAH_FIGURE = re.compile(r"Rp(?:\u00a0|&nbsp;| )\d")


def _login(client: Client, user: object) -> Client:
    client.force_login(user)  # type: ignore[arg-type]
    return client


def _shortlist_url(pool: Pool) -> str:
    return reverse("job_order_shortlist", args=[pool.order.pk])


def test_it_runs_reviews_and_publishes_a_shortlist(english: Client, cast: Cast, japan: Japan, pool: Pool) -> None:
    ana = candidate(cast, pool, japan, "Ana Strong", level=pool.n3)
    candidate(cast, pool, japan, "Bayu Fits")
    client = _login(english, cast.ministry_officer)

    assert "Run matching" in client.get(_shortlist_url(pool)).content.decode()

    response = client.post(reverse("run_shortlist", args=[pool.order.pk]))
    assert response.status_code == 302
    page = client.get(_shortlist_url(pool)).content.decode()
    assert "Ana Strong" in page
    assert "Bayu Fits" in page
    assert "same job type" in page

    shortlist = Shortlist.objects.get(job_order=pool.order)
    bayu = shortlist.entries.get(participant__full_name="Bayu Fits")
    refused = client.post(
        reverse("exclude_entry", args=[pool.order.pk, bayu.pk]), {"reason": "", "version": shortlist.version}
    )
    assert refused.status_code == 400
    taken_off = client.post(
        reverse("exclude_entry", args=[pool.order.pk, bayu.pk]),
        {"reason": "Declined", "version": shortlist.version},
    )
    assert taken_off.status_code == 302

    shortlist.refresh_from_db()
    client.post(reverse("publish_shortlist", args=[pool.order.pk]), {"version": shortlist.version, "confirmed": "true"})
    shortlist.refresh_from_db()
    assert shortlist.status == ShortlistStatus.PUBLISHED
    assert Participant.objects.get(pk=ana.pk).status == Status.SHORTLISTED
    assert Participant.objects.get(full_name="Bayu Fits").status == Status.READY


@pytest.mark.parametrize("persona", ["company_officer", "supervising_officer"])
def test_the_japanese_side_sees_a_published_list_as_limited_profiles(
    client: Client, cast: Cast, japan: Japan, pool: Pool, persona: str
) -> None:
    ana = candidate(cast, pool, japan, "Ana Strong")
    _login(client, cast.ministry_officer).post(reverse("run_shortlist", args=[pool.order.pk]))
    reader = getattr(cast, persona)

    client.force_login(reader)
    assert client.get(_shortlist_url(pool)).status_code == 404  # still a draft

    shortlist = Shortlist.objects.get(job_order=pool.order)
    _login(client, cast.ministry_officer).post(
        reverse("publish_shortlist", args=[pool.order.pk]), {"version": shortlist.version, "confirmed": "true"}
    )
    client.force_login(reader)
    page = client.get(_shortlist_url(pool)).content.decode()
    assert "Ana Strong" in page
    assert ana.nik not in page
    assert ana.masked_nik not in page
    assert "Merdeka" not in page  # the address
    assert "Klinik" not in page  # the health check's clinic
    assert 'action="/matching' not in page  # no review or publish controls


def test_a_japanese_reader_reads_the_candidates_trade_in_japanese(
    client: Client, cast: Cast, japan: Japan, pool: Pool
) -> None:
    pool.welding.name_ja = "溶接"
    pool.welding.save(update_fields=["name_ja"])
    candidate(cast, pool, japan, "Ana Strong")
    _login(client, cast.ministry_officer).post(reverse("run_shortlist", args=[pool.order.pk]))
    shortlist = Shortlist.objects.get(job_order=pool.order)
    client.post(reverse("publish_shortlist", args=[pool.order.pk]), {"version": shortlist.version, "confirmed": "true"})
    client.force_login(cast.company_officer)
    client.cookies["django_language"] = "ja"

    page = client.get(_shortlist_url(pool)).content.decode()

    # The trade in Japanese, with its name on the BLK certificate beside it.
    assert '<td>溶接 <span class="muted" lang="id">Teknik Las</span><br>' in page


@pytest.mark.parametrize("persona", ["outsider", "lpk_officer", "blk_officer", "other_company_officer"])
def test_others_get_404_on_the_shortlist_pages(
    client: Client, cast: Cast, japan: Japan, pool: Pool, persona: str
) -> None:
    candidate(cast, pool, japan, "Ana Strong")
    _login(client, cast.ministry_officer).post(reverse("run_shortlist", args=[pool.order.pk]))
    shortlist = Shortlist.objects.get(job_order=pool.order)
    client.post(reverse("publish_shortlist", args=[pool.order.pk]), {"version": shortlist.version, "confirmed": "true"})
    user = getattr(japan, persona, None) or getattr(cast, persona)
    client.force_login(user)
    assert client.get(_shortlist_url(pool)).status_code == 404
    assert client.post(reverse("run_shortlist", args=[pool.order.pk])).status_code == 404


def test_running_matching_is_for_ministry_officers_and_needs_post(client: Client, cast: Cast, pool: Pool) -> None:
    run = reverse("run_shortlist", args=[pool.order.pk])
    assert client.post(run).status_code == 302  # to the login page
    _login(client, cast.ministry_officer)
    assert client.get(run).status_code == 405
    _login(client, cast.ministry_viewer)
    assert client.post(run).status_code == 404
    _login(client, cast.company_officer)
    assert client.post(run).status_code == 404


def test_a_participant_sees_the_job_orders_they_fit(english: Client, cast: Cast, japan: Japan, pool: Pool) -> None:
    budi = Participant.objects.get(pk=cast.budi.pk)
    _login(english, cast.participant_user)
    page = english.get(reverse("participant_matches", args=[budi.pk])).content.decode()
    assert "Matching considers participants once they are ready" in page

    ana = candidate(cast, pool, japan, "Ana Strong")
    _login(english, cast.lpk_officer)
    page = english.get(reverse("participant_matches", args=[ana.pk])).content.decode()
    assert pool.order.title in page
    assert "1 open job order fits" in page
    _login(english, cast.other_lpk_officer)
    assert english.get(reverse("participant_matches", args=[ana.pk])).status_code == 404


def test_an_lpk_reads_the_fitting_job_and_workplace_in_indonesian(
    client: Client, cast: Cast, japan: Japan, pool: Pool
) -> None:
    japan.manual_welding.name_id = "Pengelasan manual"
    japan.manual_welding.save(update_fields=["name_id"])
    ana = candidate(cast, pool, japan, "Ana Strong")
    client.force_login(cast.lpk_officer)
    client.cookies["django_language"] = "id"

    page = client.get(reverse("participant_matches", args=[ana.pk])).content.decode()

    assert '<span class="mono">7-7-1</span> Pengelasan manual <span class="muted" lang="ja">手溶接</span>' in page
    assert "Miyagi, Sendai" in page


def test_a_participant_sees_why_an_order_does_not_fit(english: Client, cast: Cast, japan: Japan, pool: Pool) -> None:
    eka = candidate(cast, pool, japan, "Eka Beginner", level=pool.n5)
    page = _login(english, cast.lpk_officer).get(reverse("participant_matches", args=[eka.pk])).content.decode()
    assert "Their Japanese is below the minimum level." in page


def test_ministry_administrators_set_the_weights(english: Client, cast: Cast) -> None:
    values = {**ScoreWeights().as_dict(), "waiting": 25, "note": "Long queues in 2026"}
    _login(english, cast.ministry_officer)
    assert english.post(reverse("matching_weights"), values).status_code == 404
    _login(english, cast.ministry_admin)
    assert english.post(reverse("matching_weights"), values).status_code == 302
    assert ScoreWeights.objects.current().waiting == 25

    zero = {**values, **dict.fromkeys(("trade_fit", "language", "assessment", "training", "waiting", "preference"), 0)}
    refused = english.post(reverse("matching_weights"), zero)
    assert refused.status_code == 400
    assert "At least one part" in refused.content.decode()
    assert ScoreWeights.objects.count() == 1


def test_a_planning_run_assigns_and_explains(
    english: Client, cast: Cast, japan: Japan, pool: Pool, django_capture_on_commit_callbacks: Any
) -> None:
    candidate(cast, pool, japan, "Ana Strong", level=pool.n3)
    candidate(cast, pool, japan, "Bayu Fits")
    candidate(cast, pool, japan, "Dedi Cook", trade=pool.cooking)
    _login(english, cast.ministry_officer)

    with django_capture_on_commit_callbacks(execute=True):
        response = english.post(reverse("plan_list"))  # runs in-process without Redis

    run = PlanningRun.objects.get()
    assert response.status_code == 302
    assert run.status == PlanningStatus.DONE, run.error
    assert (run.participants, run.positions, run.matched) == (3, 1, 1)
    assert run.placements.get().participant.full_name == "Ana Strong"
    reasons = dict(run.unmatched.values_list("participant__full_name", "reason"))
    assert reasons == {"Bayu Fits": Constraint.NO_POSITION, "Dedi Cook": Constraint.TRADE}
    page = english.get(reverse("plan_detail", args=[run.pk])).content.decode()
    assert "positions taken" in page
    assert "trade does not fit" in page
    _login(english, cast.company_officer)
    assert english.get(reverse("plan_detail", args=[run.pk])).status_code == 404


def test_a_planning_run_becomes_draft_shortlists_of_its_proposals(
    english: Client, cast: Cast, japan: Japan, pool: Pool, django_capture_on_commit_callbacks: Any
) -> None:
    candidate(cast, pool, japan, "Ana Strong", level=pool.n3)
    candidate(cast, pool, japan, "Bayu Fits")
    _login(english, cast.ministry_officer)
    with django_capture_on_commit_callbacks(execute=True):
        english.post(reverse("plan_list"))
    run = PlanningRun.objects.get()
    assert "Draft shortlists from this plan" in english.get(reverse("plan_detail", args=[run.pk])).content.decode()

    assert english.get(reverse("plan_shortlists", args=[run.pk])).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        response = english.post(reverse("plan_shortlists", args=[run.pk]))

    assert response.status_code == 302
    shortlist = Shortlist.objects.get(job_order=pool.order)
    # Only the proposal, not everyone eligible: Bayu was eligible but not proposed.
    assert [entry.participant.full_name for entry in shortlist.kept_entries()] == ["Ana Strong"]
    assert shortlist.is_draft
    _login(english, cast.company_officer)
    assert english.post(reverse("plan_shortlists", args=[run.pk])).status_code == 404


def test_a_published_list_is_not_replaced_by_a_plan(cast: Cast, japan: Japan, pool: Pool) -> None:
    candidate(cast, pool, japan, "Ana Strong", level=pool.n3)
    run = actions.start_planning(by=cast.ministry_officer, queue=False)
    actions.compute_plan(run_id=run.pk)
    draft = actions.run_shortlist(job_order_id=pool.order.pk, by=cast.ministry_officer)
    actions.publish_shortlist(shortlist_id=draft.pk, expected_version=draft.version, by=cast.ministry_officer)

    assert actions.draft_shortlists_from_plan(run_id=run.pk, by=cast.ministry_officer) == 0


def test_an_unfinished_run_is_not_turned_into_shortlists(cast: Cast) -> None:
    run = actions.start_planning(by=cast.ministry_officer, queue=False)
    with pytest.raises(actions.PlanNotDone):
        actions.draft_shortlists_from_plan(run_id=run.pk, by=cast.ministry_officer)


def test_ministry_officers_draft_every_open_orders_list_at_once(
    english: Client, cast: Cast, japan: Japan, pool: Pool, django_capture_on_commit_callbacks: Any
) -> None:
    candidate(cast, pool, japan, "Ana Strong")
    _login(english, cast.company_officer)
    assert english.post(reverse("draft_all_shortlists")).status_code == 404
    _login(english, cast.ministry_officer)
    assert english.get(reverse("draft_all_shortlists")).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        response = english.post(reverse("draft_all_shortlists"))
    assert response.status_code == 302
    assert Shortlist.objects.get().kept_entries().count() == 1
    assert "Ana Strong" in english.get(_shortlist_url(pool)).content.decode()


# --- publishing answers at its button -----------------------------------------

HTMX = {"HX-Request": "true"}


def _draft(client: Client, cast: Cast, japan: Japan, pool: Pool) -> tuple[Shortlist, Participant]:
    ana = candidate(cast, pool, japan, "Ana Strong")
    _login(client, cast.ministry_officer).post(reverse("run_shortlist", args=[pool.order.pk]))
    return Shortlist.objects.get(job_order=pool.order), ana


def test_publishing_asks_first_and_publishes_once_confirmed(
    english: Client, cast: Cast, japan: Japan, pool: Pool
) -> None:
    shortlist, ana = _draft(english, cast, japan, pool)
    publish = reverse("publish_shortlist", args=[pool.order.pk])

    for response in (
        english.post(publish, {"version": shortlist.version}, headers=HTMX),
        english.post(publish, {"version": shortlist.version}),
    ):
        assert response.status_code == 200
        page = response.content.decode()
        assert "Publish this shortlist? The company and its supervising organization will see the limited" in page
        assert "its 1 candidate, who becomes “shortlisted”" in page
        assert '<input type="hidden" name="confirmed" value="true">' in page
        shortlist.refresh_from_db()
        assert shortlist.status == ShortlistStatus.DRAFT
    assert (
        english.post(publish, {"version": shortlist.version}, headers=HTMX)
        .content.decode()
        .lstrip()
        .startswith('<section class="card" id="publish"')
    )

    response = english.post(publish, {"version": shortlist.version, "confirmed": "true"}, headers=HTMX)

    assert response["HX-Redirect"] == _shortlist_url(pool)
    shortlist.refresh_from_db()
    assert shortlist.status == ShortlistStatus.PUBLISHED
    assert Participant.objects.get(pk=ana.pk).status == Status.SHORTLISTED


def test_the_publish_button_says_what_it_does(english: Client, cast: Cast, japan: Japan, pool: Pool) -> None:
    _draft(english, cast, japan, pool)
    page = english.get(_shortlist_url(pool)).content.decode()
    publish = page[page.index('id="publish"') :]
    assert f'action="{reverse("publish_shortlist", args=[pool.order.pk])}#publish"' in publish
    assert ">Publish</button>" in publish


def test_a_refused_publication_answers_at_the_publish_button(
    english: Client, cast: Cast, japan: Japan, pool: Pool
) -> None:
    shortlist, ana = _draft(english, cast, japan, pool)
    walk(ana, [Status.WITHDRAWN], cast.lpk_officer)  # left the pool after the draft
    sent = {"version": shortlist.version, "confirmed": "true"}

    in_place = english.post(reverse("publish_shortlist", args=[pool.order.pk]), sent, headers=HTMX)
    on_page = english.post(reverse("publish_shortlist", args=[pool.order.pk]), sent)

    assert in_place.status_code == 422
    section = in_place.content.decode()
    assert "<html" not in section
    refusal = section.index("No longer free to be shortlisted: Ana Strong.")
    assert section.index('id="publish"') < refusal < section.index(">Publish</button>")
    assert 'role="alert" id="publish-error" tabindex="-1" autofocus' in section
    assert on_page.status_code == 400
    page = on_page.content.decode()
    assert "<html" in page
    assert f'action="{reverse("publish_shortlist", args=[pool.order.pk])}#publish"' in page
    assert "No longer free to be shortlisted: Ana Strong." in page[page.index('id="publish"') :]
    shortlist.refresh_from_db()
    assert shortlist.status == ShortlistStatus.DRAFT


def test_a_list_changed_meanwhile_is_not_published_from_the_old_one(
    english: Client, cast: Cast, japan: Japan, pool: Pool
) -> None:
    shortlist, _ = _draft(english, cast, japan, pool)
    old_version = shortlist.version
    candidate(cast, pool, japan, "Bayu Fits")
    english.post(reverse("run_shortlist", args=[pool.order.pk]))  # someone ran it again: a new version

    response = english.post(
        reverse("publish_shortlist", args=[pool.order.pk]), {"version": old_version, "confirmed": "true"}, headers=HTMX
    )

    assert response.status_code == 422
    section = response.content.decode()
    assert "Someone changed this shortlist in the meantime." in section
    # The list on the page is still the old one: publishing again needs a fresh look at it.
    assert f'<input type="hidden" name="version" value="{old_version}">' in section
    shortlist.refresh_from_db()
    assert shortlist.status == ShortlistStatus.DRAFT


def test_an_incomplete_publication_is_refused_in_place(english: Client, cast: Cast, japan: Japan, pool: Pool) -> None:
    _draft(english, cast, japan, pool)

    response = english.post(reverse("publish_shortlist", args=[pool.order.pk]), {}, headers=HTMX)

    assert response.status_code == 422
    assert "The form was incomplete. Review the list, then publish again." in response.content.decode()


def test_a_stage_iii_orders_page_says_whom_it_can_match(english: Client, cast: Cast, japan: Japan, pool: Pool) -> None:
    JobOrder.objects.filter(pk=pool.order.pk).update(titp_stage=3)
    client = _login(english, cast.ministry_officer)

    page = client.get(_shortlist_url(pool)).content.decode()

    assert "stage iii takes only returnees who completed stage ii." in page


def test_a_stage_i_orders_page_needs_no_such_note(english: Client, cast: Cast, japan: Japan, pool: Pool) -> None:
    client = _login(english, cast.ministry_officer)

    # Not "returnees" alone: the menu links the list of returnees for the ministry.
    assert "stage iii takes only returnees" not in client.get(_shortlist_url(pool)).content.decode()


def _own_login(participant: Participant) -> User:
    user = User.objects.create_user(username=f"p{participant.pk}", password="correct-horse-battery-staple")
    participant.user = user
    participant.save(update_fields=["user"])
    return user


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        # 185,000 × 109.50 = 20,257,500, to the nearest thousand rupiah.
        ("id", ["¥185.000", "Rp\u00a020.258.000", "Rp\u00a0109,50, 1 Juni 2026"]),
        ("en", ["¥185,000 a month", "≈ Rp\u00a020,258,000 (rate 1 JPY = Rp\u00a0109.50, 1 June 2026)"]),
    ],
)
def test_a_worker_reads_each_jobs_wage_in_yen_with_the_rupiah_it_is_worth(
    cast: Cast, japan: Japan, pool: Pool, language: str, shown: list[str]
) -> None:
    ana = candidate(cast, pool, japan, "Ana Strong")
    ExchangeRate.objects.create(
        effective_from=TODAY, idr_per_jpy=Decimal("109.50"), source="JISDOR", set_by=cast.ministry_admin
    )
    client = Client()
    client.cookies["django_language"] = language

    page = _login(client, _own_login(ana)).get(reverse("participant_matches", args=[ana.pk])).content.decode()

    assert pool.order.title in page
    for text in shown:
        assert text in page


def test_a_worker_reads_no_rupiah_before_the_ministry_sets_a_rate(
    client: Client, cast: Cast, japan: Japan, pool: Pool
) -> None:
    ana = candidate(cast, pool, japan, "Ana Strong")
    ExchangeRate.objects.create(
        effective_from=TODAY + datetime.timedelta(days=1),
        idr_per_jpy=Decimal("109.50"),
        source="JISDOR",
        set_by=cast.ministry_admin,
    )

    page = _login(client, _own_login(ana)).get(reverse("participant_matches", args=[ana.pk])).content.decode()

    assert "¥185.000" in page
    assert not RUPIAH_FIGURE.search(page)
