"""The authorization matrix: every route of the URL configuration and every operation of the API schema,
against every persona of the cast and an anonymous visitor, checked against the declaration next to its
view (``accounts.access.routes``).

A route without a declaration fails the first test with its name. For the others the declaration says who
each method serves, in organization kinds and roles; the records of the world (test_post_access's, the
same records its posts use) fill the paths, and SCOPE_REACH says which personas each scope's record reaches:
budi's records (trained at blk, enrolled with lpk) unless SITIS names the route (siti: the other BLK and
LPK/SO). A persona the declaration serves and the scope reaches gets the page; everyone else signed in gets
404, never 403, so out-of-scope records stay invisible; an anonymous visitor is sent to the login page (the
API answers 401). Posts are checked for every persona the declaration does not serve or the scope does not
reach (test_post_access checks the read-only ones): 404 and nothing written.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.contrib import admin
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings

from accounts.access import routes
from accounts.access.routes import Access
from accounts.route_table import ADMIN_PREFIX, Route, all_routes, api_operations, api_route, page_routes
from accounts.tests.authorization import audience_of
from accounts.tests.test_post_access import ARGUMENTS, World
from api import actions as api_actions
from api.models import ApiToken
from audit.models import AuditEntry
from ledger.models import LedgerEntry
from ledger.tests.world import company_paid_line
from matching.explain import PARTS
from matching.models import ScoreWeights, Shortlist, ShortlistEntry
from reports.tests.scorecard_world import scorecards_of_the_cast
from reports.tests.world import cast_figures
from tests.cast import PERSONAS, Cast
from webhooks import actions as webhook_actions
from webhooks.models import Delivery, Endpoint
from webhooks.tests.world import lpk_endpoint

ANONYMOUS = "anonymous"
EVERYONE = (*PERSONAS, ANONYMOUS)
MINISTRY = {"ministry_admin", "ministry_officer", "ministry_viewer"}
BUDIS_LPK = {"lpk_officer", "lpk_viewer"}
JAPAN_SIDE = {"supervising_officer", "company_officer"}

# Which personas the world's record of each scope reaches (kinds and roles aside: the declaration says those).
SCOPE_REACH: dict[str, set[str]] = {
    "participant": MINISTRY | BUDIS_LPK | {"blk_officer", "participant_user"},
    "own": {"participant_user"},
    "course": MINISTRY | BUDIS_LPK,  # a language course of lpk
    "import": MINISTRY | BUDIS_LPK,  # lpk's import
    "job_order": MINISTRY | BUDIS_LPK | JAPAN_SIDE,  # the company's order, served by lpk
    "japan_organization": MINISTRY | JAPAN_SIDE,  # the company and its supervising organization
    "shortlist": MINISTRY,  # a draft: the Japanese side reads a shortlist once published
    "selection": MINISTRY | BUDIS_LPK | {"participant_user"},  # budi's interview and offer on the draft list
    "resume": MINISTRY | BUDIS_LPK | JAPAN_SIDE,  # budi is placed with the company
    "placement": MINISTRY | BUDIS_LPK | JAPAN_SIDE | {"blk_officer", "embassy_officer", "participant_user"},
    "cohort": MINISTRY,
    "ledger": MINISTRY | BUDIS_LPK | {"participant_user", "company_officer"},  # the company paid the line
    "case": MINISTRY | BUDIS_LPK,  # budi's case, held by lpk, referred to OTIT (no organization of the cast)
    "referral": set(EVERYONE) - JAPAN_SIDE - {"support_officer"},  # nothing referred to the Japanese side
    "safety_check": MINISTRY | BUDIS_LPK | {"company_officer", "embassy_officer"},
    "endpoint": MINISTRY | BUDIS_LPK,  # lpk's endpoint
    "api_token": {"lpk_officer"},  # lpk_officer's token
    "signed_link": set(),  # the world's link is not signed by us
    "anonymous_report": set(),  # no phone of the cast made an anonymous report
}
# Siti's records: her possible duplicate of budi, her placement opened and ended with the company.
SITIS: set[str] = {
    "duplicate_review",
    "open_placement",
    "completion_certificate",
    "return_follow_ups",
    "follow_up_form",
}
SITIS_REACH: dict[str, set[str]] = {
    "placement": MINISTRY | JAPAN_SIDE | {"other_blk_officer", "other_lpk_officer", "embassy_officer"},
}
# Pages the world leaves at 404 for everyone (each is served in its own tests with the state it needs).
UNREACHED = {
    "document_file": "the world's document has no file on disk",
    "import_undo": "the world's import is not committed",
    "offer_signed_page": "no signed page was uploaded",
    "duty_record": "nobody works in Japan for a visit to be due",
    "protection:case_attachment": "the case has no attachment",
    "reports:monthly_file": "no monthly report was made",
}

# What the served audience gets instead of the declared answer in the world's state.
SERVED_OTHERWISE = {
    "webhooks:endpoint_secret": (302, "the secret is shown once, right after it is made: back to the endpoint"),
}


class Extras:
    """Records for the routes test_post_access does not post to, and state some pages need to be reached."""

    def __init__(self, cast: Cast, world: World) -> None:
        self.token: ApiToken = api_actions.issue_token(
            user=cast.lpk_officer, by=cast.lpk_officer, name="Partner", expires_on=None
        ).token
        self.endpoint: Endpoint = lpk_endpoint(cast)
        self.delivery: Delivery = webhook_actions.send_test_event(endpoint_id=self.endpoint.pk, by=cast.ministry_admin)
        self.paid_line: LedgerEntry = company_paid_line(cast)
        # The world's shortlist as the engine stores one: with the weights it used and each entry's parts.
        weights = ScoreWeights.objects.current().as_dict()
        Shortlist.objects.filter(pk=world.entry.shortlist_id).update(weights=weights)
        ShortlistEntry.objects.filter(pk=world.entry.pk).update(parts=[0.5] * len(PARTS))
        cast_figures(cast)
        scorecards_of_the_cast(cast)


Arguments = Callable[[World, Extras], dict[str, object]]
ENDPOINT: Arguments = lambda w, x: {"pk": x.endpoint.pk}  # noqa: E731
MORE_ARGUMENTS: dict[str, Arguments] = {
    "api_token_revoke": lambda w, x: {"pk": x.token.pk},
    # Django's link from the password reset e-mail; a token it did not make shows the "invalid link" page.
    "password_reset_confirm": lambda w, x: {"uidb64": "MQ", "token": "not-made-by-django"},
    "webhooks:endpoint_detail": ENDPOINT,
    "webhooks:endpoint_secret": ENDPOINT,
    "webhooks:endpoint_active": ENDPOINT,
    "webhooks:endpoint_rotate": ENDPOINT,
    "webhooks:endpoint_delete": ENDPOINT,
    "webhooks:endpoint_test": ENDPOINT,
    "webhooks:delivery_send_again": lambda w, x: {"pk": x.delivery.pk},
    "api:not_found": lambda w, x: {"path": "nothing-here/"},
    "ledger_receipt": lambda w, x: {"pk": x.paid_line.pk},
    "ledger_reverse": lambda w, x: {"pk": x.paid_line.pk},
}


def url_of(route: Route, world: World, extras: Extras) -> str:
    if route.name in MORE_ARGUMENTS:
        return reverse(route.name, kwargs=MORE_ARGUMENTS[route.name](world, extras))
    if route.name in ARGUMENTS:
        return reverse(route.name, kwargs=ARGUMENTS[route.name](world))
    return reverse(route.name)


def reached(route: Route, access: Access, method: str, persona: str) -> bool:
    if method == "get" and route.name in UNREACHED:
        return False
    if access.scope is None:
        return True
    table = SITIS_REACH if route.name in SITIS and access.scope in SITIS_REACH else SCOPE_REACH
    return persona in table[access.scope]


def audiences(cast: Cast) -> dict[str, frozenset[str]]:
    """Each persona in the words of the declarations (kind:role tokens, participant, anonymous)."""
    return {persona: audience_of(None if persona == ANONYMOUS else getattr(cast, persona)) for persona in EVERYONE}


def expected(route: Route, access: Access, method: str, persona: str, audience: frozenset[str]) -> set[int]:
    """The answers ``persona`` may get: the declared one; 404 outside the audience or the scope; a login
    redirect for an anonymous visitor the route does not serve; 405 for a method it refuses."""
    who = access.who(method)
    if who is None:
        # Refused for the method, or an anonymous visitor sent to log in before that is looked at.
        return {405, 302} if persona == ANONYMOUS else {405}
    if audience & who and reached(route, access, method, persona):
        if method == "get":
            return {SERVED_OTHERWISE[route.name][0] if route.name in SERVED_OTHERWISE else access.ok}
        return {200}
    if persona == ANONYMOUS and routes.AS_ANONYMOUS not in who:
        return {302}
    return {404}


@pytest.fixture(autouse=True)
def private_files(settings: Settings, tmp_path: Path) -> None:
    settings.IMPORT_FILES_DIR = tmp_path / "imports"
    settings.MEDIA_ROOT = tmp_path / "media"


def test_it_declares_every_route() -> None:
    missing = [f"{route.name or route.route} ({route.view})" for route in all_routes() if route.access is None]
    assert not missing, "declare the access of these views (accounts.access.routes): " + "; ".join(missing)


def test_it_declares_the_administration_as_a_whole() -> None:
    assert ADMIN_PREFIX in routes.INCLUDED


def test_it_knows_the_reach_of_every_declared_scope() -> None:
    used = {route.access.scope for route in all_routes() if route.access is not None and route.access.scope}
    assert not used - set(SCOPE_REACH), f"add to SCOPE_REACH: {sorted(used - set(SCOPE_REACH))}"


def test_it_knows_the_arguments_of_every_route() -> None:
    missing = [
        route.name
        for route in page_routes()
        if route.takes_arguments and route.name not in ARGUMENTS and route.name not in MORE_ARGUMENTS
    ]
    assert not missing, f"add to ARGUMENTS (test_post_access) or MORE_ARGUMENTS: {missing}"


def _clients(cast: Cast, personas: tuple[str, ...]) -> Iterator[tuple[str, Client]]:
    for persona in personas:
        client = Client(raise_request_exception=False)
        if persona != ANONYMOUS:
            client.force_login(getattr(cast, persona))
        yield persona, client


# Two halves of the cast, so that the two workers of CI share the matrix: every other persona, so that each
# half has its share of the ministry's, who are served the most (and the slowest, PDF) pages.
HALVES = (EVERYONE[::2], EVERYONE[1::2])


@pytest.mark.parametrize("personas", HALVES, ids=["first half of the cast", "second half of the cast"])
def test_it_answers_every_page_to_every_persona_as_declared(cast: Cast, personas: tuple[str, ...]) -> None:
    started = time.monotonic()
    world = World(cast)
    extras = Extras(cast, world)
    pages = [route for route in page_routes() if route.access is not None]
    audience = audiences(cast)
    wrong = []
    for persona, client in _clients(cast, personas):
        for route in pages:
            assert route.access is not None
            response = client.get(url_of(route, world, extras))
            allowed = expected(route, route.access, "get", persona, audience[persona])
            if response.status_code not in allowed:
                wrong.append(f"{route.name} {persona}: {response.status_code}, expected {sorted(allowed)}")
            elif response.status_code == 302 and route.access.ok != 302 and route.name not in SERVED_OTHERWISE:
                assert response["Location"].startswith("/accounts/login/"), (route.name, persona)
    print(
        f"authorization matrix: {len(pages)} pages x {len(personas)} personas = {len(pages) * len(personas)} GETs"
        f" in {time.monotonic() - started:.1f}s"
    )
    assert not wrong, "\n".join(wrong)


def _refused(route: Route, persona: str, audience: frozenset[str]) -> bool:
    """Whether the route's declaration refuses ``persona`` a POST (and the post must change nothing)."""
    access = route.access
    return access is not None and expected(route, access, "post", persona, audience) <= {404, 302, 405}


