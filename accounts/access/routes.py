"""Who each route answers, declared next to its view.

Every view of the URL configuration carries a declaration of who it answers
and for which HTTP methods, in words of organization kinds and roles:

    @routes.declare(get=routes.members(MINISTRY, TRAINING_CENTRE) | routes.PARTICIPANT, scope="participant")

- ``get``, ``post``, ``put``, ``patch``, ``delete``: who the method serves (a ``Who``); a method left out
  is refused with 405. Everyone else signed in is answered 404, never 403, so a record's existence is not
  revealed; an anonymous visitor is sent to the login page (the API answers 401) unless ``ANYONE`` is named.
- ``scope``: the relation that narrows the audience to the records of the path, one of ``SCOPES``
  (e.g. an LPK/SO's officer reads the participants enrolled with it, not another LPK/SO's). None: the page
  names no record, or names only the visitor's own things.
- ``ok``: what the served audience gets for GET when it is not 200 (a page that redirects).

Views of Django and of libraries are declared by their dotted name (``declare_foreign``) where the URL
configuration includes them, Django's administration as a whole (``declare_included``).

``accounts/tests/test_authorization_matrix.py`` walks the URL configuration and the API schema, fails for a
route without a declaration, and checks every route against every persona of the test cast.
``manage.py authorization_matrix`` writes the declarations as a table for a security review.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TypeVar

from accounts.models import OrganizationKind, Role

# The audience tokens: "<organization kind>:<role>" for staff, and these three.
AS_PARTICIPANT = "participant"  # a participant's own login (no membership)
AS_NO_ORGANIZATION = "no_organization"  # signed in, but a member of nothing and no participant
AS_ANONYMOUS = "anonymous"


class Who(frozenset[str]):
    """A set of audience tokens; ``|``, ``&`` and ``-`` combine them."""

    def __or__(self, other: frozenset[str]) -> Who:  # type: ignore[override]
        return Who(frozenset.__or__(self, other))

    def __and__(self, other: frozenset[str]) -> Who:  # type: ignore[override]
        return Who(frozenset.__and__(self, other))

    def __sub__(self, other: frozenset[str]) -> Who:  # type: ignore[override]
        return Who(frozenset.__sub__(self, other))

    def __repr__(self) -> str:
        return describe(self)


def token(kind: str, role: str) -> str:
    """The audience token of a member of an organization of ``kind`` in ``role``."""
    return f"{OrganizationKind(kind).value}:{Role(role).value}"


def members(*kinds: OrganizationKind, roles: Iterable[Role] = tuple(Role)) -> Who:
    """Members of organizations of these kinds, in these roles (every role by default)."""
    chosen = tuple(roles)
    return Who(token(kind, role) for kind in kinds for role in chosen)


def writers(*kinds: OrganizationKind) -> Who:
    """Administrators and officers (the roles that may write) of these kinds."""
    return members(*kinds, roles=[role for role in Role if role.may_write])


def admins(*kinds: OrganizationKind) -> Who:
    return members(*kinds, roles=[Role.ADMIN])


NOBODY = Who()
STAFF = members(*OrganizationKind)
PARTICIPANT = Who({AS_PARTICIPANT})
SIGNED_IN = STAFF | PARTICIPANT | Who({AS_NO_ORGANIZATION})
ANYONE = SIGNED_IN | Who({AS_ANONYMOUS})
MINISTRY = members(OrganizationKind.MINISTRY)
JAPAN_SIDE = members(OrganizationKind.SUPERVISING_ORGANIZATION, OrganizationKind.COMPANY)
# The kinds that follow a worker through Japan: the ministry, the LPK/SO that sent them, the Japanese side
# with its support organizations, and the embassy; not training centres, the association or prefectures.
PLACEMENT_FOLLOWERS: tuple[OrganizationKind, ...] = (
    OrganizationKind.MINISTRY,
    OrganizationKind.SENDING_ORGANIZATION,
    OrganizationKind.SUPERVISING_ORGANIZATION,
    OrganizationKind.COMPANY,
    OrganizationKind.SUPPORT_ORGANIZATION,
    OrganizationKind.EMBASSY,
)

# The relations that narrow an audience to the records of a path. The matrix test knows, for the records of
# its world, which personas each relation reaches, and fails for a scope it does not know.
SCOPES: dict[str, str] = {
    "participant": "the participant's training centre, LPK/SO, the participant, the ministry "
    "(participant_for_user); the embassy while in Japan",
    "own": "only the visitor's own record (a participant's report, check-in, offer answer)",
    "course": "the course's provider and the ministry (course_for_user)",
    "import": "the importing organization (import_job_for_user)",
    "job_order": "the order's company, its supervising organization, the LPK/SOs serving it, the ministry",
    "japan_organization": "the organization itself, its supervising organization, the ministry",
    "shortlist": "the ministry; the Japanese side once published; an LPK/SO its own candidates",
    "selection": "the interview's or offer's order side, the candidate's LPK/SO, the candidate, the ministry",
    "placement": "the placement's company and supervising organization, the worker's LPK/SO, the embassy, "
    "the worker, the ministry",
    "cohort": "the ministry's departure cohorts",
    "ledger": "the participant's LPK/SO, the participant, the ministry; the payer of a line",
    "case": "the worker's LPK/SO and the ministry; the embassy when escalated; a body a case is referred to",
    "safety_check": "the ministry, the embassy; a worker their own question",
    "referral": "the Japanese side only once a case is referred to it",
    "resume": "the candidate's LPK/SO, the ministry; the Japanese side for candidates on its published shortlists "
    "or placed with it",
    "anonymous_report": "the phone that made an anonymous report (its cookie), or its code and PIN",
    "endpoint": "the organization's administrators and the ministry's",
    "api_token": "the token's holder",
    "signed_link": "a link signed by the application (e-mail), no login",
}


@dataclass(frozen=True)
class Access:
    """The declared access of one route."""

    methods: dict[str, Who] = field(default_factory=dict)
    scope: str | None = None
    ok: int = 200

    def who(self, method: str) -> Who | None:
        """Who ``method`` serves; None when the route refuses the method."""
        return self.methods.get(method.lower())


ATTRIBUTE = "route_access"
V = TypeVar("V", bound=Callable[..., object])


def _access(
    *,
    get: Who | None,
    post: Who | None,
    put: Who | None,
    patch: Who | None,
    delete: Who | None,
    scope: str | None,
    ok: int,
) -> Access:
    if scope is not None and scope not in SCOPES:
        raise ValueError(f"unknown scope {scope!r}; add it to accounts.access.routes.SCOPES")
    given = {"get": get, "post": post, "put": put, "patch": patch, "delete": delete}
    return Access(methods={name: who for name, who in given.items() if who is not None}, scope=scope, ok=ok)


def declare(
    *,
    get: Who | None = None,
    post: Who | None = None,
    put: Who | None = None,
    patch: Who | None = None,
    delete: Who | None = None,
    scope: str | None = None,
    ok: int = 200,
) -> Callable[[V], V]:
    """Declare a view's (a function's or a class's) access; see the module's text."""
    access = _access(get=get, post=post, put=put, patch=patch, delete=delete, scope=scope, ok=ok)

    def decorate(view: V) -> V:
        setattr(view, ATTRIBUTE, access)
        return view

    return decorate


# Views of Django and of libraries, which we do not write, declared by their dotted name where the URL
# configuration includes them.
FOREIGN: dict[str, Access] = {}


def declare_foreign(
    dotted_name: str,
    *,
    get: Who | None = None,
    post: Who | None = None,
    put: Who | None = None,
    patch: Who | None = None,
    delete: Who | None = None,
    scope: str | None = None,
    ok: int = 200,
) -> None:
    """Declare a library's view (``module.ClassOrFunction``), as ``declare`` does one of ours."""
    FOREIGN[dotted_name] = _access(get=get, post=post, put=put, patch=patch, delete=delete, scope=scope, ok=ok)


