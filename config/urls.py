from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from config.views import healthz, readyz

handler400 = "config.views.bad_request"
handler500 = "config.views.server_error"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("home.urls")),
    path("accounts/api-tokens/", include("api.token_urls")),
    path("", include("accounts.urls")),
    path("participants/", include("participants.urls")),
    path("training/", include("training.urls")),
    path("spreadsheets/", include("spreadsheets.urls")),
    path("joborders/", include("joborders.urls")),
    path("matching/", include("matching.urls")),
    path("placements/", include("placements.urls")),
    path("ledger/", include("ledger.urls")),
    path("protection/", include("protection.urls")),
    path("privacy/", include("privacy.urls")),
    path("reports/", include("reports.urls")),
    path("open-data/", include("reports.open_data_urls")),
    path("api/v1/", include("api.urls")),
    path("webhooks/", include("webhooks.urls")),
    path("reference/", include("reference.urls")),
    path("audit/", include("audit.urls")),
]

if settings.BENCH_ADMIN_BASELINE:
    from config.bench_admin import baseline_site

    urlpatterns.append(path("bench-admin/", baseline_site.urls))
