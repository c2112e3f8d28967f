from __future__ import annotations

from django.urls import path

from joborders import profile_views, views

urlpatterns = [
    path("", views.job_order_list, name="job_order_list"),
    path("new/", views.job_order_create, name="job_order_create"),
    path("fields/", views.job_order_fields, name="job_order_fields"),
    path("<int:pk>/", views.job_order_detail, name="job_order_detail"),
    path("<int:pk>/edit/", views.job_order_edit, name="job_order_edit"),
    path("<int:pk>/status/", views.job_order_transition, name="job_order_transition"),
    path("organizations/", profile_views.organization_list, name="organization_list"),
    path("organizations/<int:pk>/", profile_views.organization_detail, name="organization_detail"),
    path("organizations/<int:pk>/edit/", profile_views.organization_edit, name="organization_edit"),
    path(
        "organizations/<int:pk>/companies/new/",
        profile_views.member_company_create,
        name="member_company_create",
    ),
]
