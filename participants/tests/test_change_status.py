"""The lifecycle: every edge of ALLOWED_TRANSITIONS is taken, every other edge
is refused, and each change leaves a history row and an audit row."""

from __future__ import annotations

from collections import deque

import pytest
from django.utils import timezone

from accounts.models import User
from audit.models import AuditAction, AuditEntry
from participants import actions, readiness
from participants.models import ALLOWED_TRANSITIONS, REASON_REQUIRED, Participant, Status, moved_by_placements
from tests.cast import Cast, walk


def _path_to(target: Status) -> list[Status]:
    """The shortest way from registered to ``target`` along allowed edges."""
    paths: dict[Status, list[Status]] = {Status.REGISTERED: []}
    queue = deque([Status.REGISTERED])
    while queue:
        current = queue.popleft()
        for following in sorted(ALLOWED_TRANSITIONS[current]):
            if following not in paths:
                paths[following] = [*paths[current], following]
                queue.append(following)
    return paths[target]


EDGES = [(a, b) for a in Status for b in Status]
ALLOWED = [(a, b) for a, b in EDGES if b in ALLOWED_TRANSITIONS[a]]
FORBIDDEN = [(a, b) for a, b in EDGES if b not in ALLOWED_TRANSITIONS[a]]


def _participant_in(status: Status, cast: Cast) -> Participant:
    return walk(cast.budi, _path_to(status), cast.lpk_officer)


def test_it_can_reach_every_status_from_registration() -> None:
    for status in Status:
        assert _path_to(status) is not None


@pytest.mark.parametrize(("current", "wanted"), ALLOWED, ids=[f"{a}->{b}" for a, b in ALLOWED])
def test_it_takes_an_allowed_edge(cast: Cast, current: Status, wanted: Status) -> None:
    participant = _participant_in(current, cast)
    # The edges, not the readiness gate (tested in test_readiness_gate.py).
    changed = actions.change_status(
        participant_id=participant.pk, to=wanted, by=cast.lpk_officer, reason="because", replay=True
    )
    assert changed.status == wanted
    last = changed.history.first()
    assert last is not None
    assert (last.from_status, last.to_status, last.changed_by) == (current, wanted, cast.lpk_officer)
    entry = AuditEntry.objects.for_object(changed).filter(action=AuditAction.STATUS_CHANGED).first()
    assert entry is not None
    assert entry.changes["status"] == [current, wanted]


@pytest.mark.parametrize(("current", "wanted"), FORBIDDEN, ids=[f"{a}->{b}" for a, b in FORBIDDEN])
def test_it_refuses_a_forbidden_edge(cast: Cast, current: Status, wanted: Status) -> None:
    participant = _participant_in(current, cast)
    history_before = participant.history.count()
    with pytest.raises(actions.TransitionNotAllowed):
        actions.change_status(participant_id=participant.pk, to=wanted, by=cast.lpk_officer, reason="because")
    participant.refresh_from_db()
    assert participant.status == current
    assert participant.history.count() == history_before


@pytest.mark.parametrize("wanted", sorted(REASON_REQUIRED & ALLOWED_TRANSITIONS[Status.REGISTERED]))
def test_it_requires_a_reason_to_end_a_path(cast: Cast, wanted: Status) -> None:
    with pytest.raises(actions.ReasonRequired):
        actions.change_status(participant_id=cast.budi.pk, to=wanted, by=cast.lpk_officer, reason="  ")
    cast.budi.refresh_from_db()
    assert cast.budi.status == Status.REGISTERED


def test_it_checks_the_edge_against_the_stored_status_not_a_stale_copy(cast: Cast) -> None:
    stale = Participant.objects.get(pk=cast.budi.pk)
    actions.change_status(participant_id=cast.budi.pk, to=Status.WITHDRAWN, by=cast.lpk_officer, reason="moved away")
    assert stale.status == Status.REGISTERED
    with pytest.raises(actions.TransitionNotAllowed):
        actions.change_status(participant_id=stale.pk, to=Status.IN_TRAINING, by=cast.lpk_officer)


def test_it_shows_the_refusal_on_the_page_and_keeps_the_reason_typed(client, cast: Cast) -> None:
    client.force_login(cast.lpk_officer)
    response = client.post(f"/participants/{cast.budi.pk}/status/", {"to": Status.WITHDRAWN, "reason": ""})
    assert response.status_code == 400
    assert response.context["transition_form"].errors
    response = client.post(f"/participants/{cast.budi.pk}/status/", {"to": Status.PLACED, "reason": "typed"})
    assert response.status_code == 400
    assert response.context["transition_form"]["reason"].value() == "typed"


def test_it_shows_the_history_timeline_on_the_detail_page(client, cast: Cast) -> None:
    client.force_login(cast.ministry_viewer)
    response = client.get(f"/participants/{cast.siti.pk}/")
    changes = list(response.context["history"])
    assert [c.to_status for c in changes][:2] == [Status.PLACED, Status.DEPARTED]
    assert len(changes) == 8
    assert isinstance(changes[0].changed_by, User)


PLACEMENT_MOVES = [(a, b) for a, b in ALLOWED if moved_by_placements(current=a, to=b)]


@pytest.mark.parametrize(("current", "wanted"), PLACEMENT_MOVES, ids=[f"{a}->{b}" for a, b in PLACEMENT_MOVES])
def test_it_leaves_the_statuses_a_placement_holds_to_the_placements_actions(
    cast: Cast, current: Status, wanted: Status
) -> None:
    """Selected, pre-departure and departed follow the offer, the gate and the
    cohort; a bare status change would leave them out of step."""
    participant = _participant_in(current, cast)
    with pytest.raises(actions.MovedByPlacements):
        actions.change_status(participant_id=participant.pk, to=wanted, by=cast.ministry_officer, reason="because")
    participant.refresh_from_db()
    assert participant.status == current
    changed = actions.change_status(
        participant_id=participant.pk, to=wanted, by=cast.ministry_officer, reason="because", through_placements=True
    )
    assert changed.status == wanted


def test_it_does_not_offer_the_placements_moves_on_the_status_form(cast: Cast) -> None:
    shortlisted = _participant_in(Status.SHORTLISTED, cast)
    offered = actions.statuses_open_to(shortlisted, checklist=readiness.check(shortlisted, on=timezone.localdate()))
    assert Status.SELECTED not in offered
    assert Status.READY in offered