@pytest.mark.parametrize("personas", HALVES, ids=["first half of the cast", "second half of the cast"])
def test_it_refuses_every_post_the_declarations_refuse(cast: Cast, personas: tuple[str, ...]) -> None:
    world = World(cast)
    extras = Extras(cast, world)
    audience = audiences(cast)
    written = AuditEntry.objects.count()
    wrong = []
    checked = 0
    for persona, client in _clients(cast, personas):
        for route in page_routes():
            if not _refused(route, persona, audience[persona]):
                continue
            assert route.access is not None
            response = client.post(url_of(route, world, extras), {})
            allowed = expected(route, route.access, "post", persona, audience[persona])
            checked += 1
            if response.status_code not in allowed:
                wrong.append(f"{route.name} {persona}: {response.status_code}, expected {sorted(allowed)}")
    print(f"authorization matrix: {checked} refused POSTs")
    assert not wrong, "\n".join(wrong)
    assert AuditEntry.objects.count() == written, "a refused post wrote something"


API_ARGUMENTS: dict[str, Callable[[World, Extras], object]] = {
    "/api/v1/participants/{id}/": lambda w, x: w.cast.budi.pk,
    "/api/v1/participants/{id}/status/": lambda w, x: w.cast.budi.pk,
    "/api/v1/training-records/{id}/": lambda w, x: w.enrolment.pk,
    "/api/v1/job-orders/{id}/": lambda w, x: w.job_order.pk,
    "/api/v1/job-orders/{id}/status/": lambda w, x: w.job_order.pk,
    "/api/v1/shortlists/{id}/": lambda w, x: w.entry.shortlist_id,
    "/api/v1/interviews/{id}/": lambda w, x: w.interview.pk,
    "/api/v1/placements/{id}/": lambda w, x: w.placement.pk,
    "/api/v1/grievances/{id}/": lambda w, x: w.case.pk,
    "/api/v1/ledger-entries/{id}/": lambda w, x: x.paid_line.pk,
    "/api/v1/statistics/{table}/": lambda w, x: "departures.by-year",
}


