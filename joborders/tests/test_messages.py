"""The rules' explanations survive storage and read in each language."""

from __future__ import annotations

import datetime
import json

from django.utils import translation

from joborders.messages import from_json, rendered, to_json
from rules import Message


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
