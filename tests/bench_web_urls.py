"""The project's URLs plus the admin baseline, as the app servers mount them
when ``JEMBATAN_BENCH_ADMIN_BASELINE`` is on (tests/test_bench_web.py)."""

from __future__ import annotations

from django.urls import path

from config.bench_admin import baseline_site
from config.urls import urlpatterns as project_urlpatterns

urlpatterns = [*project_urlpatterns, path("bench-admin/", baseline_site.urls)]
