"""The programme rules a job order is held to, and their answers kept.

Every question goes to the rule versions in force on the job order's start
date, read from one rule book (``rule_book``). When a job order opens, each
answer is stored with it (``RuleDecision``): the rule family, version label and
effective date it used, its value and its explanation. A rule version added
later, even one in force on that start date, never changes what was decided:
the page shows the stored answer, it does not ask again.
"""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.utils import translation
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from joborders import messages, trainees
from joborders.models import (
    CompanyProfile,
    JobOrder,
    JobOrderStatusChange,
    RuleDecision,
    SupervisingOrganizationProfile,
    TitpStage,
)
from joborders.trainees import Peak
from reference.models import ESDField, RuleFamily, SSWField, Track
from reference.rulebook import stored_rule_book
from rules import (
    Answer,
    Message,
    Named,
    Programme,
    RuleBook,
    RuleInputError,
    RuleRef,
    RulesInForce,
    Stage,
    check_monthly_wage,
    esd_field_open,
    legal_minimum_age,
    programme_open,
    ssw_field_open,
    start_date_ahead,
    titp_quota_check,
    titp_recruitment,
)
from rules.answers import Figure


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
    START_DATE = "start_date"
    MINIMUM_AGE = "minimum_age"
    SSW_FIELD_OPEN = "ssw_field_open"
    ESD_FIELD_OPEN = "esd_field_open"
    TITP_STAGE = "titp_stage"
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
    "field_status": translation.gettext_lazy("field open"),
    "start_date": translation.gettext_lazy("start date not passed"),
    "titp_minimum_age": translation.gettext_lazy("legal minimum age"),
    "ssw_minimum_age": translation.gettext_lazy("legal minimum age"),
    "esd_minimum_age": translation.gettext_lazy("legal minimum age"),
    "recruited_stage": translation.gettext_lazy("stages a job order recruits for"),
}

