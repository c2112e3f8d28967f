from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from accounts.access import routes
from accounts.models import OrganizationKind
from config.views import healthz, readyz

# Django's language switch answers everyone with a redirect back; its administration opens to the ministry's
# administrators, and sends everyone else to its own login page.
routes.declare_foreign("django.views.i18n.set_language", get=routes.ANYONE, post=routes.ANYONE, ok=302)
routes.declare_included(
    "admin/", get=routes.admins(OrganizationKind.MINISTRY), post=routes.admins(OrganizationKind.MINISTRY)
)

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
    path("breaches/", include("breaches.urls")),
]

if settings.BENCH_ADMIN_BASELINE:
    from config.bench_admin import baseline_site

    urlpatterns.append(path("bench-admin/", baseline_site.urls))
