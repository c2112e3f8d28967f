"""Counts in what callers hand the actions: whole numbers, or refused.

Django's integer fields turn 30.5 into 30 without a word, so a staff count or
a number of positions typed as a decimal, sent as a float by a script, or
given as True would be saved as another number than the one meant. The forms
refuse such values already; the actions must too, for every other caller. A
dataclass field made with ``whole(...)`` is checked by ``problems``.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from django.utils.translation import gettext as _

_MINIMUM = "whole_number_from"
_OPTIONAL = "whole_number_optional"


def whole(minimum: int, *, optional: bool = False) -> Any:
    """A dataclass field that holds a whole number of at least ``minimum``
    (or None, when ``optional``)."""
    return dataclasses.field(metadata={_MINIMUM: minimum, _OPTIONAL: optional})


def problems(details: object) -> dict[str, list[str]]:
    """A message for each whole-number field of the dataclass ``details``
    that holds something else, by field name."""
    found: dict[str, list[str]] = {}
    for field in dataclasses.fields(details):  # type: ignore[arg-type]
        if _MINIMUM not in field.metadata:
            continue
        value = getattr(details, field.name)
        if value is None and field.metadata[_OPTIONAL]:
            continue
        minimum: int = field.metadata[_MINIMUM]
        # bool is an int to Python, but True is never a count; 30.0 as a float
        # or a Decimal is refused too: a caller that sends decimals means them.
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            message = _("Give a whole number of at least %(minimum)s, not “%(value)s”.")
            found[field.name] = [message % {"minimum": minimum, "value": value}]
    return found
