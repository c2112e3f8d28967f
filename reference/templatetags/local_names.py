"""Reference rows (trades, job categories, operations, SSW and ESD fields) by
the name the reader reads, with the official name in small type beside a
translation: ``{% local_name job_order.job_category code=True %}`` reads
"7-7 Pengelasan 溶接" on an Indonesian page and "7-7 溶接" on a Japanese one."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from lib.languages import page_language
from reference.models import LocalNames

register = template.Library()


@register.simple_tag
def local_name(row: LocalNames | None, *, code: bool = False) -> SafeString | str:
    """``code`` puts the row's code in front, as its ``str`` does for job
    categories and operations."""
    if row is None:
        return "—"
    name, language = row.named_in()
    # A name in another language than the page's is marked, so that screen
    # readers pronounce it and the browser picks a Japanese font for kanji.
    shown = format_html('<span lang="{}">{}</span>', language, name) if language != page_language() else name
    row_code = getattr(row, "code", "") if code else ""  # fields are numbered, not coded
    if row_code:
        shown = format_html('<span class="mono">{}</span> {}', row_code, shown)
    if row.other_name:
        shown = format_html('{} <span class="muted" lang="{}">{}</span>', shown, row.official_language, row.other_name)
    return format_html("{}", shown)