QUESTION_LABELS = {
    Question.PROGRAMME_OPEN: translation.gettext_lazy("Programme open on the start date"),
    Question.START_DATE: translation.gettext_lazy("Start date not passed"),
    Question.MINIMUM_AGE: translation.gettext_lazy("Legal minimum age"),
    Question.SSW_FIELD_OPEN: translation.gettext_lazy("SSW field open"),
    Question.ESD_FIELD_OPEN: translation.gettext_lazy("ESD field open"),
    Question.TITP_STAGE: translation.gettext_lazy("TITP stage recruited"),
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
            text += " " + _("%(fit)s of the new positions would fit.") % {"fit": number_format(self.would_fit)}
        if self.rule is not None:
            text += " " + _("(Rules “%(family)s”, version “%(label)s”, in force from %(date)s.)") % {
                "family": RuleFamily(self.rule.family).label,
                "label": self.rule.label,
                "date": date_format(self.rule.effective_from),
            }
        return text


# --- what is asked --------------------------------------------------------------


def field_name(field: SSWField | ESDField) -> Named:
    """An SSW or ESD field as a rule's message names it: in every language, since the
    stored message is read in each reader's own."""
    return Named(ja=field.name_ja, en=field.name_en, id=field.name_id)


def programme_question(*, programme: Track, starts_on: datetime.date, rules: RulesInForce) -> Asked:
    answer = programme_open(programme=Programme(programme), starts_on=starts_on, version=rules.esd)
    return Asked(Question.PROGRAMME_OPEN, answer, starts_on)


def ssw_field_question(*, field: SSWField, starts_on: datetime.date) -> Asked:
    # The field list keeps its status, not an opening date: "planned" is not open.
    answer = ssw_field_open(field_name=field_name(field), field_status=field.status, opens_on=None, on=starts_on)
    return Asked(Question.SSW_FIELD_OPEN, answer, starts_on)


def esd_field_question(*, field: ESDField, starts_on: datetime.date) -> Asked:
    """The field's status in ESD's own list; the answer says so while the
    list's membership is unverified."""
    version = field.version
    answer = esd_field_open(
        field_name=field_name(field),
        field_status=field.status,
        list_label=version.label,
        list_unverified=version.unverified,
        on=starts_on,
    )
    return Asked(Question.ESD_FIELD_OPEN, answer, starts_on)


def start_date_question(*, starts_on: datetime.date, today: datetime.date) -> Asked:
    return Asked(Question.START_DATE, start_date_ahead(starts_on=starts_on, today=today), starts_on)


def minimum_age_question(
    *, programme: Track, min_age: int | None, starts_on: datetime.date, rules: RulesInForce
) -> Asked:
    answer = legal_minimum_age(programme=Programme(programme), min_age=min_age, version=rules.ages)
    return Asked(Question.MINIMUM_AGE, answer, starts_on)


def titp_stage_question(*, stage: TitpStage, starts_on: datetime.date, rules: RulesInForce) -> Asked:
    answer = titp_recruitment(stage=Stage.numbered(stage), version=rules.titp_stages)
    return Asked(Question.TITP_STAGE, answer, starts_on)


def wage_question(*, amount: int, currency: str, starts_on: datetime.date, rules: RulesInForce) -> Asked:
    """RuleInputError, with the rules' message, when the amount is not a plausible monthly wage in yen."""
    answer = check_monthly_wage(amount=amount, currency=currency, version=rules.wages)
    return Asked(Question.WAGE, answer, starts_on)


@dataclass(frozen=True)
class Held:
    """A company's TITP trainees as a quota check counts them, at their most
    while the new order's trainees would be there: in the order's stage, and
    for an order in a construction job category, in construction job
    categories across all stages (``joborders.trainees``)."""

    in_stage: Peak
    construction: Peak | None
    stage_first: datetime.date
    stage_last: datetime.date
    span_last: datetime.date


def held_by(job_order: JobOrder, company: CompanyProfile, *, stage: TitpStage) -> Held:
    versions = rule_book().titp_stages
    # The new order's own spells say when its trainees would be there.
    own = trainees.order_spells(
        stage=stage,
        positions=job_order.positions,
        starts_on=job_order.start_date,
        construction=False,
        source=trainees.Source.HOLDING,
        versions=versions,
    )
    first, stage_last = own[0].first_day, own[0].last_day or job_order.start_date
    span_last = own[-1].last_day or stage_last
    held = trainees.company_trainees(company, excluding=job_order.pk, versions=versions)
    construction = job_order.job_category is not None and job_order.job_category.is_construction
    return Held(
        in_stage=held.peak(first, stage_last, stage=stage),
        construction=held.peak(first, span_last, construction_only=True) if construction else None,
        stage_first=first,
        stage_last=stage_last,
        span_last=span_last,
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
    held = held_by(job_order, company, stage=stage)
    # The higher quotas need both the company and its supervising organization to be excellent (優良).
    excellent = company.is_excellent_on(day) and supervising is not None and supervising.is_excellent_on(day)
    answer = titp_quota_check(
        full_time_staff=company.full_time_staff,
        excellent=excellent,
        stage=Stage.numbered(stage),
        new_positions=job_order.positions,
        current_trainees_in_stage=held.in_stage.held,
        # The construction limit follows the order's job category, not the company's industry.
        construction=held.construction is not None,
        current_trainees_total=held.construction.held if held.construction else held.in_stage.held,
        job_category_code=job_order.job_category.code if job_order.job_category else None,
        version=rules.titp_quota,
    )
    return Asked(Question.TITP_QUOTA, _with_counts(answer, held, stage), day)


def _with_counts(answer: Answer[bool], held: Held, stage: TitpStage) -> Answer[bool]:
    """The answer, with where its count of current trainees comes from."""
    counted = [
        Message(
            translation.gettext_noop(
                "current %(stage)s trainees counted from %(first)s to %(last)s: at most %(held)s at once, "
                "on %(day)s (%(recorded)s recorded by the supervising organization, %(filled)s from filled "
                "job orders, %(holding)s held by open job orders)"
            ),
            stage=Stage.numbered(stage).named,
            first=held.stage_first,
            last=held.stage_last,
            **_sources(held.in_stage),
        )
    ]
    if held.construction is not None:
        counted.append(
            Message(
                translation.gettext_noop(
                    "current trainees in construction job categories, all stages, counted from %(first)s to "
                    "%(last)s: at most %(held)s at once, on %(day)s (%(recorded)s recorded by the supervising "
                    "organization, %(filled)s from filled job orders, %(holding)s held by open job orders)"
                ),
                first=held.stage_first,
                last=held.span_last,
                **_sources(held.construction),
            )
        )
    return dataclasses.replace(answer, explanation=(*answer.explanation, *counted))


def _sources(peak: Peak) -> dict[str, Figure]:
    return {
        "held": peak.held,
        "day": peak.day,
        "recorded": peak.recorded,
        "filled": peak.filled,
        "holding": peak.holding,
    }


class ProfileMissing(RuleInputError):
    pass


class FieldMissing(RuleInputError):
    pass


def opening(
    job_order: JobOrder,
    *,
    company: CompanyProfile | None,
    supervising: SupervisingOrganizationProfile | None,
    today: datetime.date,
) -> list[Asked]:
    """Every question opening ``job_order`` on ``today`` puts to the rules in
    force on its start date. RuleInputError when one cannot be answered (no
    rules for that date, an implausible wage, a TITP company without a
    profile, an ESD order without an ESD field)."""
    day = job_order.start_date
    rules = rules_on(day)
    programme = Track(job_order.programme)
    asked = [
        programme_question(programme=programme, starts_on=day, rules=rules),
        start_date_question(starts_on=day, today=today),
        minimum_age_question(programme=programme, min_age=job_order.min_age, starts_on=day, rules=rules),
        wage_question(amount=job_order.monthly_wage_jpy, currency="JPY", starts_on=day, rules=rules),
    ]
    if programme == Track.SSW and job_order.ssw_field is not None:
        asked.append(ssw_field_question(field=job_order.ssw_field, starts_on=day))
    if programme == Track.ESD:
        if job_order.esd_field is None:
            # An ESD order from before ESD had its own field list names an SSW field: it must name an ESD one.
            raise FieldMissing(
                Message(
                    translation.gettext_noop(
                        "An ESD job order names a field of the ESD field list in force on its start date. "
                        "Edit the order and choose its ESD field."
                    )
                )
            )
        asked.append(esd_field_question(field=job_order.esd_field, starts_on=day))
    if programme == Track.TITP and job_order.stage is not None:
        asked.append(titp_stage_question(stage=job_order.stage, starts_on=day, rules=rules))
    if programme == Track.TITP:
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
