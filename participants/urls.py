from __future__ import annotations

from django.urls import path

from participants import views

# Documents are served only by document_file, after the access check: no URL
# pattern anywhere serves MEDIA_ROOT.
urlpatterns = [
    path("", views.participant_list, name="participant_list"),
    path("new/", views.participant_create, name="participant_create"),
    path("katakana/", views.katakana_suggestion, name="katakana_suggestion"),
    path("duplicates/", views.duplicate_queue, name="duplicate_queue"),
    path("duplicates/<int:flag_pk>/review/", views.duplicate_review, name="duplicate_review"),
    path("<int:pk>/", views.participant_detail, name="participant_detail"),
    path("<int:pk>/edit/", views.participant_edit, name="participant_edit"),
    path("<int:pk>/status/", views.participant_transition, name="participant_transition"),
    path("<int:pk>/sensitive/", views.participant_sensitive, name="participant_sensitive"),
    path("<int:pk>/language/new/", views.language_result_create, name="language_result_create"),
    path("<int:pk>/health/new/", views.health_check_create, name="health_check_create"),
    path("<int:pk>/documents/new/", views.document_upload, name="document_upload"),
    path("<int:pk>/background/", views.participant_background, name="participant_background"),
    path("<int:pk>/documents/<int:document_pk>/", views.document_file, name="document_file"),
    path("<int:pk>/documents/<int:document_pk>/verify/", views.document_verify, name="document_verify"),
]
