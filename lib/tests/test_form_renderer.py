"""The form renderer writes drop-downs, one-line inputs and labels as Django's own templates do, faster."""

from __future__ import annotations

from pathlib import Path

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from lib.form_renderer import INPUT_TEMPLATES, FormRenderer


class Choices(forms.Form):
    plain = forms.ChoiceField(choices=[("", "any"), ("a", "A & B"), ("b", "<b>")], required=False)
    grouped = forms.ChoiceField(
        choices=[("Java", [("jkt", "Jakarta"), ("bdg", 'Band"ung')]), ("Bali", [("dps", "Denpasar")])],
    )
    many = forms.MultipleChoiceField(choices=[("1", "one"), ("2", "two"), ("3", "three")], required=False)
    flagged = forms.ChoiceField(
        choices=[("x", "x")], widget=forms.Select(attrs={"disabled": True, "data-hint": "a'b", "hidden": False})
    )
    nullable = forms.NullBooleanField()


def rendered(form: forms.Form, renderer: object) -> dict[str, str]:
    form.renderer = renderer  # type: ignore[assignment]
    return {name: str(form[name]) for name in form.fields}


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"plain": "a", "grouped": "bdg", "many": ["1", "3"], "flagged": "x", "nullable": "true"},
        {"plain": "nonsense", "grouped": "", "many": ["9"], "nullable": "false"},
    ],
)
def test_every_drop_down_matches_djangos_own_templates(data: dict[str, object] | None) -> None:
    ours = rendered(Choices(data), FormRenderer())
    djangos = rendered(Choices(data), DjangoTemplates())
    for name, html in djangos.items():
        assert ours[name].split() == html.split(), name


def test_labels_and_values_are_escaped() -> None:
    html = str(Choices({"plain": "b"})["plain"])
    assert "<b>" not in html.replace('<option value="b" selected>&lt;b&gt;', "")
    assert "A &amp; B" in html
    assert '<option value="b" selected>&lt;b&gt;</option>' in html


class Inputs(forms.Form):
    name = forms.CharField(max_length=5, label="Name & <i>title</i>")
    query = forms.CharField(required=False, widget=forms.TextInput(attrs={"type": "search", "autofocus": True}))
    search = forms.CharField(required=False, widget=forms.SearchInput(attrs={"placeholder": 'Siti "Sari"'}))
    count = forms.IntegerField(min_value=0, required=False, help_text="how many")
    born = forms.DateField(widget=forms.DateInput(attrs={"type": "date", "hidden": False}))
    mail = forms.EmailField(required=False)
    secret = forms.CharField(widget=forms.PasswordInput(render_value=True), required=False)
    token = forms.CharField(widget=forms.HiddenInput, required=False)
    agreed = forms.BooleanField(required=False, label=mark_safe("I <b>agree</b>"))
    scan = forms.FileField(required=False)
    unlabelled = forms.CharField(required=False, widget=forms.TextInput(attrs={"id": ""}))
    # Widgets that name no single element to label: Django passes the label no attributes at all.
    kind = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect, required=False)
    kinds = forms.MultipleChoiceField(choices=[("a", "A")], widget=forms.CheckboxSelectMultiple, required=False)
    notes = forms.CharField(widget=forms.Textarea, required=False)


def labelled(form: forms.Form, renderer: object) -> dict[str, str]:
    form.renderer = renderer  # type: ignore[assignment]
    return {
        **{name: str(form[name]) for name in form.fields},
        **{f"{name} label": form[name].label_tag() for name in form.fields},
        **{f"{name} legend": form[name].legend_tag(attrs={"class": "x"}) for name in form.fields},
        "whole form": form.as_div(),
    }


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"name": "Ani", "query": "a&b", "count": "3", "born": "2001-02-03", "agreed": "on", "secret": "<x>"},
        {"name": "far too long", "count": "-1", "born": "31/02/2001", "mail": "x@", "token": '"><script>'},
    ],
)
def test_every_input_and_label_matches_djangos_own_templates(data: dict[str, object] | None) -> None:
    ours = labelled(Inputs(data, auto_id="id_%s"), FormRenderer())
    djangos = labelled(Inputs(data, auto_id="id_%s"), DjangoTemplates())
    for part, html in djangos.items():
        assert ours[part] == html, part


def test_a_form_without_ids_writes_bare_labels_as_django_does() -> None:
    ours, djangos = Inputs(auto_id=False), Inputs(auto_id=False)
    djangos.renderer = DjangoTemplates()
    assert ours["name"].label_tag() == djangos["name"].label_tag() == "Name &amp; &lt;i&gt;title&lt;/i&gt;:"


def test_the_inputs_written_here_are_still_plain_includes_in_django() -> None:
    """If Django changes one of these templates, the renderer must change with it."""
    templates = Path(forms.__file__).parent / "templates"
    include = '{% include "django/forms/widgets/input.html" %}'
    for name in INPUT_TEMPLATES - {"django/forms/widgets/input.html"}:
        assert (templates / name).read_text().strip() == include, name


def test_other_widgets_still_come_from_templates() -> None:
    class Other(forms.Form):
        notes = forms.CharField(widget=forms.Textarea)

    assert str(Other()["notes"]) == '<textarea name="notes" cols="40" rows="10" required id="id_notes">\n</textarea>'