# Whole URL configurations of libraries declared at once by their prefix: Django's administration, which
# answers everyone but its audience with its own login page (a redirect), as Django writes it.
INCLUDED: dict[str, Access] = {}


def declare_included(
    prefix: str, *, get: Who | None = None, post: Who | None = None, scope: str | None = None, ok: int = 200
) -> None:
    """Declare every route under ``prefix`` (e.g. "admin/") at once."""
    INCLUDED[prefix] = _access(get=get, post=post, put=None, patch=None, delete=None, scope=scope, ok=ok)


def access_of(callback: Callable[..., object]) -> Access | None:
    """The declaration of a resolved view (a function, or a class-based view's ``as_view()``)."""
    for candidate in (callback, getattr(callback, "view_class", None), getattr(callback, "cls", None)):
        # The view's own declaration, never one inherited from the class it extends (an API view that adds
        # writes to a read-only one must declare them).
        own = vars(candidate).get(ATTRIBUTE) if candidate is not None else None
        if isinstance(own, Access):
            return own
    target = getattr(callback, "view_class", None) or callback
    return FOREIGN.get(f"{target.__module__}.{target.__qualname__}")


def describe(who: frozenset[str]) -> str:
    """``who`` in words, e.g. "ministry (all roles), sending_organization (admin, officer), participant"."""
    parts = []
    for kind in OrganizationKind:
        roles = [role.value for role in Role if token(kind, role) in who]
        if roles:
            parts.append(f"{kind.value} ({'all roles' if len(roles) == len(Role) else ', '.join(roles)})")
    parts.extend(name for name in (AS_PARTICIPANT, AS_NO_ORGANIZATION, AS_ANONYMOUS) if name in who)
    return ", ".join(parts) or "nobody"