def _api_path(path: str, world: World, extras: Extras) -> str:
    if "{" not in path:
        return path
    value = API_ARGUMENTS[path](world, extras)
    return path.replace("{id}", str(value)).replace("{table}", str(value))


def test_it_declares_every_operation_of_the_api_schema() -> None:
    missing = []
    for path, method in api_operations():
        access = api_route(path).access
        if access is None or access.who(method) is None:
            missing.append(f"{method.upper()} {path}")
    assert not missing, "declare these API operations: " + "; ".join(missing)


def _api_clients(cast: Cast) -> Iterator[tuple[str, Client | None]]:
    """A token for each persona that may hold one; the others call as a partner without a token would."""
    for persona in EVERYONE:
        user = None if persona == ANONYMOUS else getattr(cast, persona)
        if user is not None and routes.AS_PARTICIPANT not in audience_of(user) and user.memberships.exists():
            secret = api_actions.issue_token(user=user, by=user, name="Matrix", expires_on=None).secret
            yield persona, Client(headers={"Authorization": f"Bearer {secret}"}, raise_request_exception=False)
        else:
            yield persona, None


def test_it_answers_every_api_operation_to_every_persona_as_declared(cast: Cast) -> None:
    world = World(cast)
    extras = Extras(cast, world)
    operations = api_operations()
    audience = audiences(cast)
    wrong = []
    for persona, holder in _api_clients(cast):
        client = holder or Client(raise_request_exception=False)
        cache.clear()  # the rate limit counts per token: the matrix is not a flood
        for path, method in operations:
            url = _api_path(path, world, extras)
            route = api_route(path)
            access = route.access
            assert access is not None
            allowed = _api_expected(route, access, method, persona, audience[persona]) if holder else {401}
            if method == "get":
                status = client.get(url).status_code
            elif allowed <= {401, 404, 405}:
                status = client.post(url, {}, content_type="application/json").status_code
            else:
                continue  # a write the persona may make: its outcomes are api/tests' subject
            if status not in allowed:
                wrong.append(f"{method.upper()} {path} {persona}: {status}, expected {sorted(allowed)}")
    print(f"authorization matrix: {len(operations)} API operations x {len(EVERYONE)} personas")
    assert not wrong, "\n".join(wrong)


