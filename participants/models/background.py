"""Schooling and earlier work: what a Japanese employer reads in the résumé's
学歴・職歴 table. The LPK/SO records them while preparing its candidates;
months, not days, as a résumé states them (each stored as the month's first day)."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SchoolLevel(models.TextChoices):
    PRIMARY = "sd", _("primary school (SD/MI)")
    JUNIOR_HIGH = "smp", _("junior high school (SMP/MTs)")
    SENIOR_HIGH = "sma", _("senior high school (SMA/MA)")
    VOCATIONAL_HIGH = "smk", _("vocational high school (SMK)")
    DIPLOMA = "diploma", _("diploma (D1–D3)")
    BACHELOR = "bachelor", _("bachelor's degree (S1/D4)")


class SchoolOutcome(models.TextChoices):
    GRADUATED = "graduated", _("graduated")
    LEFT = "left", _("left before graduating")
    STUDYING = "studying", _("still studying")


class Education(models.Model):
    participant = models.ForeignKey("participants.Participant", on_delete=models.CASCADE, related_name="education")
    level = models.CharField(pgettext_lazy("schooling", "level"), max_length=10, choices=SchoolLevel.choices)
    school = models.CharField(_("school"), max_length=150)
    major = models.CharField(_("major or department"), max_length=100, blank=True)
    started_on = models.DateField(_("from (month)"))
    # Empty while still studying.
    ended_on = models.DateField(_("until (month)"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=SchoolOutcome.choices)

    class Meta:
        verbose_name = _("education")
        verbose_name_plural = _("education")
        ordering = ["participant", "started_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")), name="education_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(outcome="studying", ended_on__isnull=True)
                | (~Q(outcome="studying") & Q(ended_on__isnull=False)),
                name="education_ended_unless_studying",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school} ({self.started_on:%Y-%m})"


class WorkExperience(models.Model):
    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.CASCADE, related_name="work_experience"
    )
    employer = models.CharField(_("employer"), max_length=150)
    job = models.CharField(_("job"), max_length=150, help_text=_("What the person did there, e.g. welder's assistant."))
    started_on = models.DateField(_("from (month)"))
    # Empty while the person still works there.
    ended_on = models.DateField(_("until (month)"), null=True, blank=True)

    class Meta:
        verbose_name = _("work experience")
        verbose_name_plural = _("work experience")
        ordering = ["participant", "started_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")), name="work_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.employer} ({self.started_on:%Y-%m})"
