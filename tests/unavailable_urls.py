"""The project's URLs plus a page whose database is gone, for the browser
check of the 503 page (tests/browser/test_unavailable_page.py)."""

from __future__ import annotations

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.urls import path

from config import urls as project


def database_gone(request: HttpRequest) -> HttpResponse:
    raise OperationalError("connection to server at 127.0.0.1, port 5432 failed: Connection refused")


# The root URLconf names the error handlers: the project's, as in production.
handler400 = project.handler400
handler500 = project.handler500
urlpatterns = [*project.urlpatterns, path("database-gone/", database_gone)]
