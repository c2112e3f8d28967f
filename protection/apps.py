from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProtectionConfig(AppConfig):
    """Protection while the workers are in Japan: grievances they raise safely
    (named or anonymous), incidents, monthly check-ins and disaster safety
    checks, with referrals and escalation."""

    name = "protection"
    verbose_name = _("Protection")
