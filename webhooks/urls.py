from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from webhooks import views

app_name = "webhooks"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.endpoint_list, name="list"),
    path("<int:pk>/", views.endpoint_detail, name="detail"),
    path("<int:pk>/secret/", views.endpoint_secret, name="secret"),
    path("<int:pk>/active/", views.endpoint_active, name="active"),
    path("<int:pk>/rotate/", views.endpoint_rotate, name="rotate"),
    path("<int:pk>/delete/", views.endpoint_delete, name="delete"),
    path("<int:pk>/test/", views.endpoint_test, name="test"),
    path("deliveries/<int:pk>/send-again/", views.delivery_resend, name="send_again"),
]
