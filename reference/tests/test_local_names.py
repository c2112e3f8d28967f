"""The {% local_name %} tag (reference/templatetags/local_names.py)."""

from __future__ import annotations

from django.template import Context, Template
from django.utils import translation

from reference.models import JobCategory, LocalNames, SSWField, VocationalProgramme


def rendered(row: LocalNames | None, arguments: str = "") -> str:
    template = Template("{% load local_names %}{% local_name row " + arguments + " %}")
    return template.render(Context({"row": row}))


def test_it_writes_a_dash_for_nothing() -> None:
    assert rendered(None) == "—"


def test_it_marks_a_name_in_another_language_than_the_page() -> None:
    untranslated = JobCategory(code="1-1", name_ja="耕種農業", name_en="Cultivation agriculture")
    with translation.override("id"):
        assert rendered(untranslated) == (
            '<span lang="en">Cultivation agriculture</span> <span class="muted" lang="ja">耕種農業</span>'
        )


def test_it_puts_the_code_in_front_only_when_asked_and_only_of_coded_rows() -> None:
    welding = JobCategory(code="7-7", name_ja="溶接", name_en="Welding", name_id="Pengelasan")
    field = SSWField(number=4, name_ja="建設", name_en="Construction", name_id="Konstruksi")
    with translation.override("ja"):
        assert rendered(welding, "code=True") == '<span class="mono">7-7</span> 溶接'
        assert rendered(welding) == "溶接"
        assert rendered(field, "code=True") == "建設"


def test_it_puts_the_official_name_of_a_trade_beside_a_translation() -> None:
    trade = VocationalProgramme(code="LAS", name_id="Teknik Las", name_en="Welding", name_ja="溶接")
    with translation.override("ja"):
        assert rendered(trade) == '溶接 <span class="muted" lang="id">Teknik Las</span>'
    with translation.override("id"):
        assert rendered(trade) == "Teknik Las"


def test_it_escapes_names() -> None:
    trade = VocationalProgramme(code="X", name_id="<b>Las</b>", name_en="Welding")
    with translation.override("id"):
        assert rendered(trade) == "&lt;b&gt;Las&lt;/b&gt;"
