from __future__ import annotations

from django.urls import path

from participants import views

urlpatterns = [
    path("", views.participant_list, name="participant_list"),
    path("new/", views.participant_create, name="participant_create"),
    path("katakana/", views.katakana_suggestion, name="katakana_suggestion"),
    path("<int:pk>/", views.participant_detail, name="participant_detail"),
    path("<int:pk>/edit/", views.participant_edit, name="participant_edit"),
    path("<int:pk>/status/", views.participant_transition, name="participant_transition"),
    path("<int:pk>/sensitive/", views.participant_sensitive, name="participant_sensitive"),
]
