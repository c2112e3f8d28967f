from __future__ import annotations

from django.urls import path

from reference import views

urlpatterns = [
    path("job-categories/", views.job_categories, name="reference_job_categories"),
    path("programmes/", views.programmes, name="reference_programmes"),
]
