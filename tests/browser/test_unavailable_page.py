"""The page a user meets while the database restarts, as a phone shows it in
the user's language: whole at 360 px, no serious axe finding, no traceback,
and a promise that the page will be back (Retry-After)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from pytest_django.fixtures import Settings

from tests.browser.conftest import PHONE, PageFactory
from tests.browser.pagecheck import load_axe, phone_problems

HEADINGS = {"id-ID": "tidak dapat diakses", "en-US": "unavailable", "ja-JP": "一時的に"}


@pytest.fixture(autouse=True)
def database_gone_page(settings: Settings) -> None:
    settings.ROOT_URLCONF = "tests.unavailable_urls"


@pytest.mark.parametrize("locale", ["id-ID", "ja-JP", "en-US"])
def test_it_tells_a_phone_user_in_their_language_that_the_page_will_be_back(new_page: PageFactory, locale: str) -> None:
    page = new_page(viewport=PHONE, locale=locale)
    load_axe(page.context)

    response = page.goto("/database-gone/")

    assert response is not None
    assert response.status == 503
    assert response.headers["retry-after"].isdigit()
    expect(page.locator("h1")).to_contain_text(HEADINGS[locale])
    expect(page.locator("body")).not_to_contain_text("Traceback")
    assert phone_problems(page, width=PHONE["width"]) == []
