"""Names of organizations in the reader's language.

Japanese readers read the Japanese name (name_ja) first; everyone else reads
the name in Latin letters first, with the Japanese name beside it where there
is one (Organization.local_name, Organization.other_name).
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from accounts.models import Organization
from lib.languages import page_language

register = template.Library()


def _local(organization: Organization) -> SafeString | str:
    """The local name; the Japanese one marked as such (the page may be in
    Japanese already, but the mark costs nothing and keeps kanji in a Japanese font)."""
    if page_language() == "ja" and organization.name_ja:
        return format_html('<span lang="ja">{}</span>', organization.name_ja)
    return organization.name


@register.simple_tag
def org_name(organization: Organization | None) -> SafeString | str:
    """The local name with the other one in small type, for headings and detail pages."""
    if organization is None:
        return "—"
    other = organization.other_name
    if not other:
        return _local(organization)
    if page_language() == "ja":
        return format_html('{} <span class="muted">{}</span>', _local(organization), other)
    return format_html('{} <span class="muted" lang="ja">{}</span>', _local(organization), other)


@register.simple_tag
def org_short_name(organization: Organization | None) -> SafeString | str:
    """One name only, for tight places (a table cell, a select)."""
    if organization is None:
        return "—"
    return _local(organization)
