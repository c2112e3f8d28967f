"""A grievance tells who reported it, and what they wrote, only to a reader
the case page would tell: the worker's side always, an organization in Japan
only when the case was referred to it with the reporter's consent to say so."""

from __future__ import annotations

from api.tests.conftest import client_for
from protection.models import Body
from protection.tests.case_world import CONTACT, MESSAGE, STORY, budis_case, referred
from tests.cast import Cast


def _read(cast: Cast, persona: str, pk: int) -> dict:  # type: ignore[type-arg]
    response = client_for(getattr(cast, persona)).get(f"/api/v1/grievances/{pk}/")
    assert response.status_code == 200, persona
    return response.json()  # type: ignore[no-any-return]


def test_it_names_the_reporter_to_the_workers_side(cast: Cast) -> None:
    case = budis_case(cast)
    for persona in ("ministry_viewer", "lpk_officer", "lpk_viewer"):
        body = _read(cast, persona, case.pk)
        assert (body["participant"], body["description"]) == (cast.budi.pk, STORY), persona


def test_it_keeps_the_reporter_from_a_company_without_consent_to_say_who(cast: Cast) -> None:
    case = budis_case(cast)
    referred(cast, case, body=Body.COMPANY)
    body = _read(cast, "company_officer", case.pk)
    assert (body["participant"], body["reporter_name"], body["description"]) == (None, None, None)
    listed = client_for(cast.company_officer).get("/api/v1/grievances/").content.decode()
    for words in (STORY, MESSAGE, CONTACT, cast.budi.full_name):
        assert words not in listed
    assert f'"participant":{cast.budi.pk}' not in listed.replace(" ", "")


def test_it_names_the_reporter_to_a_company_with_consent_to_say_who(cast: Cast) -> None:
    case = budis_case(cast)
    referred(cast, case, body=Body.COMPANY, identity=True)
    assert _read(cast, "company_officer", case.pk)["participant"] == cast.budi.pk
