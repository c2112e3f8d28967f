from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from reports.views import scorecards

app_name = "reports"

urlpatterns: list[URLPattern | URLResolver] = [
    path("scorecards/", scorecards.scorecard_index, name="scorecard_index"),
    path("scorecards/<slug:kind>/", scorecards.scorecard_list, name="scorecard_list"),
    path("scorecards/<slug:kind>/export.<slug:file_format>", scorecards.scorecard_export, name="scorecard_export"),
    path("scorecards/<slug:kind>/<int:organization_id>/", scorecards.scorecard_detail, name="scorecard_detail"),
]
