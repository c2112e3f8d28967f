"""The account's API token pages, under /accounts/api-tokens/ (the API itself is under /api/v1/)."""

from __future__ import annotations

from django.urls import path

from api.views import tokens

urlpatterns = [
    path("", tokens.token_list, name="api_tokens"),
    path("<int:pk>/revoke/", tokens.token_revoke, name="api_token_revoke"),
]
