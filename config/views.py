"""Infrastructure endpoints that belong to no part of the lifecycle."""

from __future__ import annotations

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.db import connection
from django.db.utils import Error as DatabaseError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from lib.query import BadQuery


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness plus a round trip to the database; 503 when the database is down."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": connection.vendor})


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """400: what could not be read, in the reader's language, inside the
    usual page (``handler400``). Django's own 400 page has no layout and says
    nothing about the cause."""
    reason = exception.reason if isinstance(exception, BadQuery) else None
    name = exception.name if isinstance(exception, BadQuery) else None
    # A form past DATA_UPLOAD_MAX_MEMORY_SIZE (text pasted by the megabyte) is no
    # address at fault: say what was too large, and that the form is one step back.
    too_large = isinstance(exception, RequestDataTooBig | TooManyFieldsSent)
    context = {"parameter": name, "reason": reason, "too_large": too_large}
    return render(request, "400.html", context, status=400)
