from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from breaches import views

app_name = "breaches"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.breach_list, name="breach_list"),
    path("report/", views.breach_report, name="breach_report"),
    path("<int:pk>/", views.breach_detail, name="breach_detail"),
    path("<int:pk>/notifications/", views.breach_notify, name="breach_notify"),
    path("<int:pk>/status/", views.breach_status, name="breach_status"),
]
