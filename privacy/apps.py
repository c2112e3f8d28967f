from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """The rights of the data subject under UU 27/2022 (PDP): a participant's
    copy of their own data, correction and erasure requests with their review,
    consent to optional processing, and the retention schedule."""

    name = "privacy"
    verbose_name = _("Privacy")
