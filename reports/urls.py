from __future__ import annotations

from django.urls import URLPattern, URLResolver, path, re_path

from reports.catalogue import DASHBOARDS
from reports.views import dashboards, monthly, scorecards

app_name = "reports"

# Only the catalogue's dashboards: /reports/<anything else>/ stays free for other pages (the scorecards).
_DASHBOARD = "(?P<dashboard>" + "|".join(DASHBOARDS) + ")"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", dashboards.index, name="index"),
    path("monthly/", monthly.monthly_list, name="monthly"),
    path("scorecards/", scorecards.scorecard_index, name="scorecard_index"),
    path("scorecards/<slug:kind>/", scorecards.scorecard_list, name="scorecard_list"),
    path("scorecards/<slug:kind>/export.<slug:file_format>", scorecards.scorecard_export, name="scorecard_export"),
    path("scorecards/<slug:kind>/<int:organization_id>/", scorecards.scorecard_detail, name="scorecard_detail"),
    re_path(
        r"^monthly/(?P<month>[0-9]{4}-[0-9]{2})-(?P<language>[a-z]{2})\.pdf$", monthly.monthly_file, name="monthly_file"
    ),
    re_path(rf"^{_DASHBOARD}/$", dashboards.dashboard_page, name="dashboard"),
    re_path(rf"^{_DASHBOARD}/export\.xlsx$", dashboards.dashboard_xlsx, name="dashboard_xlsx"),
    re_path(rf"^{_DASHBOARD}/export\.pdf$", dashboards.dashboard_pdf, name="dashboard_pdf"),
    re_path(rf"^{_DASHBOARD}/(?P<table>[a-z0-9-]+)\.csv$", dashboards.table_csv, name="table_csv"),
]
