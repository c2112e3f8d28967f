"""Templates printed to PDF (lib.pdf): Japanese and Latin text embedded in the
Noto CJK fonts, A4 from the shared stylesheet, photos from the storage, and
nothing fetched from anywhere else."""

from __future__ import annotations

import base64
import http.server
import io
import logging
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import ExifTags, Image
from pytest_django.fixtures import Settings

from lib import pdf
from lib.tests import pdfs, samples

SAMPLES = Path(__file__).resolve().parent / "templates"
A4_POINTS = (595.28, 841.89)


@pytest.fixture(autouse=True)
def sample_templates(settings: Settings) -> None:
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], SAMPLES]}]


def _letter(**context: object) -> bytes:
    values: dict[str, object] = {"title": "履歴書", "body": "", "indonesian": "", "image": ""}
    values.update(context)
    return pdf.render_pdf("pdf_samples/letter.html", values)


def test_it_prints_japanese_and_latin_text_that_reads_back() -> None:
    printed = _letter(body="氏名 ブディ・サントソ（BUDI SANTOSO）、満24歳。", indonesian="Lembaga Pelatihan Kerja")

    text = pdfs.text(printed)
    assert "履歴書" in text
    assert "ブディ・サントソ" in text
    assert "BUDI SANTOSO" in text
    assert "満24歳" in text
    assert "Lembaga Pelatihan Kerja" in text


def test_it_keeps_weasyprints_progress_out_of_the_log(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO):
        _letter(body="静かに")

    assert not [record for record in caplog.records if record.name.startswith("weasyprint")]


def test_it_embeds_the_noto_cjk_fonts() -> None:
    printed = _letter(body="溶接 Teknik Las")

    fonts = pdfs.fonts(printed)
    names = {font.name.replace("-", "") for font in fonts}
    assert any(name.startswith("NotoSansCJKJP") for name in names), names
    assert any(name.startswith("NotoSerifCJKJP") for name in names), names  # the heading
    assert all(font.embedded for font in fonts), fonts


def test_it_prints_on_a4_from_the_shared_stylesheet() -> None:
    page = pdfs.reader(_letter(body="A4")).pages[0]

    assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(A4_POINTS, abs=0.5)


def test_it_shows_a_photo_from_the_storage(media: Path) -> None:
    name = default_storage.save("documents/1/photo.png", ContentFile(samples.png()))

    printed = _letter(image=pdf.media_url(name))

    assert pdfs.image_count(printed) == 1


def test_it_leaves_out_a_stored_photo_that_is_missing(media: Path) -> None:
    printed = _letter(body="写真なし", image=pdf.media_url("documents/1/gone.png"))

    assert pdfs.image_count(printed) == 0
    assert "写真なし" in pdfs.text(printed)


def test_it_shows_an_inline_data_image() -> None:
    inline = "data:image/png;base64," + base64.b64encode(samples.png()).decode()

    assert pdfs.image_count(_letter(image=inline)) == 1


def _jpeg(size: tuple[int, int], *, orientation: int | None = None, gps: bool = False) -> bytes:
    exif = Image.Exif()
    if orientation is not None:
        exif[ExifTags.Base.Orientation] = orientation
    if gps:
        exif[ExifTags.Base.GPSInfo] = {ExifTags.GPS.GPSLatitudeRef: "S", ExifTags.GPS.GPSLatitude: (6.0, 14.0, 0.0)}
    out = io.BytesIO()
    Image.new("RGB", size, (180, 40, 40)).save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def _decoded(url: str) -> Image.Image:
    prefix = "data:image/jpeg;base64,"
    assert url.startswith(prefix)
    return Image.open(io.BytesIO(base64.b64decode(url.removeprefix(prefix))))


def test_it_scales_a_photo_to_print_resolution_for_its_box() -> None:
    url = pdf.photo_data_url(io.BytesIO(_jpeg((3000, 4000))), width_mm=30, height_mm=40)

    # 30 × 40 mm at 300 dpi: 354 × 472 pixels.
    assert _decoded(url).size == (354, 472)
    assert pdfs.image_count(_letter(image=url)) == 1


def test_it_keeps_a_small_photo_as_it_is() -> None:
    assert _decoded(pdf.photo_data_url(io.BytesIO(_jpeg((120, 160))), width_mm=30, height_mm=40)).size == (120, 160)


def test_it_turns_a_photo_upright_as_the_camera_meant() -> None:
    # Stored landscape, marked "rotate 90° clockwise" by the phone: a portrait photo.
    url = pdf.photo_data_url(io.BytesIO(_jpeg((400, 300), orientation=6)), width_mm=30, height_mm=40)

    assert _decoded(url).size == (300, 400)


def test_it_drops_the_photos_metadata() -> None:
    url = pdf.photo_data_url(io.BytesIO(_jpeg((300, 400), gps=True)), width_mm=30, height_mm=40)

    assert not _decoded(url).getexif()


def test_it_leaves_an_unreadable_photo_out(caplog: pytest.LogCaptureFixture) -> None:
    assert pdf.photo_data_url(io.BytesIO(b"not an image"), width_mm=30, height_mm=40) == ""
    assert "could not be read" in caplog.text


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self) -> None:
        self.requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()
        self.wfile.write(samples.png())

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def remote() -> Iterator[str]:
    """A server on this machine that notes every request it gets."""
    _Recorder.requests = []
    server = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.mark.parametrize("path", ["/photo.png", "/tracker.gif?participant=1"])
def test_it_never_fetches_a_remote_image(remote: str, path: str) -> None:
    with pytest.raises(pdf.PdfError, match="not fetched"):
        _letter(image=f"{remote}{path}")

    assert _Recorder.requests == []


def test_it_never_fetches_a_remote_stylesheet(remote: str) -> None:
    with pytest.raises(pdf.PdfError, match="not fetched"):
        pdf.render_pdf("pdf_samples/stylesheet.html", {"stylesheet": f"{remote}/style.css", "body": "x"})

    assert _Recorder.requests == []


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/hostname",  # a file outside the static files and the storage
        "/static/pdf/base.css",  # what {% static %} gives: relative, refused rather than skipped
        "//example.org/photo.png",  # scheme-relative: would be remote
        "https://example.org/photo.png",
        "ftp://example.org/photo.png",
        "static:../../config/settings.py",  # climbing out of the static folders
        "media:../../etc/hostname",  # climbing out of the storage
        "media:/etc/hostname",
    ],
)
def test_it_refuses_anything_but_local_static_and_stored_files(media: Path, url: str) -> None:
    with pytest.raises(pdf.PdfError, match="not fetched"):
        _letter(image=url)


def test_it_fetches_a_static_stylesheet_by_its_scheme() -> None:
    printed = pdf.render_pdf("pdf_samples/stylesheet.html", {"stylesheet": "static:pdf/base.css", "body": "溶接"})

    assert "溶接" in pdfs.text(printed)


def test_it_says_which_template_is_missing() -> None:
    with pytest.raises(pdf.PdfError, match=re.escape("pdf_samples/none.html")):
        pdf.render_pdf("pdf_samples/none.html", {})


def test_it_says_which_template_is_broken() -> None:
    with pytest.raises(pdf.PdfError, match=re.escape("pdf_samples/broken.html")):
        pdf.render_pdf("pdf_samples/broken.html", {})
