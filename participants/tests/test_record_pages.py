"""What every page that changes a participant's records promises: it needs a
login, answers 404 to an outsider, and refuses the wrong method."""

from __future__ import annotations

import pytest
from django.test import Client

from participants.tests.records import document
from reference.models import DocumentKind
from tests.cast import Cast

pytestmark = pytest.mark.usefixtures("media")

PAGES = [
    ("/participants/{budi}/language/new/", "delete"),
    ("/participants/{budi}/health/new/", "put"),
    ("/participants/{budi}/documents/new/", "delete"),
    ("/participants/{budi}/documents/{document}/verify/", "get"),
    ("/participants/{budi}/documents/{document}/", "post"),
]


def _url(template: str, cast: Cast) -> str:
    stored = document(cast.budi, DocumentKind.DIPLOMA, cast.lpk_officer)
    return template.format(budi=cast.budi.pk, document=stored.pk)


@pytest.mark.parametrize(("template", "_method"), PAGES)
def test_it_requires_a_login(client: Client, cast: Cast, template: str, _method: str) -> None:
    response = client.post(_url(template, cast))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(("template", "_method"), PAGES)
def test_an_outsider_gets_404(client: Client, cast: Cast, template: str, _method: str) -> None:
    client.force_login(cast.outsider)
    url = _url(template, cast)
    assert client.get(url).status_code in {404, 405}
    assert client.post(url).status_code in {404, 405}
    assert 404 in {client.get(url).status_code, client.post(url).status_code}


@pytest.mark.parametrize(("template", "method"), PAGES)
def test_it_refuses_the_wrong_method(client: Client, cast: Cast, template: str, method: str) -> None:
    client.force_login(cast.ministry_admin)
    assert getattr(client, method)(_url(template, cast)).status_code == 405
