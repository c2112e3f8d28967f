from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from protection.views import safety

app_name = "protection"

urlpatterns: list[URLPattern | URLResolver] = [
    # Disaster safety checks (p14-safety).
    path("safety/", safety.safety_list, name="safety_list"),
    path("safety/new/", safety.safety_open, name="safety_open"),
    path("safety/<int:pk>/", safety.safety_board, name="safety_board"),
    path("safety/<int:pk>/people/", safety.safety_people, name="safety_people"),
    path("safety/<int:pk>/close/", safety.safety_close, name="safety_close"),
    path("safety/questions/<int:pk>/", safety.safety_question, name="safety_question"),
    path("safety/mine/<int:pk>/", safety.safety_mine, name="safety_mine"),
    path("safety/reply/<str:token>/", safety.safety_reply, name="safety_reply"),
]
