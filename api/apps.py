from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The REST API v1 for partners' own systems: the same records, scopes and
    actions as the pages, through per-user tokens."""

    name = "api"
    verbose_name = _("API")

    def ready(self) -> None:
        # Registers the schema's description of the bearer token with drf-spectacular.
        from api import schema  # noqa: F401, PLC0415
