"""In a real Chromium, in Japanese, on a 360 px phone: the ministry's
pipeline dashboard (the funnel drawn, its table beneath) and the prefectural
government's map of Japan with its own prefecture marked. Each page fits the
phone with no serious or critical axe-core finding; screenshots are kept
under /tmp/jembatan-reports/ for a person to look at."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.models import User
from tests.browser.conftest import PHONE, PageFactory
from tests.browser.pagecheck import load_axe, phone_problems
from tests.cast import Cast

SCREENSHOTS = Path(tempfile.gettempdir()) / "jembatan-reports"


def _open_in_japanese(
    new_page: PageFactory, live_server: Any, sign_in: Callable[[Page, User], None], user: User
) -> Page:
    page = new_page(viewport=PHONE, locale="ja-JP")
    load_axe(page.context)
    sign_in(page, user)
    page.context.add_cookies([{"name": "django_language", "value": "ja", "url": live_server.url}])
    return page


def _check(page: Page, name: str) -> None:
    expect(page.locator("html")).to_have_attribute("lang", "ja")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    assert not phone_problems(page, width=PHONE["width"])


def test_the_ministry_reads_its_pipeline_and_the_prefecture_its_map(
    new_page: PageFactory,
    live_server: Any,
    transactional_db: None,
    cast: Cast,
    sign_in: Callable[[Page, User], None],
) -> None:
    from reference.loader import load_prefectures  # noqa: PLC0415 - needs Django set up
    from reports.tests.world import cast_figures  # noqa: PLC0415

    load_prefectures()
    cast_figures(cast, taken_at=timezone.now())

    ministry = _open_in_japanese(new_page, live_server, sign_in, cast.ministry_officer)
    ministry.goto("/reports/pipeline/")
    funnel = ministry.locator("#funnel svg[role=img]")
    expect(funnel).to_be_visible()
    box = funnel.bounding_box()
    assert box is not None
    assert box["width"] <= PHONE["width"]
    expect(ministry.locator("#funnel table caption")).to_have_count(1)
    _check(ministry, "ministry-pipeline-ja")

    prefecture = _open_in_japanese(new_page, live_server, sign_in, cast.prefecture_officer)
    prefecture.goto("/reports/placements/")
    japan = prefecture.locator("#active-by-prefecture svg.chart-map")
    expect(japan).to_be_visible()
    expect(japan.locator("path")).to_have_count(47)
    # "宮城県：20" once the Japanese catalogue has the pattern; "宮城県: 20" before.
    expect(japan.locator("path.highlighted title")).to_have_text(re.compile(r"^宮城県[:：] ?20$"))
    expect(prefecture.locator("#active-by-prefecture table tbody th").first).to_have_text("宮城県")
    _check(prefecture, "prefecture-map-ja")
