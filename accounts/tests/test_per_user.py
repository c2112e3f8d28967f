"""Answers kept on the user object: asked once, settled in code, and kept per user object only."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.models import AnonymousUser
from django.utils.functional import SimpleLazyObject

from accounts.access import per_user
from accounts.models import User


def counting(answer: object) -> tuple[list[int], Callable[[], object]]:
    calls: list[int] = []

    def ask() -> object:
        calls.append(1)
        return answer

    return calls, ask


def test_the_first_ask_computes_and_later_asks_reuse_the_answer() -> None:
    user = User(username="someone")
    calls, ask = counting(["membership"])
    assert per_user.remembered(user, per_user.MEMBERSHIPS, ask) == ["membership"]
    assert per_user.remembered(user, per_user.MEMBERSHIPS, ask) == ["membership"]
    assert len(calls) == 1


def test_none_and_false_are_answers_too() -> None:
    user = User(username="someone")
    for answer in (None, False):
        question = f"question-{answer}"
        calls, ask = counting(answer)
        per_user.remembered(user, question, ask)
        assert per_user.remembered(user, question, ask) is answer
        assert len(calls) == 1


def test_each_user_object_asks_for_itself() -> None:
    first, second = User(username="first"), User(username="second")
    calls, ask = counting(True)
    per_user.remembered(first, per_user.MAY_REGISTER_PARTICIPANTS, ask)
    per_user.remembered(second, per_user.MAY_REGISTER_PARTICIPANTS, ask)
    assert len(calls) == 2


def test_a_settled_answer_is_not_asked() -> None:
    user = User(username="reader")
    per_user.remember(user, per_user.MAY_REGISTER_PARTICIPANTS, False)
    calls, ask = counting(True)
    assert per_user.remembered(user, per_user.MAY_REGISTER_PARTICIPANTS, ask) is False
    assert calls == []


def test_the_lazy_request_user_keeps_the_answer_on_the_user_it_wraps() -> None:
    user = User(username="someone")
    lazy = SimpleLazyObject(lambda: user)
    calls, ask = counting(["membership"])
    per_user.remembered(lazy, per_user.MEMBERSHIPS, ask)  # type: ignore[arg-type]
    assert per_user.remembered(user, per_user.MEMBERSHIPS, ask) == ["membership"]
    assert len(calls) == 1


def test_an_anonymous_visitor_can_be_asked_too() -> None:
    calls, ask = counting(False)
    visitor = AnonymousUser()
    per_user.remembered(visitor, per_user.MAY_REGISTER_PARTICIPANTS, ask)
    assert per_user.remembered(visitor, per_user.MAY_REGISTER_PARTICIPANTS, ask) is False
    assert len(calls) == 1
