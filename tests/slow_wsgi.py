"""A WSGI app for tests/test_gunicorn.py: Jembatan's own (so config/gunicorn.py's
hooks find Django set up), with two extra addresses that answer with the
worker's process id, one of them after a second and a half."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from typing import Any

from config.wsgi import application as jembatan

SLOW_SECONDS = 1.5


def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    path = environ.get("PATH_INFO", "")
    if path not in {"/slow", "/fast"}:
        return jembatan(environ, start_response)
    if path == "/slow":
        time.sleep(SLOW_SECONDS)
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [str(os.getpid()).encode()]
