"""The route declarations: their vocabulary, and how a view's declaration is found."""

from __future__ import annotations

import pytest
from django.http import HttpRequest, HttpResponse
from django.views import View

from accounts.access import routes
from accounts.models import OrganizationKind as Kind
from accounts.models import Role


def test_it_names_members_writers_and_administrators_of_kinds() -> None:
    assert routes.members(Kind.COMPANY) == frozenset({"company:admin", "company:officer", "company:viewer"})
    assert routes.writers(Kind.COMPANY, Kind.EMBASSY) == frozenset(
        {"company:admin", "company:officer", "embassy:admin", "embassy:officer"}
    )
    assert routes.admins(Kind.MINISTRY) == frozenset({"ministry:admin"})
    assert routes.members(Kind.PREFECTURE, roles=[Role.VIEWER]) == frozenset({"prefecture:viewer"})


def test_it_combines_audiences_into_audiences() -> None:
    both = routes.MINISTRY | routes.PARTICIPANT
    assert isinstance(both, routes.Who)
    assert isinstance(routes.STAFF - routes.MINISTRY, routes.Who)
    assert list(routes.ANYONE - routes.SIGNED_IN) == [routes.AS_ANONYMOUS]
    assert repr(both) == "ministry (all roles), participant"
    assert routes.describe(routes.writers(Kind.SENDING_ORGANIZATION)) == "sending_organization (admin, officer)"
    assert routes.describe(routes.NOBODY) == "nobody"


def test_it_refuses_a_scope_it_does_not_know() -> None:
    with pytest.raises(ValueError, match="unknown scope 'everything'"):
        routes.declare(get=routes.STAFF, scope="everything")


def test_it_finds_the_declaration_of_a_function_through_its_decorators() -> None:
    @routes.declare(get=routes.STAFF, post=routes.writers(Kind.MINISTRY), scope="participant")
    def page(request: HttpRequest) -> HttpResponse:
        return HttpResponse()

    access = routes.access_of(page)
    assert access is not None
    assert access.who("GET") == routes.STAFF
    assert access.who("post") == routes.writers(Kind.MINISTRY)
    assert access.who("delete") is None
    assert access.scope == "participant"


def test_it_never_lends_a_class_its_parents_declaration() -> None:
    """A view that adds writes to a declared read-only view must declare them itself."""

    @routes.declare(get=routes.STAFF)
    class Reading(View):
        pass

    class Writing(Reading):
        pass

    assert routes.access_of(Reading.as_view()) is not None
    assert routes.access_of(Writing.as_view()) is None


def test_it_finds_a_library_view_by_its_dotted_name() -> None:
    assert routes.access_of(View.as_view()) is None
    routes.declare_foreign("django.views.generic.base.View", get=routes.ANYONE)
    try:
        access = routes.access_of(View.as_view())
        assert access is not None
        assert access.who("get") == routes.ANYONE
    finally:
        del routes.FOREIGN["django.views.generic.base.View"]
