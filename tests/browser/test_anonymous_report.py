"""The anonymous grievance end to end on a 360 px phone, as a worker who
will not log in would use it: from the login page to the form, the tracking
code shown once, then later, on a fresh browser, back with the code and PIN
to read the handler's question and answer it. Each page is checked for the
phone (width, tap targets, axe). The same flow also works with JavaScript
switched off, as on a phone that blocks it."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, BrowserContext, FilePayload, Page, expect
from pytest_django.live_server_helper import LiveServer

from protection.actions.conversation import write_note
from protection.models import Case, Door, Note, Visibility
from protection.tests.files import PNG
from tests.browser.conftest import PHONE, TIMEOUT_MS, open_context
from tests.browser.pagecheck import load_axe, phone_problems
from tests.cast import Cast

PIN = "482913"
QUESTION = "Di kota mana asrama Anda? Kami ingin datang."
ANSWER = "Di Sendai, dekat stasiun Izumi-Chuo."
# The case page, from its top after a form was sent.
CASE_PAGE = re.compile(r"/protection/anonymous/case/(#top)?$")


def _fits(page: Page) -> None:
    problems = phone_problems(page, width=PHONE["width"])
    assert not problems, f"{page.url}:\n" + "\n".join(problems)


def _report(page: Page, *, check: bool) -> str:
    """Report from the login page on; the tracking code shown."""
    page.goto("/accounts/login/")
    page.locator("main a[href='/protection/anonymous/']").click()
    if check:
        _fits(page)
        page.reload()  # the check opened the menu
    page.locator("input[name=category][value=wages]").check()
    page.locator("#id_description").fill("Gaji saya dipotong 30.000 yen setiap bulan tanpa penjelasan.")
    page.locator("#id_file").set_input_files(files=FilePayload(name="slip.png", mimeType="image/png", buffer=PNG))
    page.locator("#id_pin").fill(PIN)
    page.locator("#id_pin_again").fill(PIN)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/protection/anonymous/code/$"))
    code = page.locator("#tracking-code").inner_text().strip()
    if check:
        _fits(page)
    return code


def _come_back(page: Page, code: str, *, check: bool) -> None:
    """Back with the code (typed as people do) and PIN; the question read and answered."""
    page.goto("/protection/anonymous/follow/")
    if check:
        _fits(page)
        page.reload()
    page.locator("#id_code").fill(code.lower().replace("-", " "))
    page.locator("#id_pin").fill(PIN)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(CASE_PAGE)
    expect(page.locator("#reply")).to_contain_text(QUESTION)
    if check:
        _fits(page)
        page.reload()
    page.locator("#id_text").fill(ANSWER)
    page.locator("#reply button[type=submit]").click()
    page.wait_for_url(CASE_PAGE)
    expect(page.locator("#reply")).to_contain_text(ANSWER)


def _handler_asks(cast: Cast) -> Case:
    case = Case.objects.get(door=Door.ANONYMOUS)
    write_note(
        case_id=case.pk,
        text=QUESTION,
        visibility=Visibility.REPORTER,
        by=cast.ministry_officer,
        organization=cast.ministry,
    )
    return case


def _context(browser: Browser, live_server: LiveServer, *, script: bool) -> BrowserContext:
    if script:
        context = open_context(browser, live_server, viewport=PHONE, locale="id-ID")
        load_axe(context)
        return context
    context = browser.new_context(
        base_url=live_server.url,
        viewport=PHONE,
        locale="id-ID",
        is_mobile=True,
        has_touch=True,
        java_script_enabled=False,
    )
    context.set_default_timeout(TIMEOUT_MS)
    return context


def _flow(browser: Browser, live_server: LiveServer, cast: Cast, *, script: bool) -> None:
    first = _context(browser, live_server, script=script)
    try:
        code = _report(first.new_page(), check=script)
    finally:
        first.close()
    case = _handler_asks(cast)
    assert case.tracking_code == code
    assert case.attachments.get().content_type == "image/png"
    later = _context(browser, live_server, script=script)  # another day, another browser: nothing carried over
    try:
        _come_back(later.new_page(), code, check=script)
    finally:
        later.close()
    answer = Note.objects.get(case=case, from_reporter=True)
    assert (answer.text, answer.author) == (ANSWER, None)


def test_it_takes_an_anonymous_report_and_its_answer_on_a_phone(
    browser: Browser, live_server: LiveServer, cast: Cast
) -> None:
    _flow(browser, live_server, cast, script=True)


def test_it_works_without_javascript(browser: Browser, live_server: LiveServer, cast: Cast) -> None:
    _flow(browser, live_server, cast, script=False)
