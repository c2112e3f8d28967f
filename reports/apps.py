from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Figures about the whole programme: dashboards per role, partner
    scorecards, exports, the monthly report and the public open data. They are
    read from snapshots refreshed on a schedule, never computed per request."""

    name = "reports"
    verbose_name = _("Reports")
