"""Reading PDFs back in tests (pypdf): their text and the fonts they embed."""

from __future__ import annotations

import io

from pypdf import PdfReader
from pypdf.generic import DictionaryObject


def text_of(pdf: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def embedded_fonts(pdf: bytes) -> set[str]:
    """The base font names of every page, e.g. ``"ABCDEF+Noto-Sans-CJK-JP"`` for an embedded subset."""
    names = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        resources = page["/Resources"].get_object()
        assert isinstance(resources, DictionaryObject)
        fonts = resources["/Font"].get_object()
        assert isinstance(fonts, DictionaryObject)
        for font in fonts.values():
            described = font.get_object()
            assert isinstance(described, DictionaryObject)
            names.add(str(described["/BaseFont"]))
    return names
