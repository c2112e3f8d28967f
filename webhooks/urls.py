from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from webhooks import views

app_name = "webhooks"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.endpoint_list, name="endpoint_list"),
    path("<int:pk>/", views.endpoint_detail, name="endpoint_detail"),
    path("<int:pk>/secret/", views.endpoint_secret, name="endpoint_secret"),
    path("<int:pk>/active/", views.endpoint_active, name="endpoint_active"),
    path("<int:pk>/rotate/", views.endpoint_rotate, name="endpoint_rotate"),
    path("<int:pk>/delete/", views.endpoint_delete, name="endpoint_delete"),
    path("<int:pk>/test/", views.endpoint_test, name="endpoint_test"),
    path("deliveries/<int:pk>/send-again/", views.delivery_resend, name="delivery_send_again"),
]
