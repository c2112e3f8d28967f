"""Résumé downloads through the test client (placements.views.resumes): who
gets which résumé, the audit row each download writes, and a whole
shortlist's résumés in one PDF, one page group per candidate."""

from __future__ import annotations

import datetime
import zoneinfo
from pathlib import Path

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from audit.models import AuditAction, AuditEntry
from joborders.tests.world import Japan
from lib.tests import pdfs
from matching import actions as matching_actions
from matching.models import Shortlist
from matching.tests.pool import Pool, build_pool
from participants.models import Participant
from placements.models import Placement, PlacementStatus
from placements.tests.resume_world import draft_shortlist, published_shortlist
from tests.cast import Cast

JAPAN_SIDE = ["company_officer", "supervising_officer"]
JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")
NOBODY = ["outsider", "blk_officer", "embassy_officer", "participant_user", "association_officer", "prefecture_officer"]


@pytest.fixture
def pool(cast: Cast, japan: Japan, media: Path) -> Pool:
    return build_pool(cast, japan)


def _resume(client: Client, user: object, participant: Participant) -> int:
    client.force_login(user)  # type: ignore[arg-type]
    return client.get(reverse("participant_resume", args=[participant.pk])).status_code


def _whole(client: Client, user: object, pool: Pool) -> int:
    client.force_login(user)  # type: ignore[arg-type]
    return client.get(reverse("shortlist_resumes", args=[pool.order.pk])).status_code


def _text(response: object) -> str:
    return "".join(pdfs.text(response.content).split())  # type: ignore[attr-defined]


