"""Issuing, revoking and checking tokens: only the hash is kept, the secret
is given once, and a revoked or expired token, or one whose holder may no
longer hold it, opens nothing."""

from __future__ import annotations

import datetime
import hashlib

import pytest
import time_machine
from django.utils import timezone

from api import actions
from api.models import ApiToken
from audit.models import AuditAction, AuditEntry
from tests.cast import Cast

NOW = datetime.datetime(2026, 12, 6, 9, 0, tzinfo=datetime.UTC)


def test_it_keeps_only_the_hash_of_the_secret(cast: Cast) -> None:
    issued = actions.issue_token(user=cast.lpk_officer, name="SIAKAD", expires_on=None, by=cast.lpk_officer)
    stored = ApiToken.objects.get(pk=issued.token.pk)
    assert stored.secret_sha256 == hashlib.sha256(issued.secret.encode()).hexdigest()
    assert issued.secret not in {value for value in vars(stored).values() if isinstance(value, str)}
    assert issued.secret.startswith(stored.prefix)
    assert len(stored.prefix) == actions.SHOWN_CHARACTERS < len(issued.secret)


def test_it_gives_each_token_its_own_secret(cast: Cast) -> None:
    secrets = {
        actions.issue_token(user=cast.lpk_officer, name=f"t{i}", expires_on=None, by=cast.lpk_officer).secret
        for i in range(5)
    }
    assert len(secrets) == 5


def test_it_audits_issuing_and_revoking(cast: Cast) -> None:
    issued = actions.issue_token(user=cast.lpk_officer, name="SIAKAD", expires_on=None, by=cast.lpk_officer)
    actions.revoke_token(token_id=issued.token.pk, by=cast.lpk_officer)
    actions.revoke_token(token_id=issued.token.pk, by=cast.lpk_officer)  # a second time changes nothing
    entries = AuditEntry.objects.for_object(issued.token).order_by("pk")
    assert [entry.action for entry in entries] == [AuditAction.CREATED, AuditAction.UPDATED]
    assert issued.secret not in str([entry.changes for entry in entries])


@pytest.mark.parametrize("persona", ["participant_user", "outsider"])
def test_it_refuses_a_token_to_whoever_may_not_hold_one(cast: Cast, persona: str) -> None:
    user = getattr(cast, persona)
    with pytest.raises(actions.TokenRefused):
        actions.issue_token(user=user, name="phone", expires_on=None, by=user)
    assert not ApiToken.objects.exists()


def test_it_refuses_a_last_day_in_the_past(cast: Cast) -> None:
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    with pytest.raises(actions.TokenRefused) as refused:
        actions.issue_token(user=cast.lpk_officer, name="x", expires_on=yesterday, by=cast.lpk_officer)
    assert refused.value.field == "expires_on"


def test_it_finds_a_usable_token_by_its_secret_only(cast: Cast) -> None:
    issued = actions.issue_token(user=cast.lpk_officer, name="x", expires_on=None, by=cast.lpk_officer)
    now = timezone.now()
    assert actions.token_for_secret(issued.secret, now=now) == issued.token
    changed = issued.secret[:-1] + ("B" if issued.secret.endswith("A") else "A")
    assert actions.token_for_secret(changed, now=now) is None
    assert actions.token_for_secret(issued.secret.removeprefix(actions.SECRET_PREFIX), now=now) is None
    assert actions.token_for_secret(issued.token.secret_sha256, now=now) is None


def test_it_refuses_a_revoked_token(cast: Cast) -> None:
    issued = actions.issue_token(user=cast.lpk_officer, name="x", expires_on=None, by=cast.lpk_officer)
    actions.revoke_token(token_id=issued.token.pk, by=cast.lpk_officer)
    assert actions.token_for_secret(issued.secret, now=timezone.now()) is None


def test_it_accepts_a_token_through_its_last_day_and_not_after(cast: Cast) -> None:
    with time_machine.travel(NOW, tick=False):
        last_day = timezone.localdate()
        issued = actions.issue_token(user=cast.lpk_officer, name="x", expires_on=last_day, by=cast.lpk_officer)
        assert actions.token_for_secret(issued.secret, now=timezone.now()) is not None
    with time_machine.travel(NOW + datetime.timedelta(days=1), tick=False):
        assert actions.token_for_secret(issued.secret, now=timezone.now()) is None


def test_it_refuses_the_token_of_a_deactivated_user(cast: Cast) -> None:
    issued = actions.issue_token(user=cast.lpk_officer, name="x", expires_on=None, by=cast.lpk_officer)
    cast.lpk_officer.is_active = False
    cast.lpk_officer.save(update_fields=["is_active"])
    assert actions.token_for_secret(issued.secret, now=timezone.now()) is None


def test_it_refuses_the_token_of_a_holder_who_became_a_participant(cast: Cast) -> None:
    """A staff member later registered as a participant: their token stops, it would open their own record."""
    issued = actions.issue_token(user=cast.lpk_officer, name="x", expires_on=None, by=cast.lpk_officer)
    cast.siti.user = cast.lpk_officer
    cast.siti.save(update_fields=["user"])
    assert actions.token_for_secret(issued.secret, now=timezone.now()) is None


def test_it_notes_the_last_use_at_most_once_a_minute(cast: Cast) -> None:
    token = actions.issue_token(user=cast.lpk_officer, name="x", expires_on=None, by=cast.lpk_officer).token
    actions.note_use(token, now=NOW)
    actions.note_use(ApiToken.objects.get(pk=token.pk), now=NOW + datetime.timedelta(seconds=59))
    assert ApiToken.objects.get(pk=token.pk).last_used_at == NOW
    later = NOW + datetime.timedelta(seconds=61)
    actions.note_use(ApiToken.objects.get(pk=token.pk), now=later)
    assert ApiToken.objects.get(pk=token.pk).last_used_at == later
