"""Headers every page carries: the Content-Security-Policy (no inline script
or style, nothing from elsewhere), the Permissions-Policy, and no-store on
whatever holds personal data (every page for a signed-in user, every
download). Static files stay cacheable."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.templatetags.static import static
from django.test import Client
from pytest_django.fixtures import Settings

from participants import actions
from reference.models import DocumentKind
from tests.cast import Cast

BASE_DIR = Path(__file__).resolve().parent.parent


def policy(response: object) -> dict[str, str]:
    header = response["Content-Security-Policy"]  # type: ignore[index]
    return {part.split()[0]: part.strip() for part in header.split(";") if part.strip()}


def no_store(response: object) -> bool:
    return "no-store" in response.get("Cache-Control", "")  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "path", ["/", "/participants/", "/audit/", "/admin/", "/participants/?after=bad", "/no-such-page/"]
)
def test_every_page_for_a_signed_in_user_has_the_policies_and_no_store(client: Client, cast: Cast, path: str) -> None:
    client.force_login(cast.ministry_admin)
    response = client.get(path)

    directives = policy(response)
    assert directives["default-src"] == "default-src 'self'"
    assert directives["script-src"] == "script-src 'self'"
    assert directives["style-src"] == "style-src 'self'"
    assert directives["frame-ancestors"] == "frame-ancestors 'none'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    assert "camera=()" in response["Permissions-Policy"]
    assert no_store(response)
    assert "private" in response["Cache-Control"]


def test_the_sign_in_page_has_the_policies(client: Client) -> None:
    response = client.get("/accounts/login/")
    assert policy(response)["script-src"] == "script-src 'self'"
    assert "Permissions-Policy" in response


@pytest.mark.parametrize(
    "path",
    [
        "/spreadsheets/export/participants.csv",
        "/spreadsheets/export/participants.xlsx",
        "/spreadsheets/template/participants.xlsx",
    ],
)
def test_every_download_is_not_stored(client: Client, cast: Cast, path: str) -> None:
    client.force_login(cast.lpk_officer)
    response = client.get(path)

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert no_store(response)
    assert "Content-Security-Policy" in response


def test_a_document_keeps_its_own_sandbox_policy(
    client: Client, cast: Cast, settings: Settings, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    document = actions.upload_document(
        participant_id=cast.budi.pk,
        upload=actions.DocumentUpload(
            kind=DocumentKind.PHOTO,
            file=SimpleUploadedFile("photo.png", png, content_type="image/png"),
            number="",
            issued_on=None,
            expires_on=None,
        ),
        by=cast.lpk_officer,
    )
    client.force_login(cast.lpk_officer)
    response = client.get(f"/participants/{cast.budi.pk}/documents/{document.pk}/")

    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert no_store(response)


def test_static_files_stay_cacheable(client: Client, cast: Cast) -> None:
    client.force_login(cast.lpk_officer)
    response = client.get(static("css/app.css"))

    assert response.status_code == 200
    assert not no_store(response)


# --- templates: nothing inline that the policy would refuse -------------------------

TEMPLATE_DIRS = [BASE_DIR / "templates", *BASE_DIR.glob("*/templates")]
INLINE = {
    "an inline <script> (move it to a file under static/)": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I),
    "an inline event handler such as onclick=": re.compile(r"<[^>]*\son[a-z]+\s*=", re.I),
    "a javascript: address": re.compile(r"javascript:", re.I),
    "htmx's hx-on (it runs code from the attribute)": re.compile(r"\bhx-on", re.I),
    "a style= attribute (use a class in static/css)": re.compile(r"<[^>]*\sstyle\s*=", re.I),
    "a <style> element": re.compile(r"<style[\s>]", re.I),
}


def test_it_finds_the_templates() -> None:
    assert sum(1 for folder in TEMPLATE_DIRS for _ in folder.rglob("*.html")) > 40


@pytest.mark.parametrize("rule", sorted(INLINE))
def test_no_template_has_inline_code_or_style(rule: str) -> None:
    found = [
        f"{path.relative_to(BASE_DIR)}:{text[: match.start()].count(chr(10)) + 1}"
        for folder in TEMPLATE_DIRS
        for path in folder.rglob("*.html")
        for text in [path.read_text()]
        for match in INLINE[rule].finditer(text)
    ]
    assert not found, f"{rule}: {found}"


def test_the_scan_would_find_each_kind() -> None:
    samples = {
        "an inline <script> (move it to a file under static/)": "<script>alert(1)</script>",
        "an inline event handler such as onclick=": '<button type="button" onclick="go()">',
        "a javascript: address": '<a href="javascript:go()">',
        "htmx's hx-on (it runs code from the attribute)": '<div hx-on:click="go()">',
        "a style= attribute (use a class in static/css)": '<p style="color: red">',
        "a <style> element": "<style>p {}</style>",
    }
    assert set(samples) == set(INLINE)
    for rule, sample in samples.items():
        assert INLINE[rule].search(sample), rule
    assert not INLINE["an inline <script> (move it to a file under static/)"].search(
        '<script src="/static/x.js" defer>'
    )
