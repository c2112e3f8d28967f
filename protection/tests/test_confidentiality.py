"""Confidentiality, from every organization kind, the participant and a
visitor who is not logged in: the company and the supervising organization a
case names do not learn of it before a referral, and never learn who
reported it unless the reporter consented to that.

Each persona reads the case list, the case page and their home. (The case
pages offer no export; the dashboards' exports are tested with them.)"""

from __future__ import annotations

import pytest
from django.test import Client

from protection.actions.cases import escalate
from protection.models import Body, Case, Level
from protection.tests.case_world import CONTACT, MESSAGE, STORY, budis_case, referred
from tests.cast import PERSONAS, Cast

pytestmark = pytest.mark.django_db

# Budi's case is routed to his LPK/SO; the ministry reads every case.
KNOW_OF_IT = {"ministry_admin", "ministry_officer", "ministry_viewer", "lpk_officer", "lpk_viewer"}
# Pages that list cases, whatever is in them, for those who record or oversee cases.
LIST_PAGE = KNOW_OF_IT | {"other_lpk_officer", "embassy_officer"}
# Anything that would tell who reported the case or what they said.
IDENTIFYING = ["Budi Santoso", "ブディ", STORY, MESSAGE, CONTACT]
# Budi is the reporter: his own name on his own pages tells nobody anything. He
# reads his case on his own pages (p14-intake's), never on the handlers' ones.
REPORTER = "participant_user"
SHARED = "Jam lembur di pabrik melebihi batas."


def _client(cast: Cast, persona: str) -> Client:
    client = Client()
    client.force_login(getattr(cast, persona))
    return client


def _pages(client: Client, case: Case) -> dict[str, tuple[int, str]]:
    pages = {"list": "/protection/cases/?status=all", "case": f"/protection/cases/{case.pk}/", "home": "/"}
    answers = {name: client.get(url) for name, url in pages.items()}
    return {name: (response.status_code, response.content.decode()) for name, response in answers.items()}


def _leaks(content: str) -> list[str]:
    return [words for words in IDENTIFYING if words in content]


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_shows_the_case_before_a_referral_only_to_the_workers_side(cast: Cast, persona: str) -> None:
    case = budis_case(cast)
    pages = _pages(_client(cast, persona), case)
    case_link = f"/protection/cases/{case.pk}/"
    assert pages["case"][0] == (200 if persona in KNOW_OF_IT else 404)
    assert pages["list"][0] == (200 if persona in LIST_PAGE else 404)
    if persona not in KNOW_OF_IT | {REPORTER}:
        for name, (_status, content) in pages.items():
            assert case_link not in content, f"{persona}: the {name} page links the case"
            assert not _leaks(content), f"{persona}: the {name} page shows {_leaks(content)}"
    if persona not in LIST_PAGE:
        # Not even the menu's link to the case list, which an organization in Japan gets with its first referral.
        assert "/protection/cases/" not in pages["home"][1], persona


@pytest.mark.parametrize("body", [Body.SUPERVISING_ORGANIZATION, Body.COMPANY])
@pytest.mark.parametrize("persona", PERSONAS)
def test_it_never_tells_an_organization_in_japan_who_reported_without_consent(
    cast: Cast, persona: str, body: Body
) -> None:
    case = budis_case(cast)
    referred(cast, case, body=body, shared=SHARED)
    receiver = {Body.SUPERVISING_ORGANIZATION: "supervising_officer", Body.COMPANY: "company_officer"}[body]
    pages = _pages(_client(cast, persona), case)
    if persona in KNOW_OF_IT:
        assert pages["case"][0] == 200
        return
    if persona == receiver:
        assert pages["case"][0] == 200
        assert SHARED in pages["case"][1]
        assert f"/protection/cases/{case.pk}/" in pages["list"][1]
    else:
        assert pages["case"][0] == 404
        assert f"/protection/cases/{case.pk}/" not in pages["list"][1]
    for name, (_status, content) in pages.items():
        if persona != REPORTER:
            assert not _leaks(content), f"{persona}: the {name} page shows {_leaks(content)}"


def test_it_tells_the_organization_who_reported_once_the_reporter_consented(cast: Cast) -> None:
    case = budis_case(cast)
    referred(cast, case, body=Body.COMPANY, identity=True, shared=SHARED)
    content = _client(cast, "company_officer").get(f"/protection/cases/{case.pk}/").content.decode()
    assert "Budi Santoso" in content
    assert STORY in content
    # The supervising organization was not part of that consent.
    assert _client(cast, "supervising_officer").get(f"/protection/cases/{case.pk}/").status_code == 404


def test_it_opens_the_case_to_the_embassy_at_the_top_of_the_chain(cast: Cast) -> None:
    case = budis_case(cast)
    embassy = _client(cast, "embassy_officer")
    assert embassy.get(f"/protection/cases/{case.pk}/").status_code == 404
    escalate(case=Case.objects.get(pk=case.pk), to=Level.MINISTRY_AND_EMBASSY, by=None, reason="x")
    assert embassy.get(f"/protection/cases/{case.pk}/").status_code == 200
    for persona in ("supervising_officer", "company_officer", "prefecture_officer", "support_officer"):
        assert _client(cast, persona).get(f"/protection/cases/{case.pk}/").status_code == 404, persona


def test_it_sends_a_visitor_who_is_not_logged_in_to_the_login_page(client: Client, cast: Cast) -> None:
    case = budis_case(cast)
    for url in ("/protection/cases/", f"/protection/cases/{case.pk}/", f"/protection/cases/{case.pk}/refer/"):
        response = client.get(url) if not url.endswith("refer/") else client.post(url, {})
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/"), url
        assert not _leaks(response.content.decode())