def _api_expected(route: Route, access: Access, method: str, persona: str, audience: frozenset[str]) -> set[int]:
    """What a token's holder gets: as a page would answer them, 400 for an empty write they may make."""
    who = access.who(method)
    if who is None:
        return {405}
    if audience & who and reached(route, access, method, persona):
        return {200} if method == "get" else {400}
    return {404}


BUDIS_SIDE = ("blk_officer", "lpk_officer", "lpk_viewer", "participant_user")


def test_it_hides_siti_from_budis_side_on_every_page_about_a_participant(cast: Cast) -> None:
    """Siti (the other BLK and LPK/SO) in the path of every page about a participant: 404 for budi's BLK,
    his LPK/SO and budi himself, whatever the method."""
    world = World(cast)
    about_budi = [
        route
        for route in page_routes()
        if route.access is not None
        and route.access.scope == "participant"
        and route.name in ARGUMENTS
        and ARGUMENTS[route.name](world) == {"pk": cast.budi.pk}
    ]
    assert len(about_budi) > 10
    wrong = []
    for persona, client in _clients(cast, BUDIS_SIDE):
        for route in about_budi:
            assert route.access is not None
            url = reverse(route.name, kwargs={"pk": cast.siti.pk})
            for method in ("get", "post"):
                if route.access.who(method) is None:
                    continue
                status = getattr(client, method)(url, {}).status_code
                if status != 404:
                    wrong.append(f"{method.upper()} {route.name} {persona}: {status}")
    assert not wrong, "\n".join(wrong)


def test_it_answers_the_administration_as_declared_as_a_whole(cast: Cast) -> None:
    """Every model's list in Django's administration: its declared audience gets it, everyone else is sent
    to the administration's own login page (Django's answer, which names no record)."""
    access = routes.INCLUDED[ADMIN_PREFIX]
    who = access.who("get")
    assert who is not None
    lists = ["/admin/"] + [
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist") for model in admin.site._registry
    ]
    audience = audiences(cast)
    wrong = []
    for persona, client in _clients(cast, EVERYONE):
        for url in lists:
            response = client.get(url)
            if audience[persona] & who:
                if response.status_code != 200:
                    wrong.append(f"{url} {persona}: {response.status_code}")
            elif response.status_code != 302 or not response["Location"].startswith("/admin/login/"):
                wrong.append(f"{url} {persona}: {response.status_code}, expected the administration's login")
    assert not wrong, "\n".join(wrong)
