"""Rendering templates to PDF (lib.pdf): Japanese glyphs from an embedded
CJK font, the reader's language, and nothing fetched from the network."""

from __future__ import annotations

import copy
from pathlib import Path
from unittest import mock

import pytest
from django.utils import translation
from pytest_django.fixtures import Settings

from lib.pdf import render_pdf
from tests.pdf import embedded_fonts, text_of

# A 1×1 transparent PNG.
PIXEL = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="


@pytest.fixture
def template(settings: Settings, tmp_path: Path) -> str:
    (tmp_path / "sample.html").write_text(
        '{% extends "pdf/base.html" %}{% block content %}<p>{{ name }} <span lang="ja">{{ kana }}</span></p>'
        '<img src="{{ image }}" alt="">{% endblock %}',
        encoding="utf-8",
    )
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [*templates[0]["DIRS"], tmp_path]
    settings.TEMPLATES = templates
    return "sample.html"


def test_it_writes_katakana_with_an_embedded_japanese_font(template: str) -> None:
    pdf = render_pdf(
        template, {"name": "Budi Santoso", "kana": "ブディ・サントソ", "image": f"data:image/png;base64,{PIXEL}"}
    )

    assert pdf.startswith(b"%PDF-")
    assert "Budi Santoso ブディ・サントソ" in text_of(pdf)
    fonts = embedded_fonts(pdf)
    assert any(font.endswith("+Noto-Sans-CJK-JP") for font in fonts), fonts


def test_it_gives_the_page_the_readers_language(template: str) -> None:
    with translation.override("ja"), mock.patch("weasyprint.HTML") as html:
        html.return_value.write_pdf.return_value = b"%PDF-"
        render_pdf(template, {"name": "", "kana": "", "image": ""})

    assert '<html lang="ja">' in html.call_args.kwargs["string"]


def test_it_fetches_nothing_from_the_network(template: str) -> None:
    with mock.patch("urllib.request.OpenerDirector.open") as network:
        pdf = render_pdf(template, {"name": "x", "kana": "", "image": "http://169.254.169.254/latest/meta-data"})

    assert pdf.startswith(b"%PDF-")
    assert not network.called
