"""API tokens: who may hold one, and whose tokens a user manages.

| who                                  | tokens                                  |
|--------------------------------------|-----------------------------------------|
| staff of an active organization      | their own: create, list, revoke         |
| participant (worker), even one who   | none: a worker's system has no business |
| also holds a staff membership        | calling the API as them, and a token    |
|                                      | that leaks from a phone would open      |
|                                      | their record and their grievances       |
| anyone without a membership          | none (the API would show them nothing)  |

A token acts with exactly its holder's scope, through the same functions as
the pages; nobody manages another person's tokens.
"""

from __future__ import annotations

from django.http import Http404

from accounts.access.memberships import memberships_of
from accounts.access.participants import own_participant_record
from accounts.models import User
from api.models import ApiToken, ApiTokenQuerySet


def may_hold_api_tokens(user: User) -> bool:
    return bool(memberships_of(user)) and own_participant_record(user) is None


def api_tokens_of(user: User) -> ApiTokenQuerySet:
    if not may_hold_api_tokens(user):
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user=user)


def api_token_for_user(user: User, pk: int) -> ApiToken:
    """One of the user's own tokens; 404 for anyone else's."""
    token = api_tokens_of(user).filter(pk=pk).first()
    if token is None:
        raise Http404
    return token
