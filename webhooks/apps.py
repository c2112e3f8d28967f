from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    """Status changes pushed to the endpoints an organization registers,
    signed with HMAC-SHA256 and retried until delivered."""

    name = "webhooks"
    verbose_name = _("Webhooks")

    def ready(self) -> None:
        from webhooks import events  # noqa: PLC0415 - its receivers need the models loaded

        events.connect()
