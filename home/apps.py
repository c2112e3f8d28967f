from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    """Each user's first screen: the work waiting for them, drawn from every
    app, so it sits above them all."""

    name = "home"
    verbose_name = _("Home")
