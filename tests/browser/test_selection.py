"""In a real Chromium: the company's officer, reading Japanese, schedules an
interview on Tokyo time (the page shows Jakarta's too), scores it (a score out
of range is refused in place, keeping what was typed), and selects the
candidate; the candidate then accepts the offer on a 360-px phone, in
Indonesian, after a confirmation step."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.models import User
from tests.browser.conftest import PHONE
from tests.browser.pagecheck import scroll_width
from tests.cast import PASSWORD, Cast

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def test_the_company_interviews_and_selects_and_the_candidate_accepts_on_a_phone(  # noqa: PLR0915, PLR0917 - one story; fixtures
    new_page: Callable[..., Page],
    transactional_db: None,
    cast: Cast,
    tmp_path: Path,
    settings: Any,
    sign_in: Callable[[Page, User], None],
) -> None:
    from joborders.tests.world import build_japan, on_day  # noqa: PLC0415 - needs Django set up
    from placements.models import Offer, OfferStatus, Placement  # noqa: PLC0415
    from placements.tests.world import build_selection  # noqa: PLC0415

    settings.MEDIA_ROOT = tmp_path / "media"
    with on_day():  # the order opens before its start date
        selection = build_selection(cast, build_japan(cast))
    ana = selection.candidates[0]
    ana.user = User.objects.create_user(username="ana", password=PASSWORD)
    ana.save(update_fields=["user"])
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    company = new_page(locale="ja-JP")
    sign_in(company, cast.company_officer)
    company.goto(f"/joborders/{selection.order.pk}/")
    company.click("form.languages button[value=ja]")
    expect(company.locator("html")).to_have_attribute("lang", "ja")
    company.click(f"a[href='/placements/job-orders/{selection.order.pk}/interviews/']")

    schedule = company.locator("#schedule")
    schedule.locator("select[name=entry]").select_option(str(selection.entry(ana).pk))
    schedule.locator("input[name=starts_at]").fill(f"{tomorrow.isoformat()}T10:00")
    schedule.locator("input[name=mode][value=online]").check()
    schedule.locator("input[name=link]").fill("https://meet.example.jp/sendai-steel")
    schedule.locator("textarea[name=panel]").fill("佐藤 花子\n鈴木 一郎")
    schedule.locator("button[type=submit]").click()

    row = company.locator("table.interviews tbody tr", has_text="Ana Santoso")
    expect(row).to_contain_text("10:00 JST")
    expect(row).to_contain_text("08:00 WIB")  # the LPK/SO's clock, beside the reader's
    expect(company.locator(".badges .status")).to_have_class("status status-interviewing")
    row.locator("a[href^='/placements/interviews/']").click()

    scores = company.locator("#score")
    fields = scores.locator("input[name^=criterion_]")
    expect(fields).to_have_count(4)
    fields.nth(0).fill("25")  # Japanese is out of 20
    for number in range(1, 4):
        fields.nth(number).fill("15")
    scores.locator("textarea[name=notes]").fill("落ち着いている。")
    scores.locator("button[type=submit]").click()
    refused = company.locator("#score")
    expect(refused.locator(".errorlist")).to_contain_text("25")
    expect(refused.locator("textarea[name=notes]")).to_have_value("落ち着いている。")
    expect(refused.locator("input[name^=criterion_]").nth(1)).to_have_value("15")
    refused.locator("input[name^=criterion_]").nth(0).fill("18")
    refused.locator("button[type=submit]").click()
    expect(company.locator("#score")).to_contain_text("63")  # 18 + 15 + 15 + 15

    company.locator("#select button[type=submit]").click()
    expect(company.locator("#select input[name=confirmed]")).to_have_count(1)
    assert not Offer.objects.exists()  # asked first
    company.locator("#select button[type=submit]").click()
    expect(company.locator(".badges .status")).to_have_class("status status-sent")
    offer = Offer.objects.get(participant=ana)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    company.screenshot(path=str(SCREENSHOTS / "offer-company.png"), full_page=True)

    phone = new_page(viewport=PHONE, locale="id-ID")
    sign_in(phone, ana.user)
    phone.goto("/")
    phone.locator("main a.button[href^='/placements/participants/']").click()
    expect(phone.locator("main")).to_contain_text("Sendai Steel")
    phone.locator(f"main a[href='/placements/offers/{offer.pk}/']").click()
    assert scroll_width(phone) <= PHONE["width"]
    phone.locator("#answer input[value=accept] ~ button").click()
    expect(phone.locator("#answer input[name=confirmed]")).to_have_count(1)
    assert Offer.objects.get(pk=offer.pk).status == OfferStatus.SENT
    phone.screenshot(path=str(SCREENSHOTS / "offer-phone-confirm.png"), full_page=True)
    phone.locator("#answer button[type=submit]").click()
    expect(phone.locator(".badges .status")).to_have_class("status status-accepted")
    assert scroll_width(phone) <= PHONE["width"]
    assert Placement.objects.filter(participant=ana).exists()
    ana.refresh_from_db()
    assert ana.status == "pre_departure"
