"""The content check reads what a file is from its bytes, whatever its name."""

from __future__ import annotations

import hashlib
import io

import pytest

from lib.filecheck import JPEG, PDF, PNG, ContentRefused, check_content, content_type, fingerprint, read_head
from lib.tests import samples

EVERY_TYPE = {PDF, JPEG, PNG}


@pytest.mark.parametrize(
    ("content", "expected"),
    [(samples.pdf(), PDF), (samples.jpeg(), JPEG), (samples.png(), PNG)],
    ids=["pdf", "jpeg", "png"],
)
def test_it_recognises_pdf_jpeg_and_png_by_their_signature(content: bytes, expected: str) -> None:
    assert content_type(content) == expected
    assert check_content(content, allowed=EVERY_TYPE) == expected


@pytest.mark.parametrize(
    "content",
    [samples.windows_program(), samples.web_page(), b"just some text", b""],
    ids=["exe", "html", "text", "empty"],
)
def test_it_refuses_anything_else(content: bytes) -> None:
    with pytest.raises(ContentRefused):
        check_content(content, allowed=EVERY_TYPE)


def test_it_says_what_a_web_page_really_is() -> None:
    with pytest.raises(ContentRefused) as refused:
        check_content(samples.web_page(), allowed=EVERY_TYPE)
    assert refused.value.detected == "text/html"


def test_it_refuses_an_allowed_type_outside_the_allowed_set() -> None:
    with pytest.raises(ContentRefused) as refused:
        check_content(samples.pdf(), allowed={JPEG, PNG})
    assert refused.value.detected == PDF


def test_it_is_not_fooled_by_a_pdf_signature_later_in_the_file() -> None:
    assert content_type(samples.web_page() + samples.pdf()) != PDF


def test_it_fingerprints_in_chunks_and_rewinds() -> None:
    content = samples.pdf() * 5000
    stream = io.BytesIO(content)
    facts = fingerprint(stream)
    assert facts.size == len(content)
    assert facts.sha256 == hashlib.sha256(content).hexdigest()
    assert stream.tell() == 0


def test_it_reads_only_the_head_and_rewinds() -> None:
    stream = io.BytesIO(b"x" * 100_000)
    assert len(read_head(stream)) == 8192
    assert stream.tell() == 0
