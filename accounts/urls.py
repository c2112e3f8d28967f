from __future__ import annotations

from django.urls import include, path

from accounts import views

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/", include("django.contrib.auth.urls")),
]
