"""The public open-data page and its CSV files: no login, aggregates only.

Anyone may read these pages, and a proxy may keep them: they say so
(``Cache-Control: public``) and set no cookie, so a cached copy carries
nothing of one visitor to the next. That is why the language is chosen by
the address (``?language=ja``) rather than by the switcher of the other
pages, which posts a form and so needs the CSRF cookie; without it the
visitor's language cookie or browser decides, as on the login page.
"""

from __future__ import annotations

import csv
import io

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import require_safe

from accounts.access import routes
from reports import open_data
from reports.figures import latest_snapshot

# A refreshed snapshot reaches every visitor within five minutes, however many proxies are between.
MAX_AGE = 5 * 60
LANGUAGES = frozenset(code for code, _name in settings.LANGUAGES)
# What a withheld value is written as in the CSV files, whatever the language.
WITHHELD = "<10"


def _language(request: HttpRequest) -> str:
    """The language the address asks for, else the one in force (cookie, browser)."""
    asked = request.GET.getlist("language")
    if not asked:
        return translation.get_language() or settings.LANGUAGE_CODE
    if len(asked) > 1 or asked[0] not in LANGUAGES:
        raise Http404("no such language")
    return asked[0]


def _public(response: HttpResponse, language: str) -> HttpResponse:
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    # Without ?language= the cookie chooses (LocaleMiddleware adds Accept-Language itself).
    patch_vary_headers(response, ["Cookie"])
    response["Content-Language"] = language
    return response


@routes.declare(get=routes.ANYONE)
@require_safe
def index(request: HttpRequest) -> HttpResponse:
    language = _language(request)
    with translation.override(language):
        snapshot = latest_snapshot()
        context = {
            "snapshot": snapshot,
            "tables": open_data.published_tables(snapshot) if snapshot else [],
        }
        response = render(request, "reports/open_data/index.html", context)
    return _public(response, language)


@routes.declare(get=routes.ANYONE)
@require_safe
def table_csv(request: HttpRequest, name: str) -> HttpResponse:
    language = _language(request)
    snapshot = latest_snapshot()
    if name not in open_data.SPECS or snapshot is None:
        raise Http404("no such table")
    with translation.override(language):
        table = open_data.published_table(snapshot, name)
        if not table.available:
            raise Http404("not published from these figures")
        body = _csv(table)
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    filename = f"jembatan-{name}-{snapshot.taken_at:%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return _public(response, language)


def _csv(table: open_data.OpenTable) -> str:
    out = io.StringIO()
    # The BOM tells spreadsheet programs the file is UTF-8 (Japanese names, Indonesian provinces).
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow([str(table.row_heading), *table.headings])
    for line in table.lines:
        writer.writerow([line.label, *(WITHHELD if value is None else value for value in line.values)])
    return out.getvalue()
