"""What a participant's phone downloads for the grievance form on a first
visit (empty cache), compressed: the page and every file it loads (CSS,
scripts, fonts, images), as Chromium fetched them, each gzipped as the
server's proxy (HTML) and WhiteNoise's precompressed copies (static files)
send them. Target: 60 KB or less (issue 14, Figures).

Run alone to read the figures:
``JEMBATAN_ENV=test .venv/bin/pytest -p no:xdist -q -s -m browser tests/browser/test_grievance_form_weight.py``
"""

from __future__ import annotations

import gzip
from collections.abc import Callable

from playwright.sync_api import Page, Response

from accounts.models import User
from tests.browser.conftest import PHONE, PageFactory
from tests.cast import Cast

LIMIT_BYTES = 60 * 1024
SignIn = Callable[[Page, User], None]


def _first_visit_bytes(page: Page, url: str) -> tuple[int, dict[str, int]]:
    """The gzipped size of each response the page's first load fetched, and their sum."""
    fetched: list[Response] = []

    # Playwright takes a Python function here, not a bound method of a builtin list.
    def keep(response: Response) -> None:
        fetched.append(response)

    page.on("response", keep)
    page.goto(url, wait_until="networkidle")
    sizes = {response.url: len(gzip.compress(response.body(), compresslevel=6)) for response in fetched}
    return sum(sizes.values()), sizes


def _check(page: Page, form: str, url: str) -> None:
    total, sizes = _first_visit_bytes(page, url)
    listing = ", ".join(f"{name.rsplit('/', 1)[-1] or name}: {size / 1024:.1f} KB" for name, size in sizes.items())
    print(f"WEIGHT grievance form ({form}) {total / 1024:.1f} KB compressed in {len(sizes)} files ({listing})")
    assert total <= LIMIT_BYTES, f"{form}: {total / 1024:.1f} KB ({listing})"
    assert any(name.endswith(".css") for name in sizes), "the stylesheet was not counted"


def test_it_sends_the_anonymous_grievance_form_in_under_60_kb(new_page: PageFactory) -> None:
    _check(new_page(viewport=PHONE), "anonymous", "/protection/anonymous/")


def test_it_sends_the_workers_own_grievance_form_in_under_60_kb(
    new_page: PageFactory, sign_in: SignIn, cast: Cast
) -> None:
    page = new_page(viewport=PHONE)
    sign_in(page, cast.participant_user)
    _check(page, "own login", "/protection/report/")
