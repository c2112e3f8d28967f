from __future__ import annotations

from django.urls import URLPattern, URLResolver, path, re_path

from protection.views import dashboards

app_name = "protection"

urlpatterns: list[URLPattern | URLResolver] = []

# Dashboards (p14-dashboards): the page of counts, and each table as XLSX.
urlpatterns += [
    path("dashboards/", dashboards.dashboard_overview, name="protection_dashboard"),
    re_path(
        r"^dashboards/(?P<name>open-by-organization|open-by-category|clock-breaches|checkins-by-company"
        r"|checkins-by-supervising-organization)\.xlsx$",
        dashboards.dashboard_table,
        name="protection_dashboard_table",
    ),
]
