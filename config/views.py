"""Infrastructure endpoints that belong to no part of the lifecycle."""

from __future__ import annotations

import sys
from functools import cache

import redis
from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.db import DEFAULT_DB_ALIAS, InterfaceError, OperationalError, connection, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.utils import Error as DatabaseError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts.access import routes
from lib.query import BadQuery


@routes.declare(get=routes.ANYONE)
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


# --- /readyz -----------------------------------------------------------------

# Once every migration is applied it stays so until new code is deployed, which
# restarts the workers; reading the migration graph again on every probe would
# cost the balancer's probes tens of milliseconds each.
_migrations_applied = False


def _database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return False
    return True


def _migrations_state() -> str:
    global _migrations_applied  # noqa: PLW0603  (a per-process memo; see above)
    if _migrations_applied:
        return "ok"
    try:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError:
        return "unknown"
    _migrations_applied = not pending
    return "ok" if _migrations_applied else "unapplied"


@cache
def _redis_client(url: str) -> redis.Redis:
    # One client (and its connection pool) per process; short timeouts, so a
    # hung Redis makes the probe fail fast instead of holding a worker thread.
    return redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)


def _redis_state() -> str:
    if not settings.REDIS_URL:
        # The embedded mode runs tasks in-process and has no Redis to wait for.
        return "not configured"
    try:
        _redis_client(settings.REDIS_URL).ping()
    except (redis.RedisError, OSError):
        return "unavailable"
    return "ok"


@routes.declare(get=routes.ANYONE)
@require_GET
@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    """Readiness: 200 when this app server can serve pages (the database answers,
    Redis answers when configured, every migration is applied), else 503 naming
    what failed. The balancer sends no traffic to a server that is not ready;
    /healthz stays the liveness probe."""
    database = "ok" if _database_answers() else "unavailable"
    checks = {
        "database": database,
        "redis": _redis_state(),
        "migrations": _migrations_state() if database == "ok" else "unknown",
    }
    failed = [name for name, state in checks.items() if state in {"unavailable", "unapplied"}]
    status = 503 if failed else 200
    return JsonResponse({"status": "error" if failed else "ok", "checks": checks, "failed": failed}, status=status)


# --- 500 and the database's absence -------------------------------------------

# Seconds a client is asked to wait before trying again: about what PostgreSQL
# takes to restart or a standby to be promoted.
RETRY_AFTER_SECONDS = 30


def database_unavailable(exception: BaseException | None) -> bool:
    """Whether a request failed because the database could not be reached or the
    connection broke (a restart, a failover, a full connection table), which
    passes by itself, unlike a fault in the code."""
    return isinstance(exception, OperationalError | InterfaceError)


def unavailable_response(request: HttpRequest) -> HttpResponse:
    """503 with Retry-After: JSON for the API, else a page that needs no database
    (no menu, no user: both are read from it)."""
    with translation.override(translation.get_language_from_request(request)):
        if request.path.startswith("/api/"):
            # The API's error envelope (api/errors.py), so clients read one shape.
            message = _("The database is unavailable for a moment. Try again in a minute.")
            body = {"error": {"code": "database_unavailable", "message": message, "fields": {}}}
            response: HttpResponse = JsonResponse(body, status=503)
        else:
            page = render_to_string("503.html", {"path": request.path})
            response = HttpResponse(page, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """``handler500``: Django calls it from inside the ``except`` block of the
    failed request, for a failure in a view and in any middleware alike, so
    ``sys.exc_info()`` names the exception. A lost database gets the 503 page;
    anything else Django's plain 500 page (never a traceback: DEBUG is off)."""
    if database_unavailable(sys.exc_info()[1]):
        return unavailable_response(request)
    return defaults.server_error(request)
