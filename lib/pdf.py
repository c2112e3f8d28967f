"""HTML templates rendered to PDF with WeasyPrint.

One base stylesheet for every document: Noto Sans CJK JP (Debian's
fonts-noto-cjk) first, which carries Latin, kana and kanji alike, so that a
page mixing Indonesian and Japanese never falls back to a font without one of
them. The template sets its own ``lang`` attributes; WeasyPrint picks
Japanese glyph forms from them.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.template.loader import render_to_string

BASE_STYLESHEET = """
@page { size: A4; margin: 18mm 16mm; }
html { font-family: "Noto Sans CJK JP", sans-serif; font-size: 10pt; line-height: 1.45; color: #111; }
h1 { font-size: 15pt; margin: 0 0 4mm; }
h2 { font-size: 11.5pt; margin: 5mm 0 2mm; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 0.6pt solid #777; padding: 1.6mm 2mm; text-align: left; vertical-align: top; }
th { background: #eee; }
.muted { color: #555; }
/* Two languages side by side (an offer in Indonesian and Japanese). */
.columns { display: flex; gap: 8mm; }
.columns > section { flex: 1; }
dl.fields { display: grid; grid-template-columns: 38% 62%; gap: 1.2mm 3mm; margin: 0; }
dl.fields dt { color: #444; }
dl.fields dd { margin: 0; }
/* Lines to sign on, side by side. */
.sign { margin-top: 14mm; display: flex; gap: 10mm; }
.sign > div { flex: 1; border-top: 0.6pt solid #333; padding-top: 2mm; }
"""


def render_pdf(template_name: str, context: Mapping[str, object]) -> bytes:
    """The template rendered with ``context``, as PDF bytes."""
    # Imported here: WeasyPrint parses its own stylesheets when imported (and
    # logs it), which every process that loads the URLs would otherwise pay.
    from weasyprint import CSS, HTML  # type: ignore[import-untyped]  # noqa: PLC0415

    html = render_to_string(template_name, dict(context))
    # No base_url: a document draws nothing from outside itself (no fetches from
    # the network or the disk), so it renders the same everywhere.
    document = HTML(string=html)
    pdf: bytes = document.write_pdf(stylesheets=[CSS(string=BASE_STYLESHEET)])
    return pdf
