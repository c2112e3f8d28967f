"""The form renderer: Django's, except that drop-downs are written in Python.

Django renders every ``<option>`` through two template includes. On the
participant list, whose filters offer every status, centre, LPK/SO and
province, that was a quarter of the page's time (measured at 1,000,000
participants: 25 ms of 90 under the profiler), and it grows with the number of
organizations. The markup written here is the same as Django's templates write.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.forms.renderers import DjangoTemplates
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

SELECT_TEMPLATE = "django/forms/widgets/select.html"


def _attribute(name: str, value: Any) -> SafeString:
    return format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value)


def html_attributes(attrs: Mapping[str, Any]) -> SafeString:
    """As Django's ``attrs.html``: ``True`` writes the bare name, ``False`` omits it."""
    return format_html_join(
        "", "{}", ((_attribute(name, value),) for name, value in attrs.items() if value is not False)
    )


def option_html(option: Mapping[str, Any]) -> SafeString:
    return format_html(
        '<option value="{}"{}>{}</option>', option["value"], html_attributes(option["attrs"]), option["label"]
    )


def _group_html(group_name: Any, options: Iterable[Mapping[str, Any]]) -> SafeString:
    written = format_html_join("\n", "{}", ((option_html(option),) for option in options))
    return format_html('<optgroup label="{}">\n{}\n</optgroup>', group_name, written) if group_name else written


def select_html(widget: Mapping[str, Any]) -> SafeString:
    groups: Iterable[tuple[Any, list[Mapping[str, Any]], int]] = widget["optgroups"]
    written = format_html_join("\n", "{}", ((_group_html(name, options),) for name, options, _index in groups))
    return format_html('<select name="{}"{}>\n{}\n</select>', widget["name"], html_attributes(widget["attrs"]), written)


class FormRenderer(DjangoTemplates):
    """Every form's renderer (``FORM_RENDERER``)."""

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        # A project template that overrides select.html would be ignored here;
        # there is none, and tests/test_form_renderer.py keeps the markup Django's.
        if template_name == SELECT_TEMPLATE:
            return select_html(context["widget"])
        return super().render(template_name, context, request)
