from __future__ import annotations

from django.urls import URLPattern, URLResolver, path, re_path

from placements.views import cohorts, departure

urlpatterns: list[URLPattern | URLResolver] = [
    # Departure: the pre-departure gate and departure cohorts.
    path("departures/", departure.departure_list, name="departure_list"),
    path("<int:pk>/gate/", departure.placement_gate, name="placement_gate"),
    path("<int:pk>/gate/<slug:item>/", departure.gate_record, name="gate_record"),
    path("cohorts/", cohorts.cohort_list, name="cohort_list"),
    path("cohorts/new/", cohorts.cohort_create, name="cohort_create"),
    path("cohorts/<int:pk>/", cohorts.cohort_board, name="cohort_board"),
    path("cohorts/<int:pk>/edit/", cohorts.cohort_edit, name="cohort_edit"),
    path("cohorts/<int:pk>/add/", cohorts.cohort_add, name="cohort_add"),
    path("cohorts/<int:pk>/members/<int:placement_pk>/remove/", cohorts.cohort_remove, name="cohort_remove"),
    path("cohorts/<int:pk>/depart/", cohorts.cohort_depart, name="cohort_depart"),
    re_path(
        r"^cohorts/(?P<pk>[0-9]+)/manifest\.(?P<file_format>xlsx|pdf)$", cohorts.cohort_manifest, name="cohort_manifest"
    ),
]
