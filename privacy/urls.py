from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from privacy import views

app_name = "privacy"

urlpatterns: list[URLPattern | URLResolver] = [
    # The participant's own data page and its actions.
    path("", views.my_data, name="my_data"),
    path("my-data.json", views.my_data_json, name="my_data_json"),
    path("my-data.pdf", views.my_data_pdf, name="my_data_pdf"),
    path("consent/", views.photo_consent, name="photo_consent"),
    path("corrections/", views.ask_correction, name="ask_correction"),
    path("erasure/", views.ask_erasure, name="ask_erasure"),
    # Staff: the queue of requests and one page per request to decide it.
    path("requests/", views.request_queue, name="request_queue"),
    path("requests/corrections/<int:pk>/", views.correction_review, name="correction_review"),
    path("requests/erasure/<int:pk>/", views.erasure_review, name="erasure_review"),
]
