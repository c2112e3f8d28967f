"""Logs as one JSON object a line, each carrying the id of the request it belongs to.

The balancer (nginx) gives every request an ``X-Request-ID``; RequestIdMiddleware
(config/middleware.py) keeps it for the time of the request, or makes one when the
request came without, and sends it back. Every line logged while the request runs,
and gunicorn's access line after it, carry it as ``request_id``, so one search finds
everything one request did across the balancer, the app server and its logs.
"""

from __future__ import annotations

import datetime
import logging
import re
import uuid
from collections.abc import Mapping, Sequence
from contextvars import ContextVar
from typing import Any

from gunicorn.glogging import Logger as GunicornBaseLogger

# gthread workers serve each request on its own thread; a ContextVar keeps one
# thread's id from leaking into another's lines.
request_id_var: ContextVar[str] = ContextVar("request_id", default="-")

# An id is copied into every log line and back into a header: anything but a short
# token (newlines, quotes, a megabyte) could forge lines or break the JSON reader.
_ACCEPTABLE_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")

# The formatter adds "time" (ISO 8601, UTC) itself: asctime is local and has no zone.
JSON_FORMAT = "%(levelname)s %(name)s %(message)s %(request_id)s"
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"


def request_id_from(header: str | None) -> str:
    """The balancer's id when it is a plain token, else a new one."""
    if header and _ACCEPTABLE_ID.fullmatch(header):
        return header
    return uuid.uuid4().hex


class RequestIdFilter(logging.Filter):
    """Puts the current request's id (``-`` outside a request) on every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id_var.get()
        return True


def logging_config(*, json_lines: bool, level: str) -> dict[str, Any]:
    """Django's LOGGING: JSON lines in production, readable text elsewhere."""
    formatter: dict[str, Any] = (
        {"()": "pythonjsonlogger.json.JsonFormatter", "fmt": JSON_FORMAT, "timestamp": "time"}
        if json_lines
        else {"format": TEXT_FORMAT}
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "config.logging.RequestIdFilter"}},
        "formatters": {"default": formatter},
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "default", "filters": ["request_id"]}},
        "root": {"handlers": ["console"], "level": level},
        # WeasyPrint reports each step and page of every PDF at INFO (and parses its
        # own stylesheets on import): dozens of lines per résumé. Its warnings stay.
        "loggers": {"weasyprint.progress": {"level": "WARNING"}},
    }


def gunicorn_logging_config(*, level: str) -> dict[str, Any]:
    """gunicorn's own loggers (start-up, workers, access lines) as JSON lines on stderr/stdout."""
    formatter = {"()": "pythonjsonlogger.json.JsonFormatter", "fmt": JSON_FORMAT, "timestamp": "time"}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "config.logging.RequestIdFilter"}},
        "formatters": {"json": formatter},
        "handlers": {
            "error": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "filters": ["request_id"],
                "stream": "ext://sys.stderr",
            },
            "access": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "filters": ["request_id"],
                "stream": "ext://sys.stdout",
            },
        },
        # gunicorn's defaults name a "console" handler for the root logger; this
        # replaces them whole. Django sets the root logger up again in each worker.
        "root": {"handlers": ["error"], "level": level},
        "loggers": {
            "gunicorn.error": {"handlers": ["error"], "level": level, "propagate": False},
            "gunicorn.access": {"handlers": ["access"], "level": "INFO", "propagate": False},
        },
    }


def _header(headers: Sequence[tuple[str, str]] | Mapping[str, str], name: str) -> str | None:
    pairs = headers.items() if isinstance(headers, Mapping) else headers
    for key, value in pairs:
        if key.lower() == name:
            return value
    return None


class AccessLogger(GunicornBaseLogger):  # type: ignore[misc]  # gunicorn ships no types
    """gunicorn's access line as fields instead of Apache's combined format, with
    the request id the app answered with (the request has ended when gunicorn
    writes the line, so the id comes from the response header)."""

    def access(self, resp: Any, req: Any, environ: Mapping[str, Any], request_time: datetime.timedelta) -> None:
        if not self.access_log_enabled:
            return
        status = resp.status.split(None, 1)[0] if isinstance(resp.status, str) else resp.status
        fields = {
            "request_id": _header(resp.headers, "x-request-id") or environ.get("HTTP_X_REQUEST_ID") or "-",
            "method": environ.get("REQUEST_METHOD"),
            "path": environ.get("PATH_INFO"),
            "query": environ.get("QUERY_STRING") or "",
            "status": int(status),
            "bytes": getattr(resp, "sent", None),
            "duration_ms": round(request_time.total_seconds() * 1000, 1),
            "remote_addr": environ.get("REMOTE_ADDR"),
            "forwarded_for": environ.get("HTTP_X_FORWARDED_FOR"),
            "user_agent": environ.get("HTTP_USER_AGENT"),
        }
        self.access_log.info("request", extra=fields)
