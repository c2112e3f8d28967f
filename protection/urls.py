from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from protection.views import checkins, incidents

app_name = "protection"

urlpatterns: list[URLPattern | URLResolver] = [
    # Monthly check-ins and incidents (p14-checkins).
    path("check-ins/<int:pk>/", checkins.checkin_answer, name="checkin_answer"),
    path("check-ins/rates/", checkins.checkin_rates, name="checkin_rates"),
    path("placements/<int:pk>/incidents/", incidents.placement_incidents, name="placement_incidents"),
]
