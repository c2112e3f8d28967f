from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacementsConfig(AppConfig):
    """From a published shortlist to the aircraft and the years in Japan:
    interviews, offers, selection, the pre-departure gate, departure cohorts
    and the placement itself."""

    name = "placements"
    verbose_name = _("Placements")
