"""Issuing, revoking and checking personal API tokens. The token pages and
the API's authentication call these; nothing else writes a token row."""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import secrets

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import access
from accounts.models import User
from api.models import ApiToken
from audit import actions as audit
from audit.models import AuditAction

# Tells a Jembatan token apart in a configuration file or a leaked-secret scan.
SECRET_PREFIX = "jbt_"  # noqa: S105 - a label in front of the secret, not a secret
# Characters of the secret kept in the clear to tell tokens apart: the prefix and 8 more.
SHOWN_CHARACTERS = len(SECRET_PREFIX) + 8
# How stale "last used" may be: one write a minute at most, whatever the traffic.
LAST_USED_GRANULARITY = datetime.timedelta(minutes=1)


class TokenRefused(Exception):
    """A token that cannot be issued; ``field`` names the form field it is about."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


@dataclasses.dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    # The whole secret: shown to its holder once, then gone (only its hash is kept).
    secret: str


def hash_of(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def issue_token(*, user: User, name: str, expires_on: datetime.date | None, by: User) -> IssuedToken:
    if not access.may_hold_api_tokens(user):
        raise TokenRefused(_("Participants' accounts cannot hold API tokens."))
    if expires_on is not None and expires_on < timezone.localdate():
        raise TokenRefused(_("The last day cannot be in the past."), field="expires_on")
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name.strip(),
        prefix=secret[:SHOWN_CHARACTERS],
        secret_sha256=hash_of(secret),
        expires_on=expires_on,
    )
    changes = {"name": [None, token.name], "prefix": [None, token.prefix]}
    if expires_on is not None:
        changes["expires_on"] = [None, expires_on.isoformat()]
    audit.record(actor=by, action=AuditAction.CREATED, target=token, changes=changes)
    return IssuedToken(token=token, secret=secret)


@transaction.atomic
def revoke_token(*, token_id: int, by: User) -> ApiToken:
    """Revoke a token for good; revoking a revoked token changes nothing."""
    # The lock makes two revocations queue, so that only one writes the audit row.
    token = ApiToken.objects.select_for_update().get(pk=token_id)
    if token.revoked_at is not None:
        return token
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit.record(
        actor=by,
        action=AuditAction.UPDATED,
        target=token,
        changes={"revoked_at": [None, token.revoked_at.isoformat()]},
    )
    return token


def token_for_secret(secret: str, *, now: datetime.datetime) -> ApiToken | None:
    """The usable token a secret belongs to, with its holder; None for an
    unknown, revoked or expired one, or one whose holder may no longer hold it.
    The secret is found by its hash in the index: no secret is ever compared."""
    if not secret.startswith(SECRET_PREFIX):
        return None
    today = timezone.localdate(now)
    token = ApiToken.objects.select_related("user").filter(secret_sha256=hash_of(secret)).first()
    if token is None or not token.is_usable_on(today) or not token.user.is_active:
        return None
    if not access.may_hold_api_tokens(token.user):
        return None
    return token


def note_use(token: ApiToken, *, now: datetime.datetime) -> None:
    """Record that the token was used, at most once a minute. A conditional
    update: of two requests in the same minute only one writes."""
    if token.last_used_at is not None and now - token.last_used_at < LAST_USED_GRANULARITY:
        return
    stale = Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_GRANULARITY)
    if ApiToken.objects.filter(stale, pk=token.pk).update(last_used_at=now):
        token.last_used_at = now
