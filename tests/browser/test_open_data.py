"""The open-data page on a 360 px phone, as a visitor without an account
finds it: from the login page, with small cells withheld, in each language
through the page's own switcher, and its CSV file downloaded. Each page is
checked for the phone (width, tap targets, axe)."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from reports.tests.open_data_world import open_data_world
from tests.browser.conftest import PHONE, open_context
from tests.browser.pagecheck import load_axe, phone_problems


def _fits(page: Page) -> None:
    problems = phone_problems(page, width=PHONE["width"])
    assert not problems, f"{page.url}:\n" + "\n".join(problems)


def test_it_shows_the_open_data_on_a_phone_in_every_language(
    browser: Browser, live_server: LiveServer, transactional_db: None
) -> None:
    open_data_world()
    context = open_context(browser, live_server, viewport=PHONE, locale="id-ID")
    load_axe(context)
    page = context.new_page()
    try:
        page.goto("/accounts/login/")
        page.locator("main a[href='/open-data/']").click()
        expect(page.locator("html")).to_have_attribute("lang", "id")
        expect(page.locator("#departures-by-year tbody tr").nth(2)).to_contain_text("<10")
        _fits(page)
        context.clear_cookies()  # the login page's CSRF cookie: what follows must set none
        for language, place in [("ja", "宮城県"), ("en", "Miyagi")]:
            page.goto("/open-data/")  # as the visitor came, the menu folded
            page.locator("header summary").click()
            page.locator(f"header .languages a[lang='{language}']").click()
            expect(page.locator("html")).to_have_attribute("lang", language)
            expect(page.locator("#workers-in-japan tbody tr").first).to_contain_text(place)
            _fits(page)
        assert not context.cookies(), "the open data sets no cookie"
        with page.expect_download() as download:
            page.locator("#titp-to-ssw a[download]").click()
        assert re.fullmatch(r"jembatan-titp-to-ssw-\d{4}-\d{2}-\d{2}\.csv", download.value.suggested_filename)
    finally:
        context.close()
