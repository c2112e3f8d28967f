from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The REST API v1 for partners' own systems: the same records, scopes and
    actions as the pages, through per-user tokens."""

    name = "api"
    verbose_name = _("API")
