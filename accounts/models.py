"""Users, the organizations they work for, and their roles there."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from lib.languages import page_language, writes_japanese

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


# Organizations in Japan: registered with their official Japanese name beside
# the romanized one, and read in Japanese by Japanese readers.
ORGANIZATIONS_IN_JAPAN = frozenset(
    {
        OrganizationKind.SUPERVISING_ORGANIZATION,
        OrganizationKind.COMPANY,
        OrganizationKind.SUPPORT_ORGANIZATION,
        OrganizationKind.PREFECTURE,
    }
)


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


NAME_JA_MISSING = _("An organization in Japan is registered with its Japanese name, e.g. 宮城県金属加工協同組合.")
NAME_JA_NOT_JAPANESE = _("Write the Japanese name in kanji or kana, e.g. 宮城県金属加工協同組合.")
NAME_NOT_LATIN = _(
    "Write this name in Latin letters, e.g. Miyagi Metal Processing Cooperative; the Japanese name has its own field."
)
CITY_JA_NOT_JAPANESE = _("Write the city in Japanese, e.g. 仙台市.")
CITY_NOT_LATIN = _("Write the city in Latin letters, e.g. Sendai; the Japanese name has its own field.")


class Organization(models.Model):
    kind = models.CharField(_("kind"), max_length=32, choices=OrganizationKind.choices, db_index=True)
    code = models.SlugField(_("code"), max_length=40, unique=True)
    # One name in Latin letters for everyone who does not read Japanese, and the
    # Japanese name for those who do: two fields rather than one per language,
    # since an organization has one name in its own country and at most a
    # transliteration in the other.
    name = models.CharField(
        _("name"),
        max_length=200,
        help_text=_(
            "In Latin letters: the Indonesian name of an Indonesian organization, the romanized name of a "
            "Japanese one (e.g. Miyagi Metal Processing Cooperative)."
        ),
    )
    name_ja = models.CharField(
        _("name in Japanese"),
        max_length=200,
        blank=True,
        help_text=_(
            "The official Japanese name (e.g. 宮城県金属加工協同組合), which Japanese readers see. "
            "Required for organizations in Japan."
        ),
    )
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
    city = models.CharField(_("city"), max_length=100, blank=True, help_text=_("In Latin letters, e.g. Sendai."))
    city_ja = models.CharField(_("city in Japanese"), max_length=100, blank=True, help_text=_("E.g. 仙台市."))
    is_active = models.BooleanField(_("active"), default=True)

    objects = OrganizationQuerySet.as_manager()

    if TYPE_CHECKING:
        members: RelatedManager[Organization]

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.local_name

    def clean(self) -> None:
        """Each name in its own script, so that every reader gets one they can read."""
        errors: dict[str, ValidationError] = {}
        if self.kind in ORGANIZATIONS_IN_JAPAN and not self.name_ja.strip():
            errors["name_ja"] = ValidationError(NAME_JA_MISSING)
        for field, message in (("name_ja", NAME_JA_NOT_JAPANESE), ("city_ja", CITY_JA_NOT_JAPANESE)):
            value = getattr(self, field).strip()
            if value and not writes_japanese(value):
                errors[field] = ValidationError(message)
        for field, message in (("name", NAME_NOT_LATIN), ("city", CITY_NOT_LATIN)):
            if writes_japanese(getattr(self, field)):
                errors[field] = ValidationError(message)
        if errors:
            raise ValidationError(errors)

    @property
    def local_name(self) -> str:
        """The name the reader reads: the Japanese one for Japanese readers, where there is one."""
        return self.name_ja if self.name_ja and page_language() == "ja" else self.name

    @property
    def other_name(self) -> str:
        """The name the reader does not read, for small type beside the local one ("" if none)."""
        if not self.name_ja:
            return ""
        return self.name if page_language() == "ja" else self.name_ja

    @property
    def location(self) -> str:
        """Prefecture and city as the reader writes them (Japanese for Japanese readers), "" if neither is known."""
        if self.prefecture is not None:
            return self.prefecture.place(city=self.city, city_ja=self.city_ja)
        return self.city_ja if self.city_ja and page_language() == "ja" else self.city


class User(AbstractUser):
    """A person who signs in: staff of an organization, or a participant."""

    if TYPE_CHECKING:
        memberships: RelatedManager[Membership]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def get_full_name(self) -> str:
        """A name written in Japanese reads family name first (山本 くみ子), as
        Japanese documents write it, whatever the page's language; others given
        name first (Siti Rahayu)."""
        if writes_japanese(self.first_name) or writes_japanese(self.last_name):
            return f"{self.last_name} {self.first_name}".strip()
        return super().get_full_name()


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
