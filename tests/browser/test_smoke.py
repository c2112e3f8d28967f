"""Proves the browser plumbing: Debian's Chromium, driven by Playwright, reaches
the live server and the live server reaches the test database."""

from __future__ import annotations

from django.db import connection
from playwright.sync_api import Page


def test_it_loads_the_health_check_in_chromium(page: Page) -> None:
    response = page.goto("/healthz")

    assert response is not None
    assert response.status == 200
    assert response.json() == {"status": "ok", "database": connection.vendor}


def test_it_renders_on_a_phone_sized_screen(phone_page: Page) -> None:
    phone_page.goto("/healthz")

    assert phone_page.viewport_size == {"width": 360, "height": 740}
    assert '"status": "ok"' in phone_page.inner_text("body")
