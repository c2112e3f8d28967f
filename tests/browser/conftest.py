"""Fixtures for browser tests: Debian's Chromium driven by Playwright against
pytest-django's live server.

Every test in this folder is marked ``browser`` (``make test-browser`` runs
them; the SQLite and PostgreSQL runs skip them). Pages are opened relative to
the live server (``page.goto("/healthz")``), which also gives the test a
transactional database, so rows it creates are visible to the server thread.

Chromium comes from Debian (``scripts/services.sh chromium``), never from
``playwright install``, which downloads a browser and fails on these machines.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, ViewportSize, sync_playwright
from pytest_django.live_server_helper import LiveServer

if TYPE_CHECKING:
    from accounts.models import User

CHROMIUM = os.environ.get("JEMBATAN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root, where Chromium's sandbox cannot start
    "--disable-gpu",
    # Containers often give /dev/shm 64 MB, too little for a renderer.
    "--disable-dev-shm-usage",
    # The machines reach package registries only: Chromium's own calls home
    # would be refused (or time out) many times per start.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
DESKTOP = ViewportSize(width=1280, height=800)
PHONE = ViewportSize(width=360, height=740)
# Fail a step in seconds rather than after Playwright's default 30 s.
TIMEOUT_MS = 10_000

HERE = Path(__file__).resolve().parent

PageFactory = Callable[..., Page]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # Collection hooks see every item of the session, not only this folder's.
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} not found: run scripts/services.sh chromium (as root)")
    # Playwright's sync API keeps an asyncio loop running in this thread, so
    # Django would refuse every ORM call from the test (fixtures included)
    # as "called from an async context". The calls are in fact synchronous.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    manager = sync_playwright().start()
    yield manager
    manager.stop()
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


def open_context(browser: Browser, live_server: LiveServer, *, viewport: ViewportSize, locale: str) -> BrowserContext:
    """A fresh context (no cookies) on the live server; the caller closes it."""
    context = browser.new_context(
        base_url=live_server.url,
        viewport=viewport,
        locale=locale,
        timezone_id=settings.TIME_ZONE,
        is_mobile=viewport["width"] < 600,
        has_touch=viewport["width"] < 600,
    )
    context.set_default_timeout(TIMEOUT_MS)
    return context


@pytest.fixture
def new_page(browser: Browser, live_server: LiveServer) -> Iterator[PageFactory]:
    """Opens pages in fresh browser contexts (no cookies shared between them).

    ``new_page(viewport=PHONE, locale="ja-JP")``; every page resolves relative
    URLs against the live server.
    """
    contexts: list[BrowserContext] = []

    def open_page(*, viewport: ViewportSize = DESKTOP, locale: str = "id-ID") -> Page:
        context = open_context(browser, live_server, viewport=viewport, locale=locale)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page: PageFactory) -> Page:
    """A desktop-sized page in a fresh context."""
    return new_page()


@pytest.fixture
def phone_page(new_page: PageFactory) -> Page:
    """A 360x740 touch page, the size of the phones participants use."""
    return new_page(viewport=PHONE)


@pytest.fixture
def sign_in(live_server: LiveServer) -> Callable[[Page, User], None]:
    """Signs ``user`` in on ``page`` without going through the login form.

    Tests of the login page itself should fill the form instead.
    """

    def sign_in_on(page: Page, user: User) -> None:
        client = Client()
        client.force_login(user)
        page.context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                }
            ]
        )

    return sign_in_on
