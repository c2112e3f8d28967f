from __future__ import annotations

from django.urls import path, re_path

from spreadsheets import views

urlpatterns = [
    path("", views.import_upload, name="import_upload"),
    path("<int:pk>/", views.import_detail, name="import_detail"),
    path("<int:pk>/progress/", views.import_progress, name="import_progress"),
    path("<int:pk>/commit/", views.import_commit, name="import_commit"),
    path("<int:pk>/cancel/", views.import_cancel, name="import_cancel"),
    path("<int:pk>/conflicts/<int:row>/", views.import_decide, name="import_decide"),
    path("<int:pk>/undo/", views.import_undo, name="import_undo"),
    path("<int:pk>/errors.xlsx", views.import_errors, name="import_errors"),
    path("template/<str:kind>.xlsx", views.import_template, name="import_template"),
    re_path(r"^export/participants\.(?P<file_format>xlsx|csv)$", views.participant_export, name="participant_export"),
]
