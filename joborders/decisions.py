"""The programme rules a job order is held to, and their answers kept.

Every question goes to the rule versions in force on the job order's start
date, read from one rule book (``rule_book``). When a job order opens, each
answer is stored with it (``RuleDecision``): the rule family, version label and
effective date it used, its value and its explanation. A rule version added
later, even one in force on that start date, never changes what was decided:
the page shows the stored answer, it does not ask again.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from joborders import messages
from joborders.models import (
    CompanyProfile,
    JobOrder,
    JobOrderStatusChange,
    RuleDecision,
    SupervisingOrganizationProfile,
    TitpStage,
)
from reference.models import RuleFamily, SSWField, Track
from reference.rulebook import stored_rule_book
from rules import (
    Answer,
    Message,
    Programme,
    RuleBook,
    RuleInputError,
    RuleRef,
    RulesInForce,
    Stage,
    check_monthly_wage,
    programme_open,
    ssw_field_open,
    titp_quota_check,
)


def rule_book() -> RuleBook:
    """The rule versions every job order decision reads: the ministry
    administrators' (reference.StoredRuleVersion)."""
    return stored_rule_book()


def rules_on(day: datetime.date) -> RulesInForce:
    """The version of each rule family in force on ``day``; RuleInputError
    (with a message) for a day before the earliest rules."""
    return rule_book().versions_in_force(day)


class Question(StrEnum):
    PROGRAMME_OPEN = "programme_open"
    SSW_FIELD_OPEN = "ssw_field_open"
    TITP_QUOTA = "titp_quota"
    WAGE = "wage"


# The rules' own names for what refused (rules.Refusal.rule), as a reader knows them.
RULE_NAMES = {
    "bands": translation.gettext_lazy("basic quota by full-time staff"),
    "multipliers": translation.gettext_lazy("multiplier for the company's standing and the stage"),
    "caps": translation.gettext_lazy("cap by full-time staff"),
    "construction_total_cap": translation.gettext_lazy("construction: all trainees within full-time staff"),
    "own_tables": translation.gettext_lazy("the job category's own quota table"),
    "starts_on": translation.gettext_lazy("programme open on the start date"),
    "field_status": translation.gettext_lazy("SSW field open"),
}

QUESTION_LABELS = {
    Question.PROGRAMME_OPEN: translation.gettext_lazy("Programme open on the start date"),
    Question.SSW_FIELD_OPEN: translation.gettext_lazy("SSW field open"),
    Question.TITP_QUOTA: translation.gettext_lazy("TITP quota"),
    Question.WAGE: translation.gettext_lazy("Monthly wage"),
}


def question_label(question: str) -> str:
    """What a stored decision answered, for its reader; a question no longer asked keeps its code."""
    known = {str(item): label for item, label in QUESTION_LABELS.items()}
    return str(known.get(question, question))


@dataclass(frozen=True)
class Asked:
    """One question put to the rules, with its answer."""

    question: Question
    answer: Answer[Any]
    applied_on: datetime.date

    @property
    def allowed(self) -> bool:
        return not self.answer.refused


@dataclass(frozen=True)
class Refused:
    """A no, for the person who asked: the rule that said it, why, what would fit."""

    question: Question
    rule_names: tuple[str, ...]
    explanation: tuple[Message, ...]
    reasons: tuple[Message, ...]
    rule: RuleRef | None
    would_fit: int | None

    @classmethod
    def of(cls, asked: Asked) -> Refused:
        answer = asked.answer
        return cls(
            question=asked.question,
            rule_names=answer.refused_by,
            explanation=answer.explanation,
            reasons=tuple(refusal.message for refusal in answer.refusals),
            rule=answer.rule,
            would_fit=answer.would_fit,
        )

    def __str__(self) -> str:
        reasons = _("; ").join(str(reason) for reason in self.reasons)
        text = _("%(question)s: refused by the rule “%(rules)s”: %(reasons)s.") % {
            "question": QUESTION_LABELS[self.question],
            "rules": _(", ").join(str(RULE_NAMES.get(name, name)) for name in self.rule_names),
            "reasons": reasons,
        }
        if self.would_fit is not None:
            text += " " + _("%(fit)s of the new positions would fit.") % {"fit": self.would_fit}
        if self.rule is not None:
            text += " " + _("(Rules: %(family)s, version %(label)s, in force from %(date)s.)") % {
                "family": RuleFamily(self.rule.family).label,
                "label": self.rule.label,
                "date": self.rule.effective_from.isoformat(),
            }
        return text


# --- what is asked --------------------------------------------------------------


def field_name(field: SSWField) -> str:
    """An SSW field as a rule's message names it: both names, since the stored
    message is read in every language."""
    return f"{field.name_ja} ({field.name_en})"


def programme_question(*, programme: Track, starts_on: datetime.date, rules: RulesInForce) -> Asked:
    answer = programme_open(programme=Programme(programme), starts_on=starts_on, version=rules.esd)
    return Asked(Question.PROGRAMME_OPEN, answer, starts_on)


