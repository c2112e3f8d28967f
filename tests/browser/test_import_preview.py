"""In a real Chromium: an LPK officer uploads a small spreadsheet with one bad
row, reads the error by row, column and reason in the preview, imports the
valid rows, and finds them in the participant list."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from tests.cast import PASSWORD, Cast

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def test_it_previews_errors_and_imports_the_valid_rows(  # noqa: PLR0917 - pytest fixtures
    page: Page, live_server: Any, transactional_db: None, cast: Cast, tmp_path: Path, settings: Any
) -> None:
    from spreadsheets.tests.files import person, xlsx  # noqa: PLC0415 - needs Django set up

    settings.IMPORT_FILES_DIR = tmp_path / "imports"
    bad = person(cast, 3, **{"Jenis Kelamin": "X"})
    spreadsheet = tmp_path / "peserta.xlsx"
    spreadsheet.write_bytes(xlsx([person(cast, 1, **{"Nama Lengkap": "Wulan Sari"}), person(cast, 2), bad]))

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "lpk_officer")
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.click("nav.menu >> text=Impor")  # "Import", in Indonesian by default
    page.click("form.languages button[value=en]")
    page.set_input_files("input[name=file]", str(spreadsheet))
    page.click("form.import-upload button[type=submit]")

    expect(page.locator("#count-new")).to_have_text("2")
    expect(page.locator("#count-invalid")).to_have_text("1")
    error = page.locator("table.import-issues tbody tr")
    expect(error).to_have_count(1)
    expect(error).to_contain_text("4")  # the row, as Excel numbers it
    expect(error).to_contain_text("Jenis Kelamin")
    expect(error).to_contain_text("“X” is not a sex")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "import-preview.png"), full_page=True)

    page.click("button.import-commit")
    expect(page.locator(".import-state")).to_have_text("imported")

    page.goto(f"{live_server.url}/participants/?q=Wulan")
    expect(page.locator("#results")).to_contain_text("Wulan Sari")
