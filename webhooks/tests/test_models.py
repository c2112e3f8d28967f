"""Which addresses may receive webhooks."""

from __future__ import annotations

import pytest
from pytest_django.fixtures import Settings

from webhooks.models import URL_INTERNAL, URL_NO_HOST, URL_NOT_HTTPS, URL_WITH_PASSWORD, url_problem


@pytest.mark.parametrize(
    "url",
    [
        "https://partner.example/hooks",
        "https://partner.example:8443/jembatan/events?source=jembatan",
        "https://203.0.113.7/hooks",
        "  https://partner.example/hooks  ",
    ],
)
def test_it_accepts_https_addresses_on_the_internet(url: str) -> None:
    assert url_problem(url) is None


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("http://partner.example/hooks", URL_NOT_HTTPS),
        ("ftp://partner.example/hooks", URL_NOT_HTTPS),
        ("partner.example/hooks", URL_NO_HOST),
        ("https://", URL_NO_HOST),
        ("https://[::1/hooks", URL_NO_HOST),
        ("https://user:pass@partner.example/hooks", URL_WITH_PASSWORD),
        ("https://localhost/hooks", URL_INTERNAL),
        ("https://api.localhost/hooks", URL_INTERNAL),
        ("https://127.0.0.1/hooks", URL_INTERNAL),
        ("https://[::1]/hooks", URL_INTERNAL),
        ("https://169.254.169.254/latest/meta-data", URL_INTERNAL),
        ("https://0.0.0.0/hooks", URL_INTERNAL),
    ],
)
def test_it_refuses_addresses_it_must_not_call(url: str, problem: object, settings: Settings) -> None:
    settings.WEBHOOKS_ALLOW_HTTP = False
    settings.DEBUG = False
    assert url_problem(url) == problem


@pytest.mark.parametrize("url", ["http://127.0.0.1:8765/hooks", "http://localhost/hooks", "http://[::1]:9000/"])
def test_it_allows_plain_http_to_this_machine_only_when_told(url: str, settings: Settings) -> None:
    settings.DEBUG = False
    settings.WEBHOOKS_ALLOW_HTTP = False
    assert url_problem(url) == URL_NOT_HTTPS
    settings.WEBHOOKS_ALLOW_HTTP = True
    assert url_problem(url) is None
    settings.WEBHOOKS_ALLOW_HTTP = False
    settings.DEBUG = True
    assert url_problem(url) is None


def test_it_allows_plain_http_nowhere_else(settings: Settings) -> None:
    settings.WEBHOOKS_ALLOW_HTTP = True
    settings.DEBUG = True
    assert url_problem("http://partner.example/hooks") == URL_NOT_HTTPS
