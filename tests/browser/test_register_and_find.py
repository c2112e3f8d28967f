"""In a real Chromium: an LPK officer logs in, registers a participant (the
katakana name is suggested as the name is typed), finds them through the live
search, and switches the interface to Japanese."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from tests.cast import PASSWORD, Cast
from tests.nik import make_nik

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def test_it_registers_finds_and_speaks_japanese(
    page: Page, live_server: Any, transactional_db: None, cast: Cast
) -> None:
    page.set_viewport_size({"width": 360, "height": 780})
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "lpk_officer")
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    expect(page.locator("h1")).to_have_text("Beranda")  # "Home", in Indonesian by default

    page.goto(f"{live_server.url}/participants/new/")
    page.fill("#id_full_name", "Rina Wati")
    expect(page.locator("#id_name_katakana")).to_have_value("リナ・ワティ")  # suggested over htmx
    birth = datetime.date(2004, 2, 29)
    page.fill("#id_nik", make_nik(birth, sex="F", serial=31))
    page.select_option("#id_sex", "F")
    page.fill("#id_birth_date", birth.isoformat())
    page.select_option("#id_training_centre", str(cast.blk.pk))
    page.select_option("#id_sending_organization", str(cast.lpk.pk))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "register-360.png"), full_page=True)
    page.click("form.record button[type=submit]")
    expect(page.locator("h1")).to_have_text("Rina Wati")
    expect(page.locator("main")).to_contain_text("リナ・ワティ")

    page.goto(f"{live_server.url}/participants/")
    page.fill("#id_q", "rina")
    expect(page.locator("#results tbody tr")).to_have_count(1)  # narrowed by htmx, no reload
    expect(page.locator("#results")).to_contain_text("Rina Wati")
    page.screenshot(path=str(SCREENSHOTS / "list-360.png"), full_page=True)

    page.click("header summary")  # on a phone the language switch sits in the folded menu
    page.click("form.languages button[value=ja]")
    expect(page.locator("html")).to_have_attribute("lang", "ja")
    expect(page.locator("h1")).to_have_text("参加者")
    page.screenshot(path=str(SCREENSHOTS / "list-ja-360.png"), full_page=True)
