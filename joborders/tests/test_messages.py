"""The rules' explanations survive storage and read in each language."""

from __future__ import annotations

import datetime
import json

import pytest
from django.utils import translation

from joborders.messages import from_json, rendered, to_json
from rules import Message, Named, Yen


def test_a_message_with_figures_dates_and_messages_comes_back_the_same() -> None:
    inner = Message("excellent company")
    message = Message(
        "quota %(quota)s: %(standing)s, from %(day)s", quota=6, standing=inner, day=datetime.date(2026, 10, 1)
    )
    stored = json.loads(json.dumps(to_json(message)))
    assert from_json(stored) == message
    with translation.override("en"):
        assert rendered([stored]) == ["quota 6: excellent company, from 1 October 2026"]


def test_a_stored_message_is_read_in_the_readers_language() -> None:
    stored = [to_json(Message("Changes saved."))]  # a msgid the catalogues translate
    with translation.override("en"):
        assert rendered(stored) == ["Changes saved."]
    with translation.override("id"):
        assert rendered(stored) != ["Changes saved."]


def test_an_amount_of_yen_is_stored_as_a_number_and_read_the_readers_way() -> None:
    message = Message("%(amount)s a month", amount=Yen(185_000))
    stored = json.loads(json.dumps(to_json(message)))

    assert stored["params"] == {"amount": {"yen": 185_000}}
    assert from_json(stored) == message
    with translation.override("id"):
        assert rendered([stored]) == ["¥185.000 a month"]
    with translation.override("ja"):
        assert rendered([stored]) == ["¥185,000 a month"]


def test_an_amount_stored_as_text_before_is_read_as_an_amount() -> None:
    """Decisions stored before amounts were kept as numbers hold "¥185,000";
    on an Indonesian page it must read ¥185.000 like every other amount there."""
    stored = {"msgid": "%(amount)s a month", "params": {"amount": "¥185,000"}}

    assert from_json(stored) == Message("%(amount)s a month", amount=Yen(185_000))
    with translation.override("id"):
        assert rendered([stored]) == ["¥185.000 a month"]


@pytest.mark.parametrize("text", ["¥", "¥18,50", "about ¥185,000", "185,000"])
def test_other_text_is_kept_as_it_was_stored(text: str) -> None:
    assert from_json({"msgid": "%(x)s", "params": {"x": text}}) == Message("%(x)s", x=text)


@pytest.mark.parametrize("amount", ["185000", 1.5, True, None])
def test_a_stored_amount_that_is_not_a_whole_number_is_refused(amount: object) -> None:
    with pytest.raises(ValueError, match="not a stored amount"):
        from_json({"msgid": "%(x)s", "params": {"x": {"yen": amount}}})


def test_a_name_in_each_language_is_stored_whole_and_read_in_the_readers_language() -> None:
    field = Named(ja="飲食料品製造業", en="Food and beverage manufacturing", id="Industri makanan dan minuman")
    message = Message("%(field)s", field=field)
    stored = json.loads(json.dumps(to_json(message)))

    assert from_json(stored) == message
    for language, name in (("ja", "飲食料品製造業"), ("id", "Industri makanan dan minuman")):
        with translation.override(language):
            assert rendered([stored]) == [name]


def test_a_stored_name_that_is_not_text_is_refused() -> None:
    with pytest.raises(ValueError, match="not a stored name"):
        from_json({"msgid": "%(field)s", "params": {"field": {"named": {"ja": 1}}}})
