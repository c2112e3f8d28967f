"""In a real Chromium: a refused status change answers in place of its form
(htmx swaps the 422 answer, static/js/answers.js) with the cursor at the
field to fix, a final status is confirmed in place; and on a new job order,
changing the job category after the start date still reloads the operations
(each field carries its own trigger)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from playwright.sync_api import Page, expect

from accounts.models import User
from tests.cast import Cast


def test_a_refused_status_change_answers_at_the_form(
    page: Page, live_server: Any, transactional_db: None, cast: Cast, sign_in: Callable[[Page, User], None]
) -> None:
    sign_in(page, cast.lpk_officer)
    detail = f"{live_server.url}/participants/{cast.budi.pk}/"
    page.goto(detail)
    page.click("form.languages button[value=en]")

    page.select_option("#id_to", "withdrawn")
    page.click("#status-change button[type=submit]")

    section = page.locator("#status-change")
    expect(section.locator(".errorlist")).to_have_text("Give a reason for “withdrawn”.")
    expect(page.locator("#id_reason")).to_be_focused()
    assert page.url == detail  # swapped in place, no new page

    page.fill("#id_reason", "Moved abroad")
    page.click("#status-change button[type=submit]")
    expect(section).to_contain_text("It is final")
    page.click("#status-change button >> text=Yes, change to")

    expect(page.locator(".badges .status")).to_have_text("withdrawn")
    expect(page.locator("main")).to_contain_text("Status changed.")


def test_the_operations_follow_the_job_category_after_the_start_date(
    page: Page, live_server: Any, transactional_db: None, cast: Cast, sign_in: Callable[[Page, User], None]
) -> None:
    from joborders.tests.world import build_japan  # noqa: PLC0415 - needs Django set up

    japan = build_japan(cast)
    sign_in(page, cast.company_officer)
    page.goto(f"{live_server.url}/joborders/new/")
    page.click("form.languages button[value=en]")

    # The start date reloads the job type fields. A person takes longer than that
    # reload; a script must wait until it has settled, or it picks the category on
    # the fragment about to be replaced.
    page.evaluate(
        "() => { window.reloaded = false;"
        " document.body.addEventListener('htmx:afterSettle', () => { window.reloaded = true; }, {once: true}); }"
    )
    page.fill("#id_start_date", "2026-10-01")
    page.wait_for_function("() => window.reloaded")
    page.select_option("#id_job_category", str(japan.welding.pk))
    operations = page.locator("#id_operation")
    expect(operations).to_contain_text("7-7-1 Manual welding")
    page.select_option("#id_operation", str(japan.manual_welding.pk))

    page.select_option("#id_job_category", str(japan.casting.pk))  # a select the fragment brought back

    expect(operations).to_contain_text("6-1-1 Die casting")
    expect(operations).not_to_contain_text("7-7-1")
