"""In a real Chromium: a ministry officer runs matching for a job order,
reads why each candidate is on the list, takes one off with a reason, and
publishes; the company's officer then sees the published limited profiles."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from accounts.models import User
from tests.cast import Cast

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def test_it_runs_reviews_and_publishes_a_shortlist(  # noqa: PLR0917 - pytest fixtures
    page: Page,
    live_server: Any,
    transactional_db: None,
    cast: Cast,
    tmp_path: Path,
    settings: Any,
    sign_in: Callable[[Page, User], None],
) -> None:
    from joborders.tests.world import build_japan  # noqa: PLC0415 - needs Django set up
    from matching.tests.pool import build_pool, candidate  # noqa: PLC0415

    settings.MEDIA_ROOT = tmp_path / "media"
    japan = build_japan(cast)
    pool = build_pool(cast, japan)
    candidate(cast, pool, japan, "Ana Strong", level=pool.n3)
    candidate(cast, pool, japan, "Bayu Fits")

    sign_in(page, cast.ministry_officer)
    page.goto(f"{live_server.url}/joborders/{pool.order.pk}/")
    page.click("form.languages button[value=en]")
    page.click("a.button >> text=Shortlist")
    page.click("button >> text=Run matching")

    rows = page.locator("table.shortlist tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("Ana Strong")
    expect(rows.first).to_contain_text("same job type")
    expect(rows.first.locator("ul.score-parts li")).to_have_count(6)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "shortlist-draft.png"), full_page=True)

    second = rows.nth(1)
    second.locator("input[name=reason]").fill("Declined the interview")
    second.locator("button >> text=Take off").click()
    expect(page.locator("table.shortlist tbody tr")).to_have_count(1)
    expect(page.locator("main")).to_contain_text("Declined the interview")

    page.click("#publish button >> text=Publish")
    # Asked in place, before anything is shown to the Japanese side.
    expect(page.locator("#publish")).to_contain_text("Publish this shortlist?")
    expect(page.locator(".badges .status")).to_have_text("draft")
    page.click("#publish button >> text=Yes, publish")
    expect(page.locator(".badges .status")).to_have_text("published")

    sign_in(page, cast.company_officer)
    page.goto(f"{live_server.url}/matching/job-orders/{pool.order.pk}/")
    expect(page.locator("table.shortlist tbody tr")).to_have_count(1)
    expect(page.locator("main")).to_contain_text("Ana Strong")
    expect(page.locator("main")).not_to_contain_text("Declined the interview")
