"""``Authorization: Bearer <token>``: the only way into the API. Sessions are
not accepted, so a browser's cookie can never make an API call (no CSRF)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from accounts.models import User
from api import actions
from api.models import ApiToken

KEYWORD = "Bearer"


class BearerTokenAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request: Request) -> tuple[User, ApiToken] | None:
        header = authentication.get_authorization_header(request).decode("latin-1")
        if not header:
            return None
        keyword, _space, secret = header.partition(" ")
        if keyword != KEYWORD or not secret.strip() or " " in secret.strip():
            raise exceptions.AuthenticationFailed(_("Send the token as: Authorization: Bearer <token>."))
        now = timezone.now()
        token = actions.token_for_secret(secret.strip(), now=now)
        if token is None:
            # One answer for unknown, revoked and expired tokens and for a
            # holder no longer allowed one: the caller learns nothing more.
            raise exceptions.AuthenticationFailed(_("This token is not valid, or no longer."))
        actions.note_use(token, now=now)
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        # Makes DRF answer 401 (not 403) when the token is missing or wrong.
        return f'{KEYWORD} realm="api"'