def ssw_field_question(*, field: SSWField, starts_on: datetime.date) -> Asked:
    # The field list keeps its status, not an opening date: "planned" is not open.
    answer = ssw_field_open(field_name=field_name(field), field_status=field.status, opens_on=None, on=starts_on)
    return Asked(Question.SSW_FIELD_OPEN, answer, starts_on)


def wage_question(*, amount: int, currency: str, starts_on: datetime.date, rules: RulesInForce) -> Asked:
    """RuleInputError, with the rules' message, when the amount is not a plausible monthly wage in yen."""
    answer = check_monthly_wage(amount=amount, currency=currency, version=rules.wages)
    return Asked(Question.WAGE, answer, starts_on)


@dataclass(frozen=True)
class Held:
    """A company's TITP trainees as a quota check counts them: those it has,
    plus the positions its other open and interviewing orders hold."""

    in_stage: int
    in_all_stages: int


def held_by(company: CompanyProfile, *, stage: TitpStage, excluding: int | None) -> Held:
    others = JobOrder.objects.exclude(pk=excluding) if excluding is not None else JobOrder.objects.all()
    in_stage = others.titp_positions_held(company_id=company.organization_id, stage=stage)
    in_all = sum(others.titp_positions_held(company_id=company.organization_id, stage=each) for each in TitpStage)
    return Held(
        in_stage=company.current_trainees(stage) + in_stage,
        in_all_stages=company.total_trainees + in_all,
    )


def quota_question(
    *,
    job_order: JobOrder,
    company: CompanyProfile,
    supervising: SupervisingOrganizationProfile | None,
    rules: RulesInForce,
) -> Asked:
    stage = job_order.stage or TitpStage.I
    day = job_order.start_date
    held = held_by(company, stage=stage, excluding=job_order.pk)
    # The higher quotas need both the company and its supervising organization to be excellent (優良).
    excellent = company.is_excellent_on(day) and supervising is not None and supervising.is_excellent_on(day)
    answer = titp_quota_check(
        full_time_staff=company.full_time_staff,
        excellent=excellent,
        stage=Stage.numbered(stage),
        new_positions=job_order.positions,
        current_trainees_in_stage=held.in_stage,
        construction=company.is_construction,
        current_trainees_total=held.in_all_stages,
        job_category_code=job_order.job_category.code if job_order.job_category else None,
        version=rules.titp_quota,
    )
    return Asked(Question.TITP_QUOTA, answer, day)


class ProfileMissing(RuleInputError):
    pass


def opening(
    job_order: JobOrder,
    *,
    company: CompanyProfile | None,
    supervising: SupervisingOrganizationProfile | None,
) -> list[Asked]:
    """Every question opening ``job_order`` puts to the rules in force on its
    start date. RuleInputError when one cannot be answered (no rules for that
    date, an implausible wage, a TITP company without a profile)."""
    day = job_order.start_date
    rules = rules_on(day)
    asked = [
        programme_question(programme=Track(job_order.programme), starts_on=day, rules=rules),
        wage_question(amount=job_order.monthly_wage_jpy, currency="JPY", starts_on=day, rules=rules),
    ]
    if job_order.programme == Track.SSW and job_order.ssw_field is not None:
        asked.append(ssw_field_question(field=job_order.ssw_field, starts_on=day))
    if job_order.programme == Track.TITP:
        if company is None:
            raise ProfileMissing(
                Message(
                    translation.gettext_noop(
                        "%(company)s has no profile yet: its full-time staff decide its TITP quota. "
                        "Fill in the company's profile first."
                    ),
                    company=job_order.company.name,
                )
            )
        asked.append(quota_question(job_order=job_order, company=company, supervising=supervising, rules=rules))
    return asked


# --- what is kept -------------------------------------------------------------


def store(
    *, job_order: JobOrder, status_change: JobOrderStatusChange, asked: list[Asked], at: datetime.datetime
) -> list[RuleDecision]:
    return RuleDecision.objects.bulk_create(
        [_decision(job_order=job_order, status_change=status_change, asked=item, at=at) for item in asked]
    )


def _decision(
    *, job_order: JobOrder, status_change: JobOrderStatusChange, asked: Asked, at: datetime.datetime
) -> RuleDecision:
    answer = asked.answer
    rule = answer.rule
    with translation.override("en"):
        english = answer.explain()
    return RuleDecision(
        job_order=job_order,
        status_change=status_change,
        question=asked.question,
        rule_family=rule.family if rule else "",
        rule_version=rule.label if rule else "",
        rule_effective_from=rule.effective_from if rule else None,
        applied_on=asked.applied_on,
        allowed=asked.allowed,
        value=answer.value if isinstance(answer.value, bool | int | str) or answer.value is None else str(answer.value),
        would_fit=answer.would_fit,
        refused_by=list(answer.refused_by),
        explanation=messages.many_to_json(answer.explanation),
        explanation_en=english,
        decided_at=at,
    )


def summary(asked: list[Asked]) -> str:
    """For the audit log, in English: which rule versions the decision used."""
    return "; ".join(
        f"{item.question}: {'yes' if item.allowed else 'no'} ({item.answer.rule or 'reference data'})" for item in asked
    )
