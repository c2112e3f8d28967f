"""What every API view shares: the reader behind the token, and lists that
read through ``accounts.access`` and narrow by validated filters."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, ClassVar

from django.db.models import Model, QuerySet
from django.http import Http404
from rest_framework import exceptions, generics
from rest_framework.request import Request

from accounts.models import User
from api.filters import Filters


def reader(request: Request) -> User:
    """The token's holder (the authentication admits no one else)."""
    user = request.user
    if not isinstance(user, User):
        raise exceptions.NotAuthenticated
    return user


class ScopedList(generics.ListAPIView, ABC):  # type: ignore[type-arg]
    """A list of what the reader may see, as the page lists it: a reader the
    page refuses (404) gets 404 here too."""

    filters: ClassVar[type[Filters]]

    @abstractmethod
    def may_list(self, user: User) -> bool: ...

    @abstractmethod
    def visible(self, user: User) -> QuerySet[Any]: ...

    def get_queryset(self) -> QuerySet[Any]:
        user = reader(self.request)
        if not self.may_list(user):
            raise Http404
        params = {name: self.request.query_params.get(name, "") for name in self.request.query_params}
        return self.filters.narrow(self.visible(user), params)


class ScopedDetail(generics.RetrieveAPIView, ABC):  # type: ignore[type-arg]
    """One record through the access module's ``*_for_user``: 404 outside scope."""

    @abstractmethod
    def found(self, user: User, pk: int) -> Model: ...

    def get_object(self) -> Model:
        return self.found(reader(self.request), int(self.kwargs["pk"]))
