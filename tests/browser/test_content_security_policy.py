"""In a real Chromium: the pages run under their Content-Security-Policy with
nothing refused (no inline script or style, htmx's included) while htmx still
searches and suggests; the admin too."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import ConsoleMessage, Page, expect

from accounts.models import User
from tests.cast import Cast

PAGES = [
    "/",
    "/participants/",
    "/participants/new/",
    "/participants/duplicates/",
    "/training/",
    "/joborders/",
    "/matching/",
    "/audit/",
    "/accounts/two-factor/",
    "/admin/",
    "/admin/accounts/user/",
]


def test_no_page_breaks_its_policy(
    page: Page, transactional_db: None, cast: Cast, sign_in: Callable[[Page, User], None]
) -> None:
    refused: list[str] = []
    page.on("console", lambda message: _note(refused, message))
    # Every refusal, also the ones Chromium does not log (a style attribute set by a script, for one).
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => "
        "console.error('CSP refused ' + e.violatedDirective + ' ' + e.blockedURI));"
    )
    sign_in(page, cast.ministry_admin)
    for path in PAGES:
        response = page.goto(path)
        assert response is not None
        assert response.status == 200, path
        assert "script-src 'self'" in (response.header_value("content-security-policy") or ""), path

    page.goto("/participants/")
    page.fill("#id_q", "siti")
    expect(page.locator("#results tbody tr")).to_have_count(1)  # htmx still swaps under the policy
    page.goto("/participants/new/")
    page.fill("#id_full_name", "Rina Wati")
    expect(page.locator("#id_name_katakana")).to_have_value("リナ・ワティ")

    assert not refused, refused


def _note(refused: list[str], message: ConsoleMessage) -> None:
    text = message.text
    if "Content Security Policy" in text or text.startswith("CSP refused") or "Refused to" in text:
        refused.append(f"{message.type}: {text}")
