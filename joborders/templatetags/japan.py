"""Names of organizations in Japan in the reader's language.

Japanese partners read the Japanese name (name_ja) first; everyone else reads
the Latin name first, with the Japanese name beside it where there is one.
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from accounts.models import Organization

register = template.Library()


@register.simple_tag
def org_name(organization: Organization | None) -> SafeString | str:
    if organization is None:
        return "—"
    if not organization.name_ja:
        return organization.name
    if get_language() == "ja":
        return format_html(
            '<span lang="ja">{}</span> <span class="muted">{}</span>', organization.name_ja, organization.name
        )
    return format_html('{} <span class="muted" lang="ja">{}</span>', organization.name, organization.name_ja)


@register.simple_tag
def org_short_name(organization: Organization | None) -> SafeString | str:
    """One name only, for tight places (a table cell, a select)."""
    if organization is None:
        return "—"
    if get_language() == "ja" and organization.name_ja:
        return format_html('<span lang="ja">{}</span>', organization.name_ja)
    return organization.name
