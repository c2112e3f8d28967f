"""Personal API tokens: a partner's system calls the API as one person, with
that person's scope, through a secret it was shown once.

Only the SHA-256 of the secret is stored. A secret is 256 random bits, so a
plain hash is enough (no salt, no slow hash: nothing to guess), and it lets
the lookup be one indexed query on the hash instead of a comparison of
secrets in Python."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def usable_on(self, day: datetime.date) -> ApiTokenQuerySet:
        """Not revoked, and not past its last day."""
        return self.filter(revoked_at__isnull=True).exclude(expires_on__lt=day)

    def newest_first(self) -> ApiTokenQuerySet:
        return self.order_by("-created_at", "-pk")


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("What the token is for, e.g. the system using it."))
    # The first characters of the secret, shown in the list so that its holder
    # can tell which token a system uses; too short to help anyone guess it.
    prefix = models.CharField(_("starts with"), max_length=16)
    secret_sha256 = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    # Written at most once a minute (api.tokens.LAST_USED_GRANULARITY): a busy
    # client must not turn every read into a write.
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    # The last day the token works (in TIME_ZONE); empty for no end.
    expires_on = models.DateField(_("expires on"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        indexes = [models.Index(fields=["user", "created_at"], name="api_token_by_user")]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def is_usable_on(self, day: datetime.date) -> bool:
        return self.revoked_at is None and (self.expires_on is None or self.expires_on >= day)

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
