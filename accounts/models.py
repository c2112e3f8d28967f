"""Users, the organizations they work for, and their roles there."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.db.models.fields.related_descriptors import RelatedManager


class OrganizationKind(models.TextChoices):
    MINISTRY = "ministry", _("Ministry (Kemnaker)")
    TRAINING_CENTRE = "training_centre", _("Training centre (BLK)")
    SENDING_ORGANIZATION = "sending_organization", _("Sending organization (LPK/SO)")
    ASSOCIATION = "association", _("Association (AP2LN)")
    SUPERVISING_ORGANIZATION = "supervising_organization", _("Supervising organization (Japan)")
    COMPANY = "company", _("Implementing company (Japan)")
    SUPPORT_ORGANIZATION = "support_organization", _("Registered support organization (Japan)")
    PREFECTURE = "prefecture", _("Prefectural government (Japan)")
    EMBASSY = "embassy", _("Embassy / labour attaché")

    @property
    def is_japanese(self) -> bool:
        """An organization of the Japanese side, which employs and hosts the
        workers; the others (the embassy too) are Indonesia's."""
        return self in {
            OrganizationKind.SUPERVISING_ORGANIZATION,
            OrganizationKind.COMPANY,
            OrganizationKind.SUPPORT_ORGANIZATION,
            OrganizationKind.PREFECTURE,
        }


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    OFFICER = "officer", _("Officer")
    VIEWER = "viewer", _("Viewer")

    @property
    def may_write(self) -> bool:
        return self in {Role.ADMIN, Role.OFFICER}


class OrganizationQuerySet(models.QuerySet["Organization"]):
    def of_kind(self, kind: OrganizationKind) -> OrganizationQuerySet:
        return self.filter(kind=kind, is_active=True)

    def training_centres(self) -> OrganizationQuerySet:
        return self.of_kind(OrganizationKind.TRAINING_CENTRE)

    def sending_organizations(self) -> OrganizationQuerySet:
        return self.of_kind(OrganizationKind.SENDING_ORGANIZATION)


class Organization(models.Model):
    kind = models.CharField(_("kind"), max_length=32, choices=OrganizationKind.choices, db_index=True)
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_ja = models.CharField(_("name in Japanese"), max_length=200, blank=True)
    # LPK/SO -> association (AP2LN), company -> supervising organization.
    parent = models.ForeignKey(
        "self",
        verbose_name=_("member of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
    )
    province = models.ForeignKey(
        "reference.Province", verbose_name=_("province"), on_delete=models.PROTECT, null=True, blank=True
    )
    prefecture = models.ForeignKey(
        "reference.Prefecture", verbose_name=_("prefecture"), on_delete=models.PROTECT, null=True, blank=True
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = OrganizationQuerySet.as_manager()

    if TYPE_CHECKING:
        members: RelatedManager[Organization]

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A person who signs in: staff of an organization, or a participant."""

    if TYPE_CHECKING:
        memberships: RelatedManager[Membership]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")


class Membership(models.Model):
    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.VIEWER)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["user", "organization"], name="one_membership_per_org")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organization} ({self.role})"

    @property
    def may_write(self) -> bool:
        return Role(self.role).may_write
