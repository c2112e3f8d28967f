from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Fictional demo data for every app, seeded from above them all, so that
    no app imports the demo code of an app above it."""

    name = "demo"
    verbose_name = _("Demo data")
