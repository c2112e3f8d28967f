"""The form renderer writes drop-downs as Django's own templates do, faster."""

from __future__ import annotations

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates

from lib.form_renderer import FormRenderer


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


def test_other_widgets_still_come_from_templates() -> None:
    class Text(forms.Form):
        name = forms.CharField(max_length=5)

    assert str(Text()["name"]) == '<input type="text" name="name" maxlength="5" required id="id_name">'