@pytest.mark.parametrize("persona", JAPAN_SIDE)
def test_the_japanese_side_downloads_a_published_candidates_resume(
    client: Client, cast: Cast, japan: Japan, pool: Pool, persona: str
) -> None:
    _, (ana,) = published_shortlist(cast, japan, pool, "Ana Strong")
    client.force_login(getattr(cast, persona))

    response = client.get(reverse("participant_resume", args=[ana.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="rirekisho-')
    text = _text(response)
    assert "AnaStrong" in text
    assert "ブディ・サントソ" in text  # the katakana the pool's candidates are registered with
    assert "日本語能力試験（JLPT）N4" in text
    assert ana.nik not in text


@pytest.mark.parametrize("persona", JAPAN_SIDE)
def test_the_japanese_side_gets_404_for_a_draft_shortlists_candidates(
    client: Client, cast: Cast, japan: Japan, pool: Pool, persona: str
) -> None:
    _, (ana,) = draft_shortlist(cast, japan, pool, "Ana Strong")

    assert _resume(client, getattr(cast, persona), ana) == 404
    assert _whole(client, getattr(cast, persona), pool) == 404
    assert _resume(client, cast.ministry_viewer, ana) == 200
    assert _whole(client, cast.ministry_officer, pool) == 200


def test_another_orders_company_gets_404(client: Client, cast: Cast, japan: Japan, pool: Pool) -> None:
    _, (ana,) = published_shortlist(cast, japan, pool, "Ana Strong")

    assert _resume(client, japan.other_company_officer, ana) == 404
    assert _whole(client, japan.other_company_officer, pool) == 404


def test_a_candidate_taken_off_the_list_is_not_the_japanese_sides(
    client: Client, cast: Cast, japan: Japan, pool: Pool
) -> None:
    shortlist, (ana, bayu) = draft_shortlist(cast, japan, pool, "Ana Strong", "Bayu Fits")
    entry = shortlist.entries.get(participant=bayu)
    matching_actions.exclude_entry(
        entry_id=entry.pk, reason="Declined", expected_version=shortlist.version, by=cast.ministry_officer
    )
    shortlist.refresh_from_db()
    matching_actions.publish_shortlist(
        shortlist_id=shortlist.pk, expected_version=shortlist.version, by=cast.ministry_officer
    )

    assert _resume(client, cast.company_officer, ana) == 200
    assert _resume(client, cast.company_officer, bayu) == 404
    client.force_login(cast.company_officer)
    text = _text(client.get(reverse("shortlist_resumes", args=[pool.order.pk])))
    assert "AnaStrong" in text
    assert "BayuFits" not in text


def test_the_company_keeps_the_resume_of_someone_placed_with_it(
    client: Client, cast: Cast, japan: Japan, pool: Pool
) -> None:
    placement = Placement.objects.create_for_order(
        participant=cast.siti, job_order=pool.order, starts_on=pool.order.start_date, created_by=cast.ministry_officer
    )

    assert _resume(client, cast.company_officer, cast.siti) == 200
    assert _resume(client, japan.other_company_officer, cast.siti) == 404

    placement.status = PlacementStatus.CANCELLED
    placement.save(update_fields=["status"])

    assert _resume(client, cast.company_officer, cast.siti) == 404


def test_an_lpk_downloads_its_own_candidates_resumes_only(client: Client, cast: Cast) -> None:
    assert _resume(client, cast.lpk_officer, cast.budi) == 200
    assert _resume(client, cast.lpk_viewer, cast.budi) == 200
    assert _resume(client, cast.lpk_officer, cast.siti) == 404
    assert _resume(client, cast.other_lpk_officer, cast.budi) == 404
    assert _resume(client, cast.other_lpk_officer, cast.siti) == 200


@pytest.mark.parametrize("persona", NOBODY)
def test_everyone_else_gets_404(client: Client, cast: Cast, japan: Japan, pool: Pool, persona: str) -> None:
    _, (ana,) = published_shortlist(cast, japan, pool, "Ana Strong")
    user = getattr(cast, persona)

    assert _resume(client, user, cast.budi) == 404
    assert _resume(client, user, ana) == 404
    assert _whole(client, user, pool) == 404


def test_the_lpk_cannot_download_a_whole_shortlist(client: Client, cast: Cast, japan: Japan, pool: Pool) -> None:
    published_shortlist(cast, japan, pool, "Ana Strong")  # Ana is lpk's own candidate

    assert _whole(client, cast.lpk_officer, pool) == 404


def test_a_download_needs_a_login_and_a_get(client: Client, cast: Cast) -> None:
    url = reverse("participant_resume", args=[cast.budi.pk])

    assert client.get(url)["Location"].startswith("/accounts/login/")
    client.force_login(cast.lpk_officer)
    assert client.post(url).status_code == 405


def test_each_download_writes_an_audit_row(client: Client, cast: Cast) -> None:
    client.force_login(cast.lpk_officer)
    client.get(reverse("participant_resume", args=[cast.budi.pk]))

    (row,) = AuditEntry.objects.for_object(cast.budi).filter(action=AuditAction.VIEWED_SENSITIVE)
    assert row.actor == cast.lpk_officer
    assert row.changes == {"resume": {"format": "pdf"}}


def test_a_refused_download_writes_no_audit_row(client: Client, cast: Cast) -> None:
    client.force_login(cast.other_lpk_officer)
    client.get(reverse("participant_resume", args=[cast.budi.pk]))

    assert not AuditEntry.objects.for_object(cast.budi).filter(action=AuditAction.VIEWED_SENSITIVE).exists()


def test_a_whole_shortlist_is_one_page_group_per_candidate_in_rank_order(
    client: Client, cast: Cast, japan: Japan, pool: Pool
) -> None:
    shortlist, _ = published_shortlist(cast, japan, pool, "Ana Strong", "Bayu Fits", "Citra Dewi")
    ranked = [entry.participant.full_name for entry in shortlist.entries.select_related("participant").order_by("rank")]
    client.force_login(cast.supervising_officer)

    response = client.get(reverse("shortlist_resumes", args=[pool.order.pk]))

    assert response.status_code == 200
    bookmarks = pdfs.outline(response.content)
    assert [title for title, _ in bookmarks] == ranked
    pages = pdfs.page_texts(response.content)
    starts = [page for _, page in bookmarks]
    assert starts[0] == 0
    assert starts == sorted(set(starts))  # each candidate starts on a page of their own
    for index, name in enumerate(ranked):
        group = "".join(pages[starts[index] : starts[index + 1] if index + 1 < len(starts) else len(pages)])
        assert name in group
        assert not [other for other in ranked if other != name and other in group]


def test_a_whole_shortlist_download_writes_an_audit_row_per_candidate(
    client: Client, cast: Cast, japan: Japan, pool: Pool
) -> None:
    shortlist, people = published_shortlist(cast, japan, pool, "Ana Strong", "Bayu Fits")
    client.force_login(cast.company_officer)

    client.get(reverse("shortlist_resumes", args=[pool.order.pk]))

    rows = AuditEntry.objects.filter(action=AuditAction.VIEWED_SENSITIVE, target_type="participants.participant")
    assert sorted(int(row.target_id) for row in rows) == sorted(p.pk for p in people)
    for row in rows:
        assert row.actor == cast.company_officer
        assert row.changes == {"resume": {"format": "pdf", "shortlist": shortlist.pk, "job_order": pool.order.pk}}


def test_a_closed_shortlist_has_no_whole_download(client: Client, cast: Cast, japan: Japan, pool: Pool) -> None:
    shortlist, _ = published_shortlist(cast, japan, pool, "Ana Strong")
    Shortlist.objects.filter(pk=shortlist.pk).update(status="closed")

    assert _whole(client, cast.company_officer, pool) == 404
    assert _whole(client, cast.ministry_officer, pool) == 404


@pytest.mark.parametrize(
    ("jakarta", "age"),
    [
        # budi was born on 2002-05-17. At 21:59 in Jakarta it is still the 16th in Japan.
        (datetime.datetime(2026, 5, 16, 21, 59, tzinfo=JAKARTA), 23),
        # At 22:30 in Jakarta it is already the 17th in Japan, where the résumé is read.
        (datetime.datetime(2026, 5, 16, 22, 30, tzinfo=JAKARTA), 24),
    ],
)
def test_it_counts_the_age_on_the_day_in_japan(
    client: Client, cast: Cast, jakarta: datetime.datetime, age: int
) -> None:
    client.force_login(cast.lpk_officer)
    with time_machine.travel(jakarta, tick=False):
        response = client.get(reverse("participant_resume", args=[cast.budi.pk]))

    assert f"満{age}歳" in _text(response)


def test_the_shortlist_page_links_each_resume_and_the_whole_list(
    client: Client, cast: Cast, japan: Japan, pool: Pool
) -> None:
    _, (ana,) = published_shortlist(cast, japan, pool, "Ana Strong")
    client.force_login(cast.company_officer)

    page = client.get(reverse("job_order_shortlist", args=[pool.order.pk])).content.decode()

    assert reverse("participant_resume", args=[ana.pk]) in page
    assert reverse("shortlist_resumes", args=[pool.order.pk]) in page


def test_the_participant_page_links_the_resume_for_those_who_may_download_it(client: Client, cast: Cast) -> None:
    url = reverse("participant_resume", args=[cast.budi.pk])
    client.force_login(cast.lpk_officer)
    assert url in client.get(reverse("participant_detail", args=[cast.budi.pk])).content.decode()
    client.force_login(cast.blk_officer)
    assert url not in client.get(reverse("participant_detail", args=[cast.budi.pk])).content.decode()
