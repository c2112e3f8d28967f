"""The form renderer: Django's, except that drop-downs, one-line inputs and
labels are written in Python.

Django renders every ``<option>`` through two template includes. On the
participant list, whose filters offer every status, centre, LPK/SO and
province, that was a quarter of the page's time (measured at 1,000,000
participants: 25 ms of 90 under the profiler), and it grows with the number of
organizations. Each label and each text, search or date input is a template
render of its own too: the list's seven labels and its search box took another
sixth of its time (a profile of the demo, 2026-12-07). The markup written here
is the same as Django's templates write; lib/tests/test_form_renderer.py
renders both and compares them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

SELECT_TEMPLATE = "django/forms/widgets/select.html"
LABEL_TEMPLATE = "django/forms/label.html"
# Django's templates for these are each one line, {% include "django/forms/widgets/input.html" %}:
# the test suite checks that they still are.
INPUT_TEMPLATES = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in (
        "input", "text", "search", "number", "email", "url", "tel", "password", "hidden",
        "date", "datetime", "time", "color", "checkbox", "file",
    )
)  # fmt: skip


def _attribute(name: Any, value: Any) -> str:
    if value is True:
        return f" {conditional_escape(name)}"
    return f' {conditional_escape(name)}="{conditional_escape(value)}"'


def html_attributes(attrs: Mapping[str, Any]) -> SafeString:
    """As Django's ``attrs.html``: ``True`` writes the bare name, ``False`` omits it."""
    return mark_safe("".join(_attribute(name, value) for name, value in attrs.items() if value is not False))  # noqa: S308  (each part escaped)


def option_html(option: Mapping[str, Any]) -> str:
    # Escaped as format_html would, without its per-call work: a page's
    # filters write some eighty options (4 µs each here, 15 with format_html).
    attributes = html_attributes(option["attrs"])
    value, label = conditional_escape(option["value"]), conditional_escape(option["label"])
    return f'<option value="{value}"{attributes}>{label}</option>'


def _group_html(group_name: Any, options: Iterable[Mapping[str, Any]]) -> str:
    written = "\n".join(option_html(option) for option in options)
    return f'<optgroup label="{conditional_escape(group_name)}">\n{written}\n</optgroup>' if group_name else written


def select_html(widget: Mapping[str, Any]) -> SafeString:
    groups: Iterable[tuple[Any, list[Mapping[str, Any]], int]] = widget["optgroups"]
    written = "\n".join(_group_html(name, options) for name, options, _index in groups)
    attributes = html_attributes(widget["attrs"])
    return mark_safe(f'<select name="{conditional_escape(widget["name"])}"{attributes}>\n{written}\n</select>')  # noqa: S308  (each part escaped)


def input_html(widget: Mapping[str, Any]) -> SafeString:
    """As Django's ``input.html``: the value attribute only when there is a value."""
    value = widget["value"]
    written_value = "" if value is None else f' value="{conditional_escape(value)}"'
    attributes = html_attributes(widget["attrs"])
    return mark_safe(  # noqa: S308  (each part escaped)
        f'<input type="{conditional_escape(widget["type"])}" name="{conditional_escape(widget["name"])}"'
        f"{written_value}{attributes}>"
    )


def label_html(context: Mapping[str, Any]) -> SafeString:
    """As Django's ``label.html``: the bare label text when the field has no id."""
    label = conditional_escape(context["label"])
    if not context["use_tag"]:
        return mark_safe(label)  # noqa: S308  (escaped)
    tag = conditional_escape(context["tag"])
    # No attributes at all (None) for a field whose widget names no element to label, such as radio buttons.
    attributes = html_attributes(context["attrs"] or {})
    return mark_safe(f"<{tag}{attributes}>{label}</{tag}>")  # noqa: S308  (each part escaped)


class FormRenderer(DjangoTemplates):
    """Every form's renderer (``FORM_RENDERER``)."""

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        # A project template that overrides one of these would be ignored here;
        # there is none, and lib/tests/test_form_renderer.py keeps the markup Django's.
        if template_name == SELECT_TEMPLATE:
            return select_html(context["widget"])
        if template_name in INPUT_TEMPLATES:
            return input_html(context["widget"])
        if template_name == LABEL_TEMPLATE:
            return label_html(context)
        return super().render(template_name, context, request)
