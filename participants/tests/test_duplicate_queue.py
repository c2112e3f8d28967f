"""The ministry's review queue of possible duplicates: both records side by
side, one decision each, nothing merged."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from audit.models import AuditEntry
from participants import duplicates
from participants.models import PossibleDuplicate, Review
from participants.tests.test_duplicates import twin_of_budi
from tests.cast import Cast

QUEUE = reverse("duplicate_queue")


@pytest.fixture
def flag(cast: Cast) -> PossibleDuplicate:
    twin = twin_of_budi(cast)
    duplicates.flag_possible_duplicates([twin.pk])
    return PossibleDuplicate.objects.get()


def review_url(flag: PossibleDuplicate) -> str:
    return reverse("duplicate_review", args=[flag.pk])


def decide(flag: PossibleDuplicate, decision: str, note: str = "") -> dict[str, str]:
    return {f"flag-{flag.pk}-decision": decision, f"flag-{flag.pk}-note": note}


def test_a_ministry_reviewer_sees_both_records_with_masked_niks(
    english: Client, cast: Cast, flag: PossibleDuplicate
) -> None:
    english.force_login(cast.ministry_officer)

    page = english.get(QUEUE).content.decode()

    assert "1 pair to review" in page
    assert cast.budi.masked_nik in page
    assert flag.participant.masked_nik in page
    assert cast.budi.nik not in page
    assert flag.participant.nik not in page
    assert reverse("participant_detail", args=[flag.participant.pk]) in page


@pytest.mark.parametrize(
    "who", ["ministry_viewer", "lpk_officer", "blk_officer", "association_officer", "participant_user", "outsider"]
)
def test_nobody_but_a_ministry_officer_has_the_queue(
    client: Client, cast: Cast, flag: PossibleDuplicate, who: str
) -> None:
    client.force_login(getattr(cast, who))

    assert client.get(QUEUE).status_code == 404
    assert client.post(review_url(flag), decide(flag, Review.SAME_PERSON)).status_code == 404
    flag.refresh_from_db()
    assert flag.review == Review.OPEN


def test_a_decision_settles_the_pair_and_is_audit_logged(client: Client, cast: Cast, flag: PossibleDuplicate) -> None:
    client.force_login(cast.ministry_officer)

    response = client.post(review_url(flag), decide(flag, Review.DIFFERENT_PEOPLE, "Twins; family card checked."))

    assert response.status_code == 302
    flag.refresh_from_db()
    assert (flag.review, flag.note, flag.reviewed_by) == (
        Review.DIFFERENT_PEOPLE,
        "Twins; family card checked.",
        cast.ministry_officer,
    )
    assert AuditEntry.objects.filter(actor=cast.ministry_officer, target_id=str(flag.participant_id)).exists()
    assert "pair to review" not in client.get(QUEUE).content.decode()


def test_a_decision_missing_comes_back_with_the_note_kept(english: Client, cast: Cast, flag: PossibleDuplicate) -> None:
    english.force_login(cast.ministry_officer)

    response = english.post(review_url(flag), decide(flag, "", "Called the LPK"))

    assert response.status_code == 400
    assert "Called the LPK" in response.content.decode()
    flag.refresh_from_db()
    assert flag.review == Review.OPEN


def test_a_pair_reviewed_meanwhile_is_not_reviewed_twice(english: Client, cast: Cast, flag: PossibleDuplicate) -> None:
    duplicates.review_possible_duplicate(
        flag_id=flag.pk, decision=Review.SAME_PERSON, note="Same photo", by=cast.ministry_admin
    )
    english.force_login(cast.ministry_officer)

    response = english.post(review_url(flag), decide(flag, Review.DIFFERENT_PEOPLE), follow=True)

    assert "no longer open for review" in response.content.decode()
    flag.refresh_from_db()
    assert (flag.review, flag.reviewed_by) == (Review.SAME_PERSON, cast.ministry_admin)


@pytest.mark.parametrize("who", ["ministry_viewer", "lpk_officer", "outsider"])
def test_an_outsider_learns_nothing_of_a_reviewed_or_missing_pair(
    client: Client, cast: Cast, flag: PossibleDuplicate, who: str
) -> None:
    duplicates.review_possible_duplicate(
        flag_id=flag.pk, decision=Review.SAME_PERSON, note="The same photo on both ID cards.", by=cast.ministry_admin
    )
    client.force_login(getattr(cast, who))

    assert client.post(review_url(flag), decide(flag, Review.DIFFERENT_PEOPLE)).status_code == 404
    missing = reverse("duplicate_review", args=[flag.pk + 1000])
    assert client.post(missing, decide(flag, Review.DIFFERENT_PEOPLE)).status_code == 404


def test_a_reviewer_gets_404_for_a_pair_that_never_existed(client: Client, cast: Cast, flag: PossibleDuplicate) -> None:
    client.force_login(cast.ministry_officer)

    assert client.post(reverse("duplicate_review", args=[flag.pk + 1000]), {}).status_code == 404


def test_the_overview_tells_a_reviewer_how_many_pairs_wait(
    english: Client, cast: Cast, flag: PossibleDuplicate
) -> None:
    english.force_login(cast.ministry_officer)

    assert "1 possible duplicate to judge." in english.get(reverse("home")).content.decode()


# --- the review answers in the pair's own row ------------------------------------

HTMX = {"HX-Request": "true"}


def test_no_judgement_is_chosen_before_the_reviewer_chooses(
    english: Client, cast: Cast, flag: PossibleDuplicate
) -> None:
    english.force_login(cast.ministry_officer)

    page = english.get(QUEUE).content.decode()

    radios = [part.split(">", 1)[0] for part in page.split('<input type="radio"')[1:]]
    assert len(radios) == 2
    assert not any("checked" in radio for radio in radios)
    assert "<select" not in page


def test_a_missing_decision_is_refused_at_the_decision(english: Client, cast: Cast, flag: PossibleDuplicate) -> None:
    english.force_login(cast.ministry_officer)

    response = english.post(review_url(flag), decide(flag, "", "Called the LPK"), headers=HTMX)

    assert response.status_code == 422
    row = response.content.decode()
    decision = row.index("<legend")
    assert "Choose: the same person or different people." in row[decision : row.index('type="radio"')]
    assert "Called the LPK</textarea>" in row


def test_same_person_without_a_note_is_refused_at_the_note(
    english: Client, cast: Cast, flag: PossibleDuplicate
) -> None:
    english.force_login(cast.ministry_officer)

    in_place = english.post(review_url(flag), decide(flag, Review.SAME_PERSON, "  "), headers=HTMX)
    on_page = english.post(review_url(flag), decide(flag, Review.SAME_PERSON, ""))

    assert in_place.status_code == 422
    row = in_place.content.decode()
    assert row.lstrip().startswith(f'<div class="review" id="review-{flag.pk}"')
    note = row.index(f'for="id_flag-{flag.pk}-note"')
    assert "Say what showed that they are the same person" in row[note:]
    assert "Say what showed" not in row[:note]
    assert "autofocus" in row[row.index("<textarea") : row.index("</textarea>")]
    assert on_page.status_code == 400
    page = on_page.content.decode()
    assert f'action="{review_url(flag)}#review-{flag.pk}"' in page
    assert on_page.context["rows"][0][1].errors == {
        "note": ["Say what showed that they are the same person, e.g. the photo or the family card."]
    }
    flag.refresh_from_db()
    assert flag.review == Review.OPEN


def test_same_person_is_confirmed_first(english: Client, cast: Cast, flag: PossibleDuplicate) -> None:
    english.force_login(cast.ministry_officer)
    sent = decide(flag, Review.SAME_PERSON, "Same photo on both KTPs")

    for response in (english.post(review_url(flag), sent, headers=HTMX), english.post(review_url(flag), sent)):
        assert response.status_code == 200
        page = response.content.decode()
        assert "Close this pair as the same person? It cannot be reopened." in page
        assert f'<input type="hidden" name="flag-{flag.pk}-confirmed" value="true">' in page
        assert f'<input type="hidden" name="flag-{flag.pk}-note" value="Same photo on both KTPs">' in page
        flag.refresh_from_db()
        assert flag.review == Review.OPEN

    response = english.post(review_url(flag), {**sent, f"flag-{flag.pk}-confirmed": "true"})

    assert response.status_code == 302
    assert response["Location"] == f"{QUEUE}#top"
    flag.refresh_from_db()
    assert (flag.review, flag.note) == (Review.SAME_PERSON, "Same photo on both KTPs")


def test_different_people_need_no_confirmation(english: Client, cast: Cast, flag: PossibleDuplicate) -> None:
    english.force_login(cast.ministry_officer)

    response = english.post(review_url(flag), decide(flag, Review.DIFFERENT_PEOPLE), headers=HTMX)

    assert response["HX-Redirect"] == QUEUE
    flag.refresh_from_db()
    assert flag.review == Review.DIFFERENT_PEOPLE


def test_a_pair_reviewed_meanwhile_reloads_the_queue_in_place(
    english: Client, cast: Cast, flag: PossibleDuplicate
) -> None:
    duplicates.review_possible_duplicate(
        flag_id=flag.pk, decision=Review.DIFFERENT_PEOPLE, note="", by=cast.ministry_admin
    )
    english.force_login(cast.ministry_officer)

    response = english.post(review_url(flag), decide(flag, Review.DIFFERENT_PEOPLE), headers=HTMX)

    assert response["HX-Redirect"] == QUEUE
    assert "no longer open for review" in english.get(QUEUE).content.decode()
