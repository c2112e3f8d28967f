"""Django's admin app with Jembatan's site as the default site.

INSTALLED_APPS names ``accounts.admin_config.JembatanAdminConfig`` in place of
``django.contrib.admin``. This module is imported while the app registry is
still loading, so it names the site by its dotted path and imports no models;
the site itself lives in ``accounts.admin_site``.
"""

from __future__ import annotations

from django.contrib.admin.apps import AdminConfig


class JembatanAdminConfig(AdminConfig):
    default_site = "accounts.admin_site.MinistryAdminSite"
