"""Reading PDFs back in tests, with pypdf: their text, fonts, images and outline."""

from __future__ import annotations

import io
from dataclasses import dataclass

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, PdfObject


def reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def text(pdf: bytes) -> str:
    """Every page's text, pages separated by a form feed."""
    return "\f".join(page.extract_text() for page in reader(pdf).pages)


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in reader(pdf).pages]


@dataclass(frozen=True)
class Font:
    name: str  # the BaseFont, without the subset prefix ("ABCDEF+")
    embedded: bool  # the font program is in the file


def fonts(pdf: bytes) -> set[Font]:
    found = set()
    for page in reader(pdf).pages:
        resources = _dictionary(page.get("/Resources"))
        for reference in _dictionary(resources.get("/Font")).values():
            font = _dictionary(reference)
            # A composite (Type0) font keeps its program in its descendant font.
            descendants = font.get("/DescendantFonts")
            descendants = descendants.get_object() if isinstance(descendants, PdfObject) else None
            described = _dictionary(descendants[0]) if isinstance(descendants, ArrayObject) else font
            descriptor = _dictionary(described.get("/FontDescriptor"))
            embedded = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
            found.add(Font(name=str(font["/BaseFont"]).lstrip("/").split("+")[-1], embedded=embedded))
    return found


def _dictionary(value: object) -> DictionaryObject:
    resolved = value.get_object() if isinstance(value, PdfObject) else value
    return resolved if isinstance(resolved, DictionaryObject) else DictionaryObject()


def image_count(pdf: bytes) -> int:
    """The images in the file, each counted once however many pages list it."""
    found = set()
    for page in reader(pdf).pages:
        objects = _dictionary(_dictionary(page.get("/Resources")).get("/XObject"))
        for reference in objects.values():
            if _dictionary(reference).get("/Subtype") == "/Image":
                found.add(reference.idnum if isinstance(reference, IndirectObject) else id(reference))
    return len(found)


def outline(pdf: bytes) -> list[tuple[str, int]]:
    """The top-level bookmarks: (title, index of the page they open)."""
    read = reader(pdf)
    found = []
    for item in read.outline:
        if isinstance(item, list):
            continue  # a lower level
        page = read.get_destination_page_number(item)
        assert page is not None, f"the bookmark {item.title} opens no page"
        found.append((str(item.title), page))
    return found
