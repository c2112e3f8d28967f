"""Answers kept on the user object, so that a request asks the database once.

The menu, the view and every scope function of a page ask the same questions ("what is this user a
member of?"). Django loads a new user object for each request, so an answer kept on it lives as long as
the request and never outlives a membership changed by another one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar, cast

from django.contrib.auth.models import AnonymousUser

from accounts.models import User

T = TypeVar("T")
_UNASKED = object()

# The questions answered once per user object.
MEMBERSHIPS = "memberships"
MAY_REGISTER_PARTICIPANTS = "may_register"


def _attribute(question: str) -> str:
    return f"_jembatan_{question}"


def remembered(user: User | AnonymousUser, question: str, answer: Callable[[], T]) -> T:
    """The answer to ``question`` for this user object, computed on the first ask."""
    # getattr and setattr, not vars(): request.user is a lazy object that passes them on to the user.
    attribute = _attribute(question)
    kept = getattr(user, attribute, _UNASKED)
    if kept is _UNASKED:
        kept = answer()
        setattr(user, attribute, kept)
    return cast(T, kept)


def remember(user: User, question: str, answer: object) -> None:
    """Settle ``question`` for this user object without asking the database (a reader built in code)."""
    setattr(user, _attribute(question), answer)
