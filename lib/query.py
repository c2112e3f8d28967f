"""Reading values from a page's query string (``request.GET``).

An address is typed, shortened, bookmarked and edited by hand, so any of its
parameters can be anything. Each reader here gives the value in the type the
view needs, or raises ``BadQuery``, which answers 400 with the reason
(``config.views.bad_request``) instead of letting the database refuse the
value halfway through the view (a 500). A parameter that is absent or blank
reads as "not given".
"""

from __future__ import annotations

from django.core.exceptions import BadRequest
from django.http import QueryDict
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# What every supported database stores in a BIGINT (and so in an id): SQLite
# raises OverflowError on a larger Python int, PostgreSQL a DataError.
BIGINT_MIN = -(2**63)
BIGINT_MAX = 2**63 - 1
# Python refuses to read longer runs of digits than this, and no id needs more.
_MAX_DIGITS = 19
TEXT_MAX_LENGTH = 200


class BadQuery(BadRequest):
    """A query parameter that cannot be read; the page answers 400 with ``reason``."""

    def __init__(self, name: str, reason: str | Promise) -> None:
        self.name = name
        self.reason = reason
        super().__init__(f"{name}: {reason}")


def query_text(query: QueryDict, name: str, *, max_length: int = TEXT_MAX_LENGTH) -> str:
    """The parameter's text, stripped; NUL (which PostgreSQL refuses in text)
    and text longer than ``max_length`` are refused."""
    value = query.get(name, "").strip()
    if "\x00" in value:
        raise BadQuery(name, _("it contains a NUL character."))
    if len(value) > max_length:
        raise BadQuery(name, _("it is longer than %(limit)s characters.") % {"limit": number_format(max_length)})
    return value


def query_int(query: QueryDict, name: str, *, minimum: int = BIGINT_MIN, maximum: int = BIGINT_MAX) -> int | None:
    """The parameter as a whole number within ``minimum``–``maximum``, or None when not given."""
    return _int(name, query.get(name, ""), minimum=minimum, maximum=maximum)


def query_id(query: QueryDict, name: str) -> int | None:
    """The parameter as a record id (a positive whole number), or None when not given."""
    return query_int(query, name, minimum=1)


def query_ids(query: QueryDict, name: str) -> list[int]:
    """Every value of a repeated parameter (``?participants=3&participants=7``)
    as record ids, each once, in the order given; blanks are left out."""
    ids = (_int(name, value, minimum=1, maximum=BIGINT_MAX) for value in query.getlist(name))
    return list(dict.fromkeys(value for value in ids if value is not None))


def _is_whole(text: str) -> bool:
    digits = text.removeprefix("-")
    # isdigit() alone takes "²" and other digits int() refuses; ASCII only.
    return digits.isascii() and digits.isdigit()


def whole_number(raw: object) -> int | None:
    """``raw`` as a whole number a BIGINT column could hold, or None when it
    is not one. For values typed anywhere (a query string, a form's hidden
    field) that reach a query: ``int()`` alone takes "²" as a digit and
    gives numbers the database refuses with an error."""
    text = str(raw).strip()
    if not _is_whole(text) or len(text.removeprefix("-")) > _MAX_DIGITS:
        return None
    value = int(text)
    return value if BIGINT_MIN <= value <= BIGINT_MAX else None


def _int(name: str, raw: str, *, minimum: int, maximum: int) -> int | None:
    text = raw.strip()
    if not text:
        return None
    if not _is_whole(text):
        raise BadQuery(name, _("it is not a whole number."))
    value = whole_number(text)
    if value is None or not minimum <= value <= maximum:
        raise BadQuery(
            name,
            _("it must be between %(minimum)s and %(maximum)s.")
            % {"minimum": number_format(minimum), "maximum": number_format(maximum)},
        )
    return value
