"""Upskilling by the host company: courses in Japan, certificates and skill
tests taken in Japan, with their dates and results.

A passed skill test of the kind the next TITP stage asks for, taken before
the current stage ends, is what a stage move reads (``placements.actions.stages``);
the deadline engine reads "no such test yet" through ``missing_move_test``.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from placements.models.placement import StayStage


class UpskillingKind(models.TextChoices):
    COURSE = "course", _("course in Japan")
    CERTIFICATE = "certificate", _("certificate")
    SKILL_TEST = "skill_test", _("skill test")


class SkillTest(models.TextChoices):
    """Skill tests taken in Japan. The TITP evaluation tests (技能実習評価試験)
    stand in for the Trade Skill Test where a job category has none."""

    BASIC = "basic", _("Trade Skill Test, basic grade (技能検定基礎級)")
    EVALUATION_ELEMENTARY = "evaluation_elementary", _("TITP evaluation test, elementary grade (技能実習評価試験 初級)")
    GRADE_3 = "grade_3", _("Trade Skill Test, grade 3 (技能検定随時3級)")
    EVALUATION_SPECIALIST = (
        "evaluation_specialist",
        _("TITP evaluation test, specialist grade (技能実習評価試験 専門級)"),
    )
    GRADE_2 = "grade_2", _("Trade Skill Test, grade 2 (技能検定2級)")
    SSW_I = "ssw_i", _("SSW i skill test (特定技能1号評価試験)")
    SSW_II = "ssw_ii", _("SSW ii skill test (特定技能2号評価試験)")


class SkillTestResult(models.TextChoices):
    # In context: Japanese says 不合格 of a test, not 失敗.
    PASSED = "passed", pgettext_lazy("a skill test's result", "passed")
    FAILED = "failed", pgettext_lazy("a skill test's result", "failed")


# The tests that open each TITP stage (rules/data/rule_versions.toml, move_tests):
# i → ii the basic grade or its equivalent, ii → iii grade 3 or its equivalent.
MOVE_TESTS: dict[StayStage, frozenset[SkillTest]] = {
    StayStage.TITP_II: frozenset({SkillTest.BASIC, SkillTest.EVALUATION_ELEMENTARY}),
    StayStage.TITP_III: frozenset({SkillTest.GRADE_3, SkillTest.EVALUATION_SPECIALIST}),
}
NEXT_TITP_STAGE: dict[StayStage, StayStage] = {
    StayStage.TITP_I: StayStage.TITP_II,
    StayStage.TITP_II: StayStage.TITP_III,
}


class UpskillingQuerySet(models.QuerySet["Upskilling"]):
    def passed_tests(self) -> UpskillingQuerySet:
        return self.filter(kind=UpskillingKind.SKILL_TEST, result=SkillTestResult.PASSED)

    def opening(self, stage: StayStage) -> UpskillingQuerySet:
        """Passed tests of a kind that opens ``stage`` (none for a stage no test opens)."""
        return self.passed_tests().filter(skill_test__in=MOVE_TESTS.get(stage, frozenset()))

    def in_time_for(self, stage: StayStage, *, last_day: datetime.date) -> UpskillingQuerySet:
        """Passed tests that open ``stage``, taken on or before ``last_day`` (the current stage's end)."""
        return self.opening(stage).filter(taken_on__lte=last_day)


def missing_move_test() -> Q:
    """A filter on StagePeriod: current TITP i or ii periods whose placement has
    no passed test of the kind the next stage needs, set-based (no loop), for
    the deadline engine's stage-end "test window"."""
    missing = Q()
    for current, following in NEXT_TITP_STAGE.items():
        passed = Upskilling.objects.opening(following).values("placement")
        missing |= Q(stage=current) & ~Q(placement__in=passed)
    return Q(ended_on__isnull=True) & missing


class Upskilling(models.Model):
    placement = models.ForeignKey(
        "placements.Placement", verbose_name=_("placement"), on_delete=models.CASCADE, related_name="upskilling"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=UpskillingKind.choices)
    skill_test = models.CharField(_("skill test"), max_length=24, choices=SkillTest.choices, blank=True)
    title = models.CharField(
        _("name"), max_length=200, blank=True, help_text=_("The course or certificate, as it is called in Japan.")
    )
    provider = models.CharField(_("given by"), max_length=200, blank=True)
    # The day of the test, the course's last day or the certificate's date.
    taken_on = models.DateField(_("date"))
    result = models.CharField(_("result"), max_length=8, choices=SkillTestResult.choices, blank=True)
    certificate_number = models.CharField(_("certificate number"), max_length=40, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    # Raised by every correction: a form sent from an older reading is refused.
    version = models.PositiveIntegerField(default=1)

    objects = UpskillingQuerySet.as_manager()

    class Meta:
        verbose_name = _("upskilling record")
        verbose_name_plural = _("upskilling records")
        ordering = ["-taken_on", "-id"]
        constraints = [
            # A test has a kind and a result; a course or a certificate neither.
            models.CheckConstraint(
                condition=(Q(kind="skill_test") & ~Q(skill_test="") & ~Q(result=""))
                | (~Q(kind="skill_test") & Q(skill_test="") & Q(result="")),
                name="upskilling_test_has_kind_and_result",
            )
        ]
        indexes = [models.Index(fields=["placement", "kind", "result"], name="upskilling_by_placement")]

    def __str__(self) -> str:
        return f"{self.placement_id} {self.kind} {self.taken_on.isoformat()}"

    @property
    def name(self) -> str:
        """What was taken, as the page names it."""
        return self.get_skill_test_display() if self.skill_test else self.title
