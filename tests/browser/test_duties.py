"""In a real Chromium, on a 360-px phone in Japanese: the supervising
organization finds the overdue monthly visit (訪問指導) on its to-do list,
records it in Japanese (a visit dated tomorrow is refused at its field and
what was typed stays), and the visit is listed while the overdue one is gone."""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Callable
from typing import Any

from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.models import User
from tests.browser.conftest import PHONE, PageFactory
from tests.cast import Cast

CHECKED = "実習日誌、労働時間および宿舎を確認した。指導事項なし。"


def test_the_supervising_organization_records_a_monthly_visit_in_japanese(
    new_page: PageFactory,
    live_server: Any,
    transactional_db: None,
    cast: Cast,
    sign_in: Callable[[Page, User], None],
) -> None:
    from placements.models import MonthlyVisit  # noqa: PLC0415 - needs Django set up
    from placements.tests.duty_world import budi_at_work  # noqa: PLC0415

    budi_at_work(cast)
    today = timezone.now().astimezone(zoneinfo.ZoneInfo("Asia/Tokyo")).date()

    phone = new_page(viewport=PHONE, locale="ja-JP")
    sign_in(phone, cast.supervising_officer)
    phone.context.add_cookies([{"name": "django_language", "value": "ja", "url": live_server.url}])
    phone.goto(f"{live_server.url}/placements/todo/")
    expect(phone.locator("html")).to_have_attribute("lang", "ja")
    visit_form = "a[href='/placements/duties/visit/new/']"
    overdue = phone.locator("main .checklist li", has=phone.locator(".mark-bad")).filter(has=phone.locator(visit_form))
    expect(overdue).to_have_count(1)
    overdue.locator(visit_form).click()

    phone.select_option("#id_company", str(cast.company.pk))
    phone.fill("#id_visited_on", (today + datetime.timedelta(days=1)).isoformat())
    phone.fill("#id_visitor", "佐藤花子")
    phone.fill("#id_checked", CHECKED)
    phone.click("main form button[type=submit]")
    expect(phone.locator("#id_visited_on_error, .errorlist").first).to_be_visible()
    expect(phone.locator("#id_checked")).to_have_value(CHECKED)
    expect(phone.locator("#id_visitor")).to_have_value("佐藤花子")
    assert not MonthlyVisit.objects.exists()

    phone.fill("#id_visited_on", today.isoformat())
    phone.click("main form button[type=submit]")
    phone.wait_for_url("**/placements/duties/#top")
    expect(phone.locator("main")).to_contain_text(CHECKED)
    expect(phone.locator("main")).to_contain_text("佐藤花子")
    visit = MonthlyVisit.objects.get()
    assert (visit.company_id, visit.visited_on, visit.checked) == (cast.company.pk, today, CHECKED)

    phone.goto(f"{live_server.url}/placements/todo/")
    expect(
        phone.locator("main .checklist li", has=phone.locator(".mark-bad")).filter(has_text="訪問指導")
    ).to_have_count(0)
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
