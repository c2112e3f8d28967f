"""``{% main_menu nav %}``: the main menu (templates/includes/main_menu.html).

Every page shows it, and it depends only on what the user may do
(accounts.context_processors.navigation), the language and the site's
address prefix: its forty conditions and twenty-odd reversed addresses cost
the participant list about a millisecond a page. So each process renders a
menu once per such combination and keeps it. A user given other rights gets
another ``nav``, hence another menu, on their next page."""

from __future__ import annotations

import functools
from collections.abc import Mapping

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils.safestring import SafeString
from django.utils.translation import get_language

register = template.Library()

# Menus differ by role and, for participants, by their own record's number:
# enough for a ministry's staff and the participants using it in an hour.
MENUS_KEPT = 2_048

Items = tuple[tuple[str, object], ...]


@register.simple_tag
def main_menu(nav: Mapping[str, object]) -> SafeString:
    items: Items = tuple(nav.items())
    if settings.DEBUG:  # a template being edited shows its change on the next page
        return _render(items)
    return _kept(items, get_language(), get_script_prefix())


@functools.lru_cache(maxsize=MENUS_KEPT)
def _kept(items: Items, language: str, script_prefix: str) -> SafeString:
    # language and script_prefix are what the rendering reads besides items.
    return _render(items)


def _render(items: Items) -> SafeString:
    return render_to_string("includes/main_menu.html", {"nav": dict(items)})
