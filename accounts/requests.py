"""Request types for views behind login_required (django-stubs' recommended
pattern): the user is a real User, and django-htmx has added its details."""

from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from accounts.models import User


class AuthenticatedRequest(HttpRequest):
    user: User
    htmx: HtmxDetails
