"""Infrastructure endpoints that belong to no part of the lifecycle."""

from __future__ import annotations

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
    return render(request, "400.html", {"parameter": name, "reason": reason}, status=400)
