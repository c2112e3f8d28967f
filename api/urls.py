"""/api/v1/: the partners' API. Lists take ?cursor= and ?page_size= besides their filters."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path, re_path
from drf_spectacular.views import SpectacularJSONAPIView

from accounts.access import routes
from api.errors import not_found
from api.views import protection, records, statistics, writes

app_name = "api"

# The schema is public documentation, served to anyone without a token.
routes.declare_foreign("drf_spectacular.views.SpectacularJSONAPIView", get=routes.ANYONE)

urlpatterns: list[URLPattern | URLResolver] = [
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="schema"),
    path("participants/", writes.ParticipantListCreate.as_view(), name="participant_list"),
    path("participants/<int:pk>/", records.ParticipantDetail.as_view(), name="participant_detail"),
    path("participants/<int:pk>/status/", writes.ParticipantStatusChange.as_view(), name="participant_status"),
    path("training-records/", records.TrainingRecordList.as_view(), name="training_record_list"),
    path("training-records/<int:pk>/", records.TrainingRecordDetail.as_view(), name="training_record_detail"),
    path("job-orders/", writes.JobOrderListCreate.as_view(), name="job_order_list"),
    path("job-orders/<int:pk>/", writes.JobOrderDetailUpdate.as_view(), name="job_order_detail"),
    path("job-orders/<int:pk>/status/", writes.JobOrderStatusChange.as_view(), name="job_order_status"),
    path("shortlists/", records.ShortlistList.as_view(), name="shortlist_list"),
    path("shortlists/<int:pk>/", records.ShortlistDetail.as_view(), name="shortlist_detail"),
    path("interviews/", records.InterviewList.as_view(), name="interview_list"),
    path("interviews/<int:pk>/", records.InterviewDetail.as_view(), name="interview_detail"),
    path("placements/", records.PlacementList.as_view(), name="placement_list"),
    path("placements/<int:pk>/", records.PlacementDetail.as_view(), name="placement_detail"),
    path("grievances/", protection.GrievanceList.as_view(), name="grievance_list"),
    path("grievances/<int:pk>/", protection.GrievanceDetail.as_view(), name="grievance_detail"),
    path("ledger-entries/", writes.LedgerEntryListCreate.as_view(), name="ledger_entry_list"),
    path("ledger-entries/<int:pk>/", protection.LedgerEntryDetail.as_view(), name="ledger_entry_detail"),
    path("statistics/", statistics.StatisticsCatalogue.as_view(), name="statistics"),
    path("statistics/<str:table>/", statistics.StatisticsTable.as_view(), name="statistics_table"),
    # Anything else under /api/v1/: a JSON 404, not the HTML page.
    re_path(r"^(?P<path>.*)$", not_found, name="not_found"),
]
