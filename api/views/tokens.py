"""The account's API tokens page: create one (its secret shown once), list
them, revoke one. Only its holder sees or revokes a token."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from accounts import access
from accounts.access import routes
from accounts.requests import AuthenticatedRequest
from api import actions
from api.forms import RevokeForm, TokenForm
from api.models import ApiToken


def _page(request: AuthenticatedRequest, *, status: int = 200, **context: Any) -> HttpResponse:
    tokens = access.api_tokens_of(request.user).newest_first()
    today = timezone.localdate()
    context = {"tokens": tokens, "form": TokenForm(), "revoking": None, "today": today, **context}
    return render(request, "api/tokens.html", context, status=status)


@routes.declare(get=routes.STAFF, post=routes.STAFF)
@never_cache  # the answer to a creation carries the secret: no cache may keep it
@login_required
@require_http_methods(["GET", "POST"])
def token_list(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    if not access.may_hold_api_tokens(user):
        raise Http404
    if request.method != "POST":
        return _page(request)
    form = TokenForm(request.POST)
    if form.is_valid():
        try:
            issued = actions.issue_token(
                user=user, name=form.cleaned_data["name"], expires_on=form.cleaned_data["expires_on"], by=user
            )
        except actions.TokenRefused as refused:
            form.add_error(refused.field, refused.message)
        else:
            # Shown on this answer only, never put in a message or the session.
            return _page(request, issued=issued)
    return _page(request, form=form, status=400)


@routes.declare(post=routes.STAFF, scope="api_token")
@login_required
@require_POST
def token_revoke(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    user = request.user
    token: ApiToken = access.api_token_for_user(user, pk)
    form = RevokeForm(request.POST)
    if form.is_valid() and form.asks_confirmation and not token.is_revoked:
        return _page(request, revoking=token)
    actions.revoke_token(token_id=token.pk, by=user)
    messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("api_tokens")
