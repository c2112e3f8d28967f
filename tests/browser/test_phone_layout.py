"""The layout's promises, one at a time: a skip link as the first key press, a
focus ring you can see, a menu and filters that fold on a phone (no script of
the page's own) and show whole on a wide screen, and list rows as cards."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect

from accounts.models import User
from tests.browser.conftest import PHONE, PageFactory
from tests.cast import Cast

SignIn = Callable[[Page, User], None]


def test_it_skips_to_the_content_with_the_first_key_press(phone_page: Page, cast: Cast, sign_in: SignIn) -> None:
    sign_in(phone_page, cast.lpk_officer)
    phone_page.goto("/participants/")
    skip = phone_page.locator("a.skip-link")
    expect(skip).not_to_be_in_viewport()

    phone_page.keyboard.press("Tab")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    phone_page.keyboard.press("Enter")

    expect(phone_page.locator("main")).to_be_focused()
    phone_page.keyboard.press("Tab")
    expect(phone_page.locator("main a.button")).to_be_focused()  # the page's first control, not the menu


def test_it_rings_the_focused_control(page: Page, cast: Cast, sign_in: SignIn) -> None:
    sign_in(page, cast.lpk_officer)
    page.goto("/participants/")
    page.locator("#id_q").focus()
    page.keyboard.press("Tab")  # focus-visible follows the keyboard

    ring = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, parseFloat(s.outlineWidth)]; }"
    )
    assert ring[0] == "solid"
    assert ring[1] >= 2


def test_it_folds_the_menu_and_the_filters_on_a_phone(phone_page: Page, cast: Cast, sign_in: SignIn) -> None:
    sign_in(phone_page, cast.lpk_officer)
    phone_page.goto("/participants/")
    menu = phone_page.locator("header nav a", has_text="Impor")
    expect(menu).to_be_hidden()
    expect(phone_page.locator("#id_q")).to_be_visible()  # the search stays out
    expect(phone_page.locator("#id_status")).to_be_hidden()

    phone_page.locator("header summary").click()
    expect(menu).to_be_visible()
    box = menu.bounding_box()
    assert box is not None
    assert box["height"] >= 44
    phone_page.locator("header summary").click()  # the same button folds it again
    expect(menu).to_be_hidden()
    phone_page.locator("form.filters summary").click()
    expect(phone_page.locator("#id_status")).to_be_visible()


def test_it_keeps_the_filters_open_while_one_is_in_use(phone_page: Page, cast: Cast, sign_in: SignIn) -> None:
    sign_in(phone_page, cast.lpk_officer)
    phone_page.goto("/participants/?status=registered")

    expect(phone_page.locator("#id_status")).to_be_visible()
    expect(phone_page.locator("#id_status")).to_have_value("registered")


def test_it_shows_the_menu_and_the_filters_whole_on_a_wide_screen(page: Page, cast: Cast, sign_in: SignIn) -> None:
    sign_in(page, cast.lpk_officer)
    page.goto("/participants/")

    expect(page.locator("header summary")).to_be_hidden()
    expect(page.locator("header nav a", has_text="Impor")).to_be_visible()
    expect(page.locator("form.languages button[value=ja]")).to_be_visible()
    expect(page.locator("form.filters summary")).to_be_hidden()
    expect(page.locator("#id_status")).to_be_visible()
    expect(page.locator("table.participants thead")).to_be_visible()


def test_it_shows_each_row_as_a_card_named_by_its_columns(new_page: PageFactory, cast: Cast, sign_in: SignIn) -> None:
    page = new_page(viewport=PHONE)
    sign_in(page, cast.lpk_officer)
    page.goto("/participants/")
    row = page.locator("table.participants tbody tr").first
    status = row.locator("td:has(.status)")

    expect(status).to_have_attribute("data-label", "Status")
    expect(status).to_be_in_viewport(ratio=1)
    name, status_box = row.locator("td").first.bounding_box(), status.bounding_box()
    assert name is not None
    assert status_box is not None
    assert status_box["y"] > name["y"]  # the status right under the name, not in a column off-screen
    assert status_box["x"] + status_box["width"] <= PHONE["width"]
    expect(page.locator("table.participants th", has_text="NIK")).not_to_be_in_viewport()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def _luminance(rgb: str) -> float:
    """Relative luminance (WCAG 2) of a computed colour such as "rgb(123, 135, 148)"."""
    red, green, blue = (int(part) / 255 for part in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")[:3])

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def _contrast(one: str, other: str) -> float:
    lighter, darker = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_it_draws_form_fields_with_an_edge_of_3_to_1(page: Page, cast: Cast, sign_in: SignIn) -> None:
    # axe checks the contrast of text only; WCAG 1.4.11 asks 3:1 of a control's edge
    # against what is inside it and what is around it.
    sign_in(page, cast.lpk_officer)
    page.goto("/participants/")
    for field in ("#id_q", "#id_status"):
        edge, inside = page.eval_on_selector(
            field, "f => [getComputedStyle(f).borderTopColor, getComputedStyle(f).backgroundColor]"
        )
        around = page.evaluate("getComputedStyle(document.documentElement).backgroundColor")

        assert _contrast(edge, inside) >= 3, field
        assert _contrast(edge, around) >= 3, field
