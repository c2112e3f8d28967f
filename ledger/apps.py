from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgerConfig(AppConfig):
    """Costs and subsidies per participant: who paid what, checked against the
    fee policy in force, so the zero-cost promise can be proven line by line."""

    name = "ledger"
    verbose_name = _("Costs and subsidies")
