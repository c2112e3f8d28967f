from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobOrdersConfig(AppConfig):
    name = "joborders"
    verbose_name = _("Job orders")
