"""In a real Chromium: the LPK/SO completes a participant's pre-departure
gate on a 360-px phone (a COE number in the wrong format is refused at its
field and what was typed stays), then the ministry marks the cohort
departed after confirming, and the participant is "departed"."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.models import User
from tests.browser.conftest import PHONE, PageFactory
from tests.cast import Cast

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def _record(page: Page, item: str, values: dict[str, str]) -> None:
    page.click(f"#item-{item} a.button")
    for field, value in values.items():
        page.fill(f"#id_{field}", value)
    page.click("main form button[type=submit]")
    expect(page.locator(f"#item-{item}")).to_have_class("check-met")


def test_the_lpk_completes_the_gate_and_the_ministry_marks_the_cohort_departed(  # noqa: PLR0917 - pytest fixtures
    new_page: PageFactory,
    live_server: Any,
    transactional_db: None,
    cast: Cast,
    tmp_path: Path,
    settings: Any,
    sign_in: Callable[[Page, User], None],
) -> None:
    from joborders.tests.world import build_japan  # noqa: PLC0415 - needs Django set up
    from participants.models import Status  # noqa: PLC0415
    from placements.models import PlacementStatus  # noqa: PLC0415
    from placements.tests.gate_world import cohort, fit_until, job_order, passport, preparing  # noqa: PLC0415

    settings.MEDIA_ROOT = tmp_path / "media"
    today = timezone.localdate()

    def day(days: int) -> str:
        return (today + datetime.timedelta(days=days)).isoformat()

    japan = build_japan(cast)
    placement = preparing(cast, japan, order=job_order(cast, japan, start_date=today + datetime.timedelta(days=60)))
    passport(cast.budi, by=cast.lpk_officer)
    fit_until(cast.budi, today + datetime.timedelta(days=200), cast.lpk_officer)
    flight = cohort(cast.ministry_officer, flight_date=today, placements=(placement,))

    phone = new_page(viewport=PHONE)
    sign_in(phone, cast.lpk_officer)
    # On a phone the language buttons sit behind "Menu"; English, the source language, by its cookie.
    phone.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    phone.goto(f"{live_server.url}/placements/{placement.pk}/gate/")
    _record(phone, "plan_certification", {"applied_on": day(-90), "done_on": day(-60), "number": "2026-OTIT-123"})

    phone.click("#item-coe a.button")
    phone.fill("#id_applied_on", day(-50))
    phone.fill("#id_done_on", day(-20))
    phone.fill("#id_number", "AB12X45678")
    phone.click("main form button[type=submit]")
    expect(phone.locator("#id_number_error, .errorlist").first).to_contain_text("This is not a COE number")
    expect(phone.locator("#id_number")).to_have_value("AB12X45678")
    expect(phone.locator("#id_done_on")).to_have_value(day(-20))
    phone.fill("#id_number", "AB 1234 5678")
    phone.click("main form button[type=submit]")
    expect(phone.locator("#item-coe")).to_have_class("check-met")
    expect(phone.locator("#item-coe")).to_contain_text("AB12345678")

    _record(phone, "visa", {"done_on": day(-10), "number": "V1234567"})
    _record(phone, "orientation", {"hours": "16", "done_on": day(-3), "note": "BP2MI"})
    _record(phone, "insurance", {"note": "BPJS Ketenagakerjaan", "number": "PMI-1", "valid_until": day(365)})
    expect(phone.locator("#gate")).to_contain_text("Everything is in order for a flight on")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=str(SCREENSHOTS / "departure-gate-phone.png"), full_page=True)

    desk = new_page()
    sign_in(desk, cast.ministry_officer)
    desk.goto(f"{live_server.url}/placements/cohorts/{flight.pk}/")
    desk.click("form.languages button[value=en]")
    expect(desk.locator("#board")).to_contain_text("ready to fly")
    desk.click("#depart button >> text=Mark departed")
    expect(desk.locator("#depart")).to_contain_text("Mark this cohort departed?")
    expect(desk.locator(".badges .status")).to_have_text("planned")
    desk.click("#depart button >> text=Yes, they have departed")

    expect(desk.locator(".badges .status")).to_have_text("departed")
    expect(desk.locator("main")).to_contain_text("The cohort has departed")
    placement.refresh_from_db()
    assert placement.status == PlacementStatus.IN_JAPAN
    assert placement.departed_on == today
    assert placement.participant.status == Status.DEPARTED
