"""Master data the rules and the pages rely on.

Lists that change by decision (TITP job types, SSW fields, BLK trades and
their fit) are stored as dated versions: a decision is always read against the
version in force on its date, so loading next year's list never rewrites
what was decided under this year's.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from lib import money
from lib.languages import page_language
from rules import TitpSswTable


class LocalNames:
    """A reference row named in the three languages of the pages.

    The reader reads the name in the page's language; a row not yet
    translated falls back to English, then to its official name. The official
    name is the one the authority behind the list uses (Japanese for Japan's
    TITP, SSW and ESD lists, Indonesian for the BLK trades): a page shows it in
    small type beside a translated name, so that an LPK/SO officer can find the
    job in the Japanese documents and a Japanese partner the trade on a BLK
    certificate.
    """

    name_id: str
    name_ja: str
    name_en: str
    official_language: ClassVar[str]

    def name_in(self, language: str | None = None) -> str:
        return self.named_in(language)[0]

    def named_in(self, language: str | None = None) -> tuple[str, str]:
        """The name a reader of ``language`` (default: the page's) reads, and its language."""
        return self.chosen_name({"id": self.name_id, "ja": self.name_ja, "en": self.name_en}, language)

    @classmethod
    def chosen_name(cls, names: Mapping[str, str | None], language: str | None = None) -> tuple[str, str]:
        """named_in for a row read as values: ``names`` by language code."""
        wanted = page_language(language)
        for candidate in (wanted, "en", cls.official_language):
            if name := names[candidate]:
                return name, candidate
        return "", wanted

    @property
    def local_name(self) -> str:
        return self.name_in()

    @property
    def official_name(self) -> str:
        return self.name_in(self.official_language)

    @property
    def other_name(self) -> str:
        """The official name where the reader reads another one, else ""."""
        official = self.official_name
        return "" if official == self.local_name else official


class Prefecture(models.Model):
    jis_code = models.CharField(_("JIS code"), max_length=2, unique=True)
    name_ja = models.CharField(_("name (Japanese)"), max_length=20)
    name_en = models.CharField(_("name (English)"), max_length=40)

    class Meta:
        verbose_name = _("Japanese prefecture")
        verbose_name_plural = _("Japanese prefectures")
        ordering = ["jis_code"]

    def __str__(self) -> str:
        return self.name_ja if page_language() == "ja" else self.name_en

    def place(self, *, city: str, city_ja: str = "") -> str:
        """A city in this prefecture as the reader writes it: 宮城県仙台市 in
        Japanese (the romanized city where the Japanese one is unknown),
        "Miyagi, Sendai" in Indonesian and English."""
        if page_language() == "ja":
            return f"{self.name_ja}{city_ja}" if city_ja else f"{self.name_ja} {city}".rstrip()
        return f"{self.name_en}, {city}" if city else self.name_en


class Province(models.Model):
    code = models.CharField(_("NIK code"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=60)
    name_en = models.CharField(_("name (English)"), max_length=60)

    class Meta:
        verbose_name = _("Indonesian province")
        verbose_name_plural = _("Indonesian provinces")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class ListKind(models.TextChoices):
    TITP_JOB_CATEGORIES = "titp_job_categories", _("TITP job categories and operations")
    SSW_FIELDS = "ssw_fields", _("SSW fields")
    ESD_FIELDS = "esd_fields", _("ESD fields")
    VOCATIONAL_PROGRAMMES = "vocational_programmes", _("Vocational programmes and their fit")
    TITP_SSW_TABLE = "titp_ssw_table", _("TITP job categories and the SSW fields they lead to")


class ListVersionQuerySet(models.QuerySet["ListVersion"]):
    def in_force(self, kind: ListKind, on: datetime.date | None = None) -> ListVersion | None:
        """The newest version of ``kind`` whose effective date is on or before ``on``."""
        day = on or timezone.localdate()
        # Two versions with one date: the one loaded last wins.
        return self.filter(kind=kind, effective_from__lte=day).order_by("-effective_from", "-id").first()


class ListVersion(models.Model):
    kind = models.CharField(_("list"), max_length=32, choices=ListKind.choices)
    label = models.CharField(_("version"), max_length=40)
    effective_from = models.DateField(_("effective from"))
    source = models.TextField(_("source"), blank=True)
    checksum = models.CharField(_("file checksum"), max_length=64, blank=True)
    loaded_at = models.DateTimeField(_("loaded at"), default=timezone.now)
    # Set from the manifest where the sources disagree on which rows belong in
    # the list (the ESD fields); a ministry administrator clears it once the
    # official list is checked. Every answer that rests on the list says so meanwhile.
    unverified = models.BooleanField(
        _("membership unverified"),
        default=False,
        help_text=_(
            "Which entries belong in this list is not confirmed. Decisions and pages that rest on it say so "
            "until you clear this, after checking the list against the official source."
        ),
    )

    objects = ListVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("reference list version")
        verbose_name_plural = _("reference list versions")
        ordering = ["kind", "-effective_from"]
        constraints = [models.UniqueConstraint(fields=["kind", "label"], name="one_label_per_list")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.label}"


# The highest stage a job type allows, named as joborders.TitpStage names the
# stages (1号, 2号, 3号 in Japanese, never "ii").
HIGHEST_STAGES = [(2, pgettext_lazy("TITP stage", "ii")), (3, pgettext_lazy("TITP stage", "iii"))]


# The TITP list's sector for construction job types ("建設関係 / Construction"):
# its orders fall under the construction limit, whatever else the company does.
CONSTRUCTION_SECTOR = "建設関係"


def is_construction_sector(sector: str) -> bool:
    """Whether a TITP list's sector (Japanese name, an English one may follow
    after "/") is construction."""
    return sector.split("/", maxsplit=1)[0].strip() == CONSTRUCTION_SECTOR


class JobCategory(LocalNames, models.Model):
    official_language = "ja"

    version = models.ForeignKey(ListVersion, on_delete=models.CASCADE, related_name="job_categories")
    sector = models.CharField(_("sector"), max_length=120)
    code = models.CharField(_("code"), max_length=10)
    name_ja = models.CharField(_("name (Japanese)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=150)
    name_id = models.CharField(_("name (Indonesian)"), max_length=150, blank=True)
    max_stage = models.PositiveSmallIntegerField(_("highest TITP stage"), choices=HIGHEST_STAGES)

    class Meta:
        verbose_name = _("TITP job category")
        verbose_name_plural = _("TITP job categories")
        ordering = ["version", "id"]
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="one_job_code_per_version")]

    def __str__(self) -> str:
        return f"{self.code} {self.local_name}"

    @property
    def is_construction(self) -> bool:
        """Construction job types fall under TITP's construction limit."""
        return is_construction_sector(self.sector)


class Operation(LocalNames, models.Model):
    official_language = "ja"

    job_category = models.ForeignKey(JobCategory, on_delete=models.CASCADE, related_name="operations")
    code = models.CharField(_("code"), max_length=12)
    name_ja = models.CharField(_("name (Japanese)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=150)
    name_id = models.CharField(_("name (Indonesian)"), max_length=150, blank=True)
    max_stage = models.PositiveSmallIntegerField(_("highest TITP stage"), choices=HIGHEST_STAGES)

    class Meta:
        verbose_name = _("TITP operation")
        verbose_name_plural = _("TITP operations")
        ordering = ["job_category", "id"]

    def __str__(self) -> str:
        return f"{self.code} {self.local_name}"


class SSWField(LocalNames, models.Model):
    official_language = "ja"

    class Status(models.TextChoices):
        ACTIVE = "active", _("accepting workers")
        PLANNED = "planned", _("planned")

    version = models.ForeignKey(ListVersion, on_delete=models.CASCADE, related_name="ssw_fields")
    number = models.PositiveSmallIntegerField(_("number"))
    name_ja = models.CharField(_("name (Japanese)"), max_length=60)
    name_en = models.CharField(_("name (English)"), max_length=100)
    name_id = models.CharField(_("name (Indonesian)"), max_length=100, blank=True)
    ssw2_note = models.CharField(_("SSW ii"), max_length=120)
    business_categories = models.TextField(_("business categories"), blank=True)
    added_note = models.CharField(_("added"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    source = models.TextField(_("source"), blank=True)

    class Meta:
        verbose_name = _("SSW field")
        verbose_name_plural = _("SSW fields")
        ordering = ["version", "number"]
        constraints = [models.UniqueConstraint(fields=["version", "number"], name="one_ssw_number_per_version")]

    def __str__(self) -> str:
        return self.local_name


class ESDField(LocalNames, models.Model):
    """A field of Employment for Skill Development (育成就労), which replaces
    TITP from 2027-04-01. Its fields follow SSW's but are a list of their own:
    the cabinet decision of 2026-01-23 gives ESD 17 of SSW's 19."""

    official_language = "ja"

    version = models.ForeignKey(ListVersion, on_delete=models.CASCADE, related_name="esd_fields")
    number = models.PositiveSmallIntegerField(_("number"))
    name_ja = models.CharField(_("name (Japanese)"), max_length=60)
    name_en = models.CharField(_("name (English)"), max_length=100)
    name_id = models.CharField(_("name (Indonesian)"), max_length=100, blank=True)
    business_categories = models.TextField(_("business categories"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=SSWField.Status.choices)
    source = models.TextField(_("source"), blank=True)
    # ESD lets a worker change employer at their own wish after 1–2 years,
    # depending on the field (domain README §5); the figure per field is not in
    # the domain notes, so it is the administrators' to set. Empty: the longest
    # time the rule allows applies.
    transfer_months = models.PositiveSmallIntegerField(
        _("months before a change of employer"),
        null=True,
        blank=True,
        help_text=_(
            "How long a worker in this field stays with the first employer before changing employer at their own "
            "wish (12 to 24 months). Leave empty while unknown: the longest time applies."
        ),
    )

    class Meta:
        verbose_name = _("ESD field")
        verbose_name_plural = _("ESD fields")
        ordering = ["version", "number"]
        constraints = [models.UniqueConstraint(fields=["version", "number"], name="one_esd_number_per_version")]

    def __str__(self) -> str:
        return self.local_name


class VocationalProgramme(LocalNames, models.Model):
    """A BLK trade, e.g. Teknik Las (welding, 溶接)."""

    official_language = "id"

    version = models.ForeignKey(ListVersion, on_delete=models.CASCADE, related_name="programmes")
    code = models.CharField(_("code"), max_length=10)
    name_id = models.CharField(_("name (Indonesian)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    name_ja = models.CharField(_("name (Japanese)"), max_length=100, blank=True)
    # SSW field names (Japanese) this trade prepares for, as the ministry maps them.
    ssw_fields = models.CharField(_("SSW fields"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("vocational programme")
        verbose_name_plural = _("vocational programmes")
        ordering = ["version", "code"]
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="one_programme_code_per_version")]

    def __str__(self) -> str:
        return self.local_name


class Fit(models.TextChoices):
    SAME = "same", _("same job type")
    SIMILAR = "similar", _("similar job type")


class ProgrammeJobFit(models.Model):
    """How a trade fits a TITP job category. The category is named by its code,
    so one mapping serves every list version that keeps the code."""

    programme = models.ForeignKey(VocationalProgramme, on_delete=models.CASCADE, related_name="job_fits")
    job_category_code = models.CharField(_("job category code"), max_length=10)
    fit = models.CharField(_("fit"), max_length=8, choices=Fit.choices)

    class Meta:
        verbose_name = _("trade fit")
        verbose_name_plural = _("trade fits")
        ordering = ["programme", "fit", "job_category_code"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "job_category_code"], name="one_fit_per_programme_job")
        ]

    def __str__(self) -> str:
        return f"{self.programme.code} → {self.job_category_code} ({self.fit})"


class TitpSswLinkQuerySet(models.QuerySet["TitpSswLink"]):
    def table_in_force(self, on: datetime.date | None = None) -> TitpSswTable | None:
        """The TITP→SSW table in force on ``on`` as the rules read it; None when
        no version is loaded."""
        version = ListVersion.objects.in_force(ListKind.TITP_SSW_TABLE, on=on)
        if version is None:
            return None
        rows = self.filter(version=version).values_list("job_category_code", "ssw_field_ja", "verified")
        return TitpSswTable(label=version.label, rows={(code, field): verified for code, field, verified in rows})


class TitpSswLink(models.Model):
    """One row of the TITP → SSW table: a TITP job category that belongs to an
    SSW field's business category, so that a good completion of TITP stage ii
    in it exempts from the field's skill test (domain README §4). Named by the
    job category's code and the field's Japanese name, like ProgrammeJobFit, so
    one table serves every TITP and SSW list version that keeps them.

    The domain notes confirm agriculture, fishery and construction; the other
    rows are shipped unverified, and every answer that rests on one says so
    until a ministry administrator confirms it."""

    version = models.ForeignKey(ListVersion, on_delete=models.CASCADE, related_name="titp_ssw_links")
    job_category_code = models.CharField(_("TITP job category code"), max_length=10)
    ssw_field_ja = models.CharField(
        _("SSW field (Japanese name)"),
        max_length=60,
        help_text=_("The field's Japanese name as the SSW field list writes it, e.g. 建設."),
    )
    verified = models.BooleanField(
        _("confirmed"),
        default=False,
        help_text=_("Tick once the row is checked against the official table. Answers on an unconfirmed row say so."),
    )
    source = models.TextField(_("source"), blank=True)

    objects = TitpSswLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("TITP → SSW table row")
        verbose_name_plural = _("TITP → SSW table rows")
        ordering = ["version", "ssw_field_ja", "job_category_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "job_category_code", "ssw_field_ja"], name="one_titp_ssw_link_per_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.job_category_code} → {self.ssw_field_ja}"


class LanguageTest(models.Model):
    code = models.CharField(_("code"), max_length=20, unique=True)
    family = models.CharField(_("test"), max_length=20)
    level = models.CharField(_("level"), max_length=20)
    cefr = models.CharField(_("CEFR"), max_length=4, blank=True)
    # Orders levels across test families: a higher rank is a stronger command of Japanese.
    rank = models.PositiveSmallIntegerField(_("rank"))

    class Meta:
        verbose_name = _("language test level")
        verbose_name_plural = _("language test levels")
        ordering = ["rank", "code"]

    def __str__(self) -> str:
        return f"{self.family} {self.level}"


class Track(models.TextChoices):
    """The Japanese residence programme a sending programme leads to."""

    TITP = "titp", _("Technical Intern Training (TITP)")
    SSW = "ssw", _("Specified Skilled Worker (SSW)")
    ESD = "esd", _("Employment for Skill Development (ESD)")
    ENGINEER = "engineer", _("Engineer/Specialist")


class DocumentKind(models.TextChoices):
    IDENTITY_CARD = "identity_card", _("identity card (KTP)")
    FAMILY_CARD = "family_card", _("family card (KK)")
    DIPLOMA = "diploma", _("diploma")
    BIRTH_CERTIFICATE = "birth_certificate", _("birth certificate")
    TRAINING_CERTIFICATE = "training_certificate", _("training certificate")
    PASSPORT = "passport", _("passport")
    PHOTO = "photo", _("photo")


def default_required_documents() -> list[str]:
    return [
        DocumentKind.IDENTITY_CARD,
        DocumentKind.FAMILY_CARD,
        DocumentKind.DIPLOMA,
        DocumentKind.BIRTH_CERTIFICATE,
        DocumentKind.PASSPORT,
        DocumentKind.PHOTO,
    ]


class GateItem(models.TextChoices):
    """What must be done between an accepted offer and the aircraft: the
    pre-departure gate (placements/gate.py checks each item on the flight
    date). A sending programme says which items its participants need
    (``SendingProgramme.gate_items``); the items themselves are the Japanese
    and Indonesian procedures, the same for every programme of a residence
    programme."""

    # TITP: the supervising organization applies to OTIT for the certification of
    # each trainee's plan before the COE (domain README §2-3; OTIT becomes ESDO under ESD).
    PLAN_CERTIFICATION = "plan_certification", _("technical intern training plan certified (OTIT)")
    # ESD (domain README §5) replaces it with the certification of the ESD plan.
    ESD_PLAN_CERTIFICATION = "esd_plan_certification", _("ESD plan certified")
    # SSW (and Engineer/Specialist) workers are employees from the first day: a signed contract.
    EMPLOYMENT_CONTRACT = "employment_contract", _("employment contract signed")
    # SSW i: the company (or its registered support organization) must have a support plan.
    SUPPORT_PLAN = "support_plan", _("support plan for the SSW i worker")
    # SSW i needs the field's skill test and JFT-Basic A2 or JLPT N4; good completion of
    # TITP stage ii exempts from them (domain README §4).
    SKILL_TEST = "skill_test", _("SSW skill test passed")
    JAPANESE_TEST = "japanese_test", _("Japanese test passed")
    COE = "coe", _("Certificate of Eligibility (COE)")
    VISA = "visa", _("visa issued")
    ORIENTATION = "orientation", _("pre-departure orientation")
    MEDICAL = "medical", _("medical check valid on the flight date")
    INSURANCE = "insurance", _("insurance")
    FLIGHT = "flight", _("flight")


# What every route ends with: the COE and visa of Japan's immigration
# procedure, then the Indonesian side's orientation, medical check and
# insurance (UU 18/2017 protects migrant workers before departure, domain
# README §6), and the flight.
_EVERY_ROUTE = (
    GateItem.COE,
    GateItem.VISA,
    GateItem.ORIENTATION,
    GateItem.MEDICAL,
    GateItem.INSURANCE,
    GateItem.FLIGHT,
)
STANDARD_GATE_ITEMS: dict[str, tuple[GateItem, ...]] = {
    Track.TITP: (GateItem.PLAN_CERTIFICATION, *_EVERY_ROUTE),
    Track.SSW: (
        GateItem.EMPLOYMENT_CONTRACT,
        GateItem.SUPPORT_PLAN,
        GateItem.SKILL_TEST,
        GateItem.JAPANESE_TEST,
        *_EVERY_ROUTE,
    ),
    Track.ESD: (GateItem.ESD_PLAN_CERTIFICATION, *_EVERY_ROUTE),
    Track.ENGINEER: (GateItem.EMPLOYMENT_CONTRACT, *_EVERY_ROUTE),
}
# Items that exist in one residence programme's procedure only.
GATE_ITEM_TRACKS: dict[GateItem, frozenset[str]] = {
    GateItem.PLAN_CERTIFICATION: frozenset({Track.TITP}),
    GateItem.ESD_PLAN_CERTIFICATION: frozenset({Track.ESD}),
    GateItem.SUPPORT_PLAN: frozenset({Track.SSW}),
    GateItem.SKILL_TEST: frozenset({Track.SSW}),
}


def gate_item_problems(items: list[str], *, track: str) -> list[str]:
    """What is wrong with a programme's list of gate items, in the reader's
    language: unknown codes, items of another residence programme, and a
    list without the flight (every departure is on one)."""
    problems = [gettext("unknown gate item %(code)s") % {"code": code} for code in items if code not in GateItem.values]
    for code in items:
        if (
            code in GateItem.values
            and track in Track.values
            and track not in GATE_ITEM_TRACKS.get(GateItem(code), frozenset(Track))
        ):
            problems.append(
                gettext("“%(item)s” is not part of the %(track)s procedure")
                % {"item": GateItem(code).label, "track": Track(track).label}
            )
    if items and GateItem.FLIGHT not in items:
        problems.append(gettext("the flight is part of every gate"))
    return problems


class SendingProgramme(models.Model):
    """A route to Japan with its own entry requirements, e.g. Kemnaker × JOE
    (TITP) or IM Japan. Requirements differ between real programmes and are
    not fixed by regulation (domain README §6), so each is data an admin sets;
    the readiness checklist reads them."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=120)
    track = models.CharField(_("residence programme"), max_length=10, choices=Track.choices)
    min_age = models.PositiveSmallIntegerField(_("minimum age"), default=18)
    max_age = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    sex = models.CharField(
        _("open to"),
        max_length=1,
        blank=True,
        choices=[("M", _("men only")), ("F", _("women only"))],
        help_text=_("Leave empty when the programme is open to everyone."),
    )
    min_language_level = models.ForeignKey(
        LanguageTest,
        verbose_name=_("minimum Japanese level"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    accepts_in_house_level = models.BooleanField(
        _("accepts in-house language levels"),
        default=False,
        help_text=_("Whether a level assessed by the LPK/SO itself counts towards the minimum."),
    )
    requires_skill_course = models.BooleanField(_("requires a completed BLK skill course"), default=True)
    min_sending_organization_hours = models.PositiveSmallIntegerField(_("minimum LPK/SO training hours"), default=160)
    passport_valid_months = models.PositiveSmallIntegerField(_("passport valid for at least (months)"), default=18)
    required_documents = models.JSONField(_("required documents"), default=default_required_documents)
    # The pre-departure gate (placements): empty means the residence programme's
    # standard list (STANDARD_GATE_ITEMS), so a programme made before the gate
    # existed, or without a choice, still gets a complete one.
    gate_items = models.JSONField(
        _("pre-departure gate items"),
        default=list,
        blank=True,
        help_text=_("Leave empty for the standard list of the residence programme."),
    )
    # No figure in the domain notes: an orientation of two days by default,
    # which each programme sets for itself.
    min_orientation_hours = models.PositiveSmallIntegerField(_("minimum pre-departure orientation hours"), default=16)
    is_active = models.BooleanField(_("open for new participants"), default=True)

    class Meta:
        verbose_name = _("sending programme")
        verbose_name_plural = _("sending programmes")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def required_document_kinds(self) -> list[DocumentKind]:
        return [DocumentKind(kind) for kind in self.required_documents if kind in DocumentKind.values]

    @property
    def gate_item_kinds(self) -> list[GateItem]:
        """The gate items in the order the procedure runs (STANDARD_GATE_ITEMS,
        then what the programme added)."""
        chosen = {GateItem(code) for code in self.gate_items if code in GateItem.values}
        if not chosen:
            return list(STANDARD_GATE_ITEMS.get(self.track, STANDARD_GATE_ITEMS[Track.TITP]))
        return [item for item in GateItem if item in chosen]

    def clean(self) -> None:
        problems = gate_item_problems(list(self.gate_items or []), track=self.track)
        if problems:
            raise ValidationError({"gate_items": problems})


class RuleFamily(models.TextChoices):
    """The families of ``rules`` (rules.versions.Family), each versioned on its own."""

    TITP_QUOTA = "titp_quota", _("TITP yearly quota")
    TITP_STAGES = "titp_stages", _("TITP stages")
    SSW = "ssw", _("Specified Skilled Worker")
    ESD = "esd", _("Employment for Skill Development (ESD)")
    WAGES = "wages", _("wages")
    AGES = "ages", _("legal minimum ages")


class StoredRuleVersion(models.Model):
    """One dated version of a family of programme rules, as ministry
    administrators keep it. Started from rules/data/rule_versions.toml by
    ``load_reference``; from then on theirs.

    Several figures are unverified (domain README §3–4): an administrator who
    learns the right one adds a *new* version with a later effective date.
    A stored version is never edited (the admin shows it read only), because
    decisions name the version they rested on and must still read it.
    """

    family = models.CharField(_("rule family"), max_length=20, choices=RuleFamily.choices)
    label = models.CharField(_("version"), max_length=40)
    effective_from = models.DateField(_("effective from"))
    source = models.TextField(_("source"))
    # {name: {"value": ..., "source": "...", "unverified": bool}}, as in the TOML file.
    parameters = models.JSONField(_("parameters"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("rule version")
        verbose_name_plural = _("rule versions")
        ordering = ["family", "effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["family", "label"], name="one_rule_version_per_label"),
            models.UniqueConstraint(fields=["family", "effective_from"], name="one_rule_version_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.get_family_display()} {self.label}"

    def as_plain(self) -> dict[str, object]:
        """The shape of one version in the TOML file, for rules.read_version."""
        return {
            "label": self.label,
            "effective_from": self.effective_from,
            "source": self.source,
            "parameters": self.parameters,
        }


# No yen has been worth this many rupiah: a larger figure is one for 100 yen.
PLAUSIBLE_IDR_PER_JPY = 1_000


class ExchangeRateQuerySet(models.QuerySet["ExchangeRate"]):
    def in_force(self, on: datetime.date | None = None) -> ExchangeRate | None:
        """The rate set with the latest effective date on or before ``on`` (today by default)."""
        day = on or timezone.localdate()
        return self.filter(effective_from__lte=day).order_by("-effective_from").first()


class ExchangeRate(models.Model):
    """The rupiah for one yen that the ministry sets, from a date on. Workers
    and LPK/SO staff read wages in yen with a rupiah equivalent at the rate in
    force, always shown with the rate and its date.

    A rate is set for a day from today on, and once in force it is never
    changed or deleted: pages have shown it (the admin allows changing only a
    rate whose day has not come). A new rate is a new row."""

    idr_per_jpy = models.DecimalField(
        _("rupiah for one yen"),
        max_digits=12,
        decimal_places=4,
        validators=[MinValueValidator(Decimal("0.0001"))],
        help_text=_(
            "With a decimal point: for example 109.50. Bank Indonesia quotes the rupiah for 100 yen: "
            "divide its figure by 100."
        ),
    )
    effective_from = models.DateField(_("effective from"))
    source = models.CharField(
        _("source"),
        max_length=200,
        help_text=_("Where the figure comes from, e.g. Bank Indonesia's transaction rate of a given day."),
    )
    note = models.TextField(_("note"), blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("set by"), on_delete=models.PROTECT, related_name="+"
    )
    set_at = models.DateTimeField(_("set at"), default=timezone.now)

    objects = ExchangeRateQuerySet.as_manager()

    class Meta:
        verbose_name = _("yen exchange rate")
        verbose_name_plural = _("yen exchange rates")
        ordering = ["-effective_from"]
        constraints = [
            # One rate a day, so "the rate in force on a day" has one answer.
            models.UniqueConstraint(fields=["effective_from"], name="one_exchange_rate_per_day"),
            models.CheckConstraint(condition=models.Q(idr_per_jpy__gt=0), name="exchange_rate_positive"),
        ]

    def __str__(self) -> str:
        return f"1 JPY = {money.rate(self.idr_per_jpy)} · {date_format(self.effective_from)}"

    def clean(self) -> None:
        # Bank Indonesia quotes 100 yen (about Rp 10,950): typed as it stands, every
        # equivalent would read a hundred times too high.
        if self.idr_per_jpy is not None and self.idr_per_jpy > PLAUSIBLE_IDR_PER_JPY:
            raise ValidationError(
                {
                    "idr_per_jpy": _(
                        "%(rate)s for one yen is more than %(limit)s: is it Bank Indonesia's figure for 100 yen? "
                        "Divide it by 100."
                    )
                    % {"rate": money.rate(self.idr_per_jpy), "limit": money.rupiah(PLAUSIBLE_IDR_PER_JPY)}
                }
            )

    def in_force_on(self, day: datetime.date) -> bool:
        """Whether pages may have shown this rate by ``day`` (its date has come)."""
        return self.effective_from <= day

    def rupiah_for(self, yen: int) -> int:
        """``yen`` in rupiah at this rate, to the nearest thousand rupiah."""
        return money.yen_in_rupiah(yen, self.idr_per_jpy)
