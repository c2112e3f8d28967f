"""Cursor pagination on the primary key: a stable order in which a record
added or changed while a client pages cannot make another appear twice or
be skipped, and page 5,000 costs what page 1 costs."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.pagination import Cursor, CursorPagination
from rest_framework.request import Request


class InvalidCursor(APIException):
    status_code = 400
    default_code = "invalid_cursor"
    default_detail = _("This cursor is not one the API gave: start again from the first page.")


class IdCursorPagination(CursorPagination):
    ordering = "id"
    page_size_query_param = "page_size"

    def get_page_size(self, request: Request) -> int:
        """The page size asked for, or API_PAGE_SIZE; anything but a whole
        number from 1 to API_MAX_PAGE_SIZE is refused, not silently replaced."""
        self.max_page_size = settings.API_MAX_PAGE_SIZE
        asked = request.query_params.get(self.page_size_query_param, "")
        if not asked:
            return int(settings.API_PAGE_SIZE)
        # ASCII digits only: str.isdigit() also takes "²", which int() refuses (a 500, found by fuzzing).
        if not (asked.isascii() and asked.isdigit()) or not 1 <= int(asked) <= self.max_page_size:
            message = _("A whole number from 1 to %(most)s.") % {"most": self.max_page_size}
            raise ValidationError({self.page_size_query_param: [message]})
        return int(asked)

    def decode_cursor(self, request: Request) -> Cursor | None:
        # DRF answers a bad cursor with 404 (it is a bad request, not a missing
        # record) and reads any text without its keys as the first page.
        try:
            cursor = super().decode_cursor(request)
        except APIException:
            raise InvalidCursor from None
        if cursor is None:
            return None
        if cursor == Cursor(offset=0, reverse=False, position=None) or not _is_id(cursor.position):
            raise InvalidCursor
        return cursor


def _is_id(position: object) -> bool:
    """A cursor's position is the id of the record it stopped at (text, as decoded)."""
    return position is None or (isinstance(position, str) and position.isascii() and position.isdigit())
