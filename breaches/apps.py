from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BreachesConfig(AppConfig):
    """The register of personal data breaches (UU 27/2022 on personal data
    protection, Pasal 46): what happened, whose data, who was told and when,
    against the 3 × 24-hour clock that runs from the moment it was found."""

    name = "breaches"
    verbose_name = _("Data breaches")
