"""The readiness checklist as the gate to "ready" (participants.actions.
change_status) and on the participant's page. The checklist's own rules are
tested in test_readiness.py; here: the gate refuses with what is missing,
lets a complete participant through, and never tells someone who may not
see health data what their health item says."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from participants import actions
from participants.models import HealthResult, Participant, Status
from participants.tests.records import days_from_today, document, health_check, language_result
from reference.models import DocumentKind, LanguageTest, SendingProgramme, Track
from tests.cast import Cast, walk
from training.models import Course, CourseKind, Enrolment, EnrolmentStatus, TrainingClass

pytestmark = pytest.mark.usefixtures("media")

Levels = dict[str, LanguageTest]


@pytest.fixture
def programme(language_levels: Levels) -> SendingProgramme:
    return SendingProgramme.objects.create(
        code="titp",
        name="Kemnaker TITP",
        track=Track.TITP,
        min_age=18,
        max_age=35,
        min_language_level=language_levels["JLPT-N4"],
        min_sending_organization_hours=160,
        passport_valid_months=18,
        required_documents=["identity_card", "passport", "photo"],
    )


def _choose_programme(participant: Participant, programme: SendingProgramme, cast: Cast) -> None:
    current = {name: getattr(participant, name) for name in actions.DETAIL_FIELDS}
    details = dataclasses.replace(actions.ParticipantDetails(**current), sending_programme=programme)
    actions.update_participant(
        participant_id=participant.pk, details=details, expected_version=participant.version, by=cast.lpk_officer
    )


def _complete_course(participant: Participant, provider_kind: CourseKind, cast: Cast, *, hours: int) -> None:
    provider = cast.blk if provider_kind == CourseKind.SKILL else cast.lpk
    course = Course.objects.create(
        provider=provider, kind=provider_kind, code=f"c-{provider_kind}", name=f"{provider_kind}", hours=hours
    )
    training_class = TrainingClass.objects.create(
        course=course, code=f"k-{provider_kind}", starts_on=days_from_today(-200), ends_on=days_from_today(-60)
    )
    Enrolment.objects.create(
        training_class=training_class,
        participant=participant,
        status=EnrolmentStatus.COMPLETED,
        completed_on=days_from_today(-60),
        final_score=Decimal(85),
        credited_hours=hours,
    )


def _verified(participant: Participant, kind: DocumentKind, cast: Cast, **fields: object) -> None:
    stored = document(participant, kind, cast.lpk_officer, **fields)  # type: ignore[arg-type]
    actions.verify_document(document_id=stored.pk, by=cast.lpk_officer)


@pytest.fixture
def budi_complete(cast: Cast, programme: SendingProgramme, language_levels: Levels) -> Participant:
    """Budi in training with everything the programme asks for, built through
    the actions (and the training models, whose actions are another app's)."""
    budi = walk(cast.budi, [Status.IN_TRAINING], cast.blk_officer)
    _choose_programme(budi, programme, cast)
    _complete_course(budi, CourseKind.SKILL, cast, hours=480)
    _complete_course(budi, CourseKind.LANGUAGE, cast, hours=160)
    language_result(budi, language_levels["JLPT-N4"], cast.lpk_officer)
    health_check(budi, cast.lpk_officer)
    _verified(budi, DocumentKind.IDENTITY_CARD, cast)
    _verified(budi, DocumentKind.PHOTO, cast)
    _verified(budi, DocumentKind.PASSPORT, cast, number="C1234567", expires_on=days_from_today(5 * 365))
    return budi


def test_a_complete_participant_becomes_ready(cast: Cast, budi_complete: Participant) -> None:
    changed = actions.change_status(participant_id=budi_complete.pk, to=Status.READY, by=cast.lpk_officer)
    assert changed.status == Status.READY


def test_an_incomplete_participant_is_refused_with_what_is_missing(cast: Cast) -> None:
    budi = walk(cast.budi, [Status.IN_TRAINING], cast.blk_officer)
    history_before = budi.history.count()
    with pytest.raises(actions.NotReady) as refused:
        actions.change_status(participant_id=budi.pk, to=Status.READY, by=cast.lpk_officer)
    missing = [item.key for item in refused.value.missing]
    assert missing == ["programme", "skill_course", "sending_organization_hours", "health", "passport", "documents"]
    for item in refused.value.missing:
        assert str(item.label) in str(refused.value)
    budi.refresh_from_db()
    assert budi.status == Status.IN_TRAINING
    assert budi.history.count() == history_before


@pytest.mark.parametrize(
    ("spoil", "missing"),
    [
        (lambda budi, cast: health_check(budi, cast.lpk_officer, result=HealthResult.UNFIT), ["health"]),
        (lambda budi, cast: document(budi, DocumentKind.PHOTO, cast.lpk_officer), ["documents"]),
        (
            lambda budi, cast: _verified(
                budi, DocumentKind.PASSPORT, cast, number="C1", expires_on=days_from_today(17 * 31)
            ),
            ["passport"],
        ),
    ],
    ids=["latest-check-unfit", "photo-replaced-unverified", "passport-too-short"],
)
def test_one_lapse_is_enough_to_refuse(
    cast: Cast, budi_complete: Participant, spoil: Callable[[Participant, Cast], object], missing: list[str]
) -> None:
    spoil(budi_complete, cast)
    with pytest.raises(actions.NotReady) as refused:
        actions.change_status(participant_id=budi_complete.pk, to=Status.READY, by=cast.lpk_officer)
    assert [item.key for item in refused.value.missing] == missing


def test_a_returnee_entering_the_pool_again_passes_the_gate_too(cast: Cast) -> None:
    budi = walk(cast.budi, [Status.IN_TRAINING, Status.READY, Status.SHORTLISTED, Status.SELECTED], cast.lpk_officer)
    budi = walk(budi, [Status.PRE_DEPARTURE, Status.DEPARTED, Status.PLACED, Status.RETURNED], cast.lpk_officer)
    with pytest.raises(actions.NotReady):
        actions.change_status(participant_id=budi.pk, to=Status.READY, by=cast.lpk_officer)


@pytest.mark.parametrize("back_from", [Status.SHORTLISTED, Status.SELECTED, Status.PRE_DEPARTURE])
def test_a_plan_that_fell_through_returns_to_ready_without_the_gate(cast: Cast, back_from: Status) -> None:
    """They passed the gate once; refusing would strand them in a shortlist
    that no longer exists. The checklist shows what has lapsed since."""
    path = [Status.IN_TRAINING, Status.READY, Status.SHORTLISTED, Status.SELECTED, Status.PRE_DEPARTURE]
    budi = walk(cast.budi, path[: path.index(back_from) + 1], cast.lpk_officer)
    changed = actions.change_status(
        participant_id=budi.pk, to=Status.READY, by=cast.lpk_officer, through_placements=True
    )
    assert changed.status == Status.READY


def test_history_can_still_be_written_as_it_happened(cast: Cast) -> None:
    budi = walk(cast.budi, [Status.IN_TRAINING], cast.lpk_officer)
    changed = actions.change_status(participant_id=budi.pk, to=Status.READY, by=cast.lpk_officer, replay=True)
    assert changed.status == Status.READY


# --- through the page ---------------------------------------------------------


def test_the_page_refuses_with_the_missing_list(english: Client, cast: Cast) -> None:
    walk(cast.budi, [Status.IN_TRAINING], cast.lpk_officer)
    english.force_login(cast.lpk_officer)
    response = english.post(f"/participants/{cast.budi.pk}/status/", {"to": Status.READY, "reason": "typed"})
    assert response.status_code == 400
    # Next to the status asked for, not above the form.
    [message] = response.context["transition_form"].errors["to"]
    assert message.startswith("Not ready yet. Missing: Sending programme chosen;")
    assert "Medically fit" in message
    assert response.context["transition_form"]["reason"].value() == "typed"


def test_the_refusal_does_not_name_health_to_a_blk_officer(
    english: Client, cast: Cast, budi_complete: Participant
) -> None:
    health_check(budi_complete, cast.lpk_officer, result=HealthResult.UNFIT)
    english.force_login(cast.blk_officer)
    response = english.post(f"/participants/{budi_complete.pk}/status/", {"to": Status.READY})
    assert response.status_code == 400
    [message] = response.context["transition_form"].errors["to"]
    assert message == "Not ready yet: requirements not shown to you are not met."


def test_the_page_shows_the_checklist_with_met_and_missing_items(
    client: Client, cast: Cast, programme: SendingProgramme
) -> None:
    _choose_programme(cast.budi, programme, cast)
    client.force_login(cast.lpk_officer)
    checklist = client.get(f"/participants/{cast.budi.pk}/").context["checklist"]
    states = {row.label: row.state for row in checklist.rows}
    assert list(states.values())[:2] == ["met", "met"]
    assert "hidden" not in states.values()
    assert checklist.missing == 6
    assert all(row.detail for row in checklist.rows)


def test_the_health_item_is_not_shown_to_a_blk_officer(client: Client, cast: Cast) -> None:
    client.force_login(cast.blk_officer)
    response = client.get(f"/participants/{cast.budi.pk}/")
    checklist = response.context["checklist"]
    hidden = [row for row in checklist.rows if row.state == "hidden"]
    assert len(hidden) == 1
    assert hidden[0].detail == ""
    assert checklist.hides_some
    # Counted over what the officer is shown: the hidden item is not in the total.
    assert checklist.missing == sum(row.state == "missing" for row in checklist.rows)


def test_a_complete_checklist_says_so(client: Client, cast: Cast, budi_complete: Participant) -> None:
    client.force_login(cast.participant_user)
    checklist = client.get(f"/participants/{budi_complete.pk}/").context["checklist"]
    assert checklist.missing == 0
    assert {row.state for row in checklist.rows} == {"met"}


def _offered(client: Client, participant: Participant) -> list[str]:
    form = client.get(f"/participants/{participant.pk}/").context["transition_form"]
    return [value for value, _ in form.fields["to"].widget.choices]


def test_the_form_does_not_offer_ready_while_the_checklist_is_incomplete(english: Client, cast: Cast) -> None:
    walk(cast.budi, [Status.IN_TRAINING], cast.lpk_officer)
    english.force_login(cast.lpk_officer)

    assert _offered(english, cast.budi) == ["", Status.WITHDRAWN, Status.DISQUALIFIED]
    page = english.get(f"/participants/{cast.budi.pk}/").content.decode()
    assert '<option value="ready"' not in page
    assert "“Ready” is offered once the readiness checklist is complete." in page


def test_the_form_offers_ready_once_the_checklist_is_complete(
    english: Client, cast: Cast, budi_complete: Participant
) -> None:
    english.force_login(cast.lpk_officer)
    assert _offered(english, budi_complete) == ["", Status.READY, Status.WITHDRAWN, Status.DISQUALIFIED]


def test_the_form_uses_the_same_gate_as_the_action_for_whom_it_sees(
    client: Client, cast: Cast, budi_complete: Participant
) -> None:
    """Health the BLK officer may not see still decides what is offered."""
    health_check(budi_complete, cast.lpk_officer, result=HealthResult.UNFIT)
    client.force_login(cast.blk_officer)
    assert Status.READY not in _offered(client, budi_complete)


def test_the_form_offers_ready_back_from_a_shortlist(client: Client, cast: Cast) -> None:
    budi = walk(cast.budi, [Status.IN_TRAINING, Status.READY, Status.SHORTLISTED], cast.lpk_officer)
    client.force_login(cast.lpk_officer)
    assert Status.READY in _offered(client, budi)


@pytest.mark.parametrize("held", [Status.SELECTED, Status.PRE_DEPARTURE])
def test_the_form_offers_nothing_while_a_placement_holds_the_status(english: Client, cast: Cast, held: Status) -> None:
    path = [Status.IN_TRAINING, Status.READY, Status.SHORTLISTED, Status.SELECTED, Status.PRE_DEPARTURE]
    budi = walk(cast.budi, path[: path.index(held) + 1], cast.lpk_officer)
    english.force_login(cast.lpk_officer)
    assert _offered(english, budi) == [""]
    page = english.get(reverse("participant_detail", args=[budi.pk])).content.decode()
    assert '<select name="to"' not in page
    assert "the status follows the offer and the departure" in page


def test_a_returnee_is_offered_ready_only_through_the_gate(english: Client, cast: Cast) -> None:
    budi = walk(cast.budi, [Status.IN_TRAINING, Status.READY, Status.SHORTLISTED, Status.SELECTED], cast.lpk_officer)
    budi = walk(budi, [Status.PRE_DEPARTURE, Status.DEPARTED, Status.PLACED, Status.RETURNED], cast.lpk_officer)
    english.force_login(cast.lpk_officer)
    assert _offered(english, budi) == [""]
    # Nothing can succeed yet: no form to send, only what would open it.
    page = english.get(f"/participants/{budi.pk}/").content.decode()
    assert '<select name="to"' not in page
    assert "“Ready” is offered once the readiness checklist is complete." in page
