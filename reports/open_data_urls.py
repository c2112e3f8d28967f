"""The public open-data pages: no login, aggregates only."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from reports.views import open_data

app_name = "open_data"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", open_data.index, name="figures"),
    path("<slug:name>.csv", open_data.table_csv, name="figures_csv"),
]
