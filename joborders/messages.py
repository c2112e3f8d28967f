"""The rules' explanations as stored data and back.

A rule answers with messages: an English msgid and its figures
(``rules.answers.Message``). A stored decision keeps them in that form, as
JSON, so that each reader sees it in their own language long after, exactly as
it was said; nothing is worked out again.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Sequence
from typing import TypeAlias

from rules import Message, Named, Yen
from rules.answers import Rupiah

# What a message's figure may be (rules.answers.Figure): text, a number, a date, yen, a name in
# each language or another message.
MessageFigure: TypeAlias = "str | int | datetime.date | Yen | Rupiah | Named | Message"
# Amounts of yen as decisions stored them before they were kept as numbers ("¥185,000").
_STORED_YEN_TEXT = re.compile(r"¥(\d{1,3}(?:,\d{3})*)")
JsonFigure: TypeAlias = "str | int | dict[str, JsonFigure]"
JsonMessage: TypeAlias = dict[str, "str | dict[str, JsonFigure]"]


def to_json(message: Message) -> JsonMessage:
    return {"msgid": message.msgid, "params": {name: _figure_to_json(value) for name, value in message.params}}


def _figure_to_json(value: MessageFigure) -> JsonFigure:
    if isinstance(value, Message):
        return {"message": to_json(value)}  # type: ignore[dict-item]
    if isinstance(value, datetime.date):
        return {"date": value.isoformat()}
    if isinstance(value, Yen):
        return {"yen": value.amount}
    if isinstance(value, Rupiah):
        return {"rupiah": value.amount}
    if isinstance(value, Named):
        return {"named": {"ja": value.ja, "en": value.en, "id": value.id}}
    return value


def from_json(data: object) -> Message:
    if not isinstance(data, dict) or not isinstance(data.get("msgid"), str):
        raise ValueError(f"not a stored message: {data!r}")
    params = data.get("params") or {}
    if not isinstance(params, dict):
        raise ValueError(f"not a stored message: {data!r}")
    return Message(data["msgid"], **{str(name): _figure_from_json(value) for name, value in params.items()})


def _figure_from_json(value: object) -> MessageFigure:
    if isinstance(value, dict):
        if "date" in value:
            return datetime.date.fromisoformat(str(value["date"]))
        if "yen" in value or "rupiah" in value:
            return Yen(_whole(value["yen"])) if "yen" in value else Rupiah(_whole(value["rupiah"]))
        if "named" in value:
            return _named(value["named"])
        return from_json(value.get("message"))
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ValueError(f"not a stored figure: {value!r}")
    if isinstance(value, str) and (old := _STORED_YEN_TEXT.fullmatch(value)):
        # Read as an amount, so that it is written the reader's way like every other one on the page.
        return Yen(int(old.group(1).replace(",", "")))
    return value


def _named(value: object) -> Named:
    if not isinstance(value, dict) or not all(isinstance(value.get(key, ""), str) for key in ("ja", "en", "id")):
        raise ValueError(f"not a stored name: {value!r}")
    return Named(ja=value.get("ja", ""), en=value.get("en", ""), id=value.get("id", ""))


def _whole(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"not a stored amount: {value!r}")
    return value


def many_to_json(messages: Iterable[Message]) -> list[JsonMessage]:
    return [to_json(message) for message in messages]


def rendered(stored: Sequence[object]) -> list[str]:
    """Stored messages in the active language."""
    return [str(from_json(item)) for item in stored]
