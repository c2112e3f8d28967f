"""What makes a job order valid, checked the same way by the form (to show
each problem at its field) and by the actions (so that no caller saves an
invalid one).

Reference lists are read as they were in force on the job order's start date,
and the programme rules through ``joborders.decisions`` on that date too.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from collections.abc import Mapping

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_stubs_ext import StrOrPromise

from accounts.models import CITY_JA_NOT_JAPANESE, CITY_NOT_LATIN, OrganizationKind
from joborders import decisions, numbers
from joborders.details import JobOrderDetails
from joborders.models import SupervisingCategory, SupervisingOrganizationProfile, TitpStage
from lib import money
from lib.languages import writes_japanese
from reference.models import ESDField, JobCategory, ListKind, ListVersion, SSWField, Track
from rules import RuleInputError, RulesInForce

# TITP and ESD orders go through the company's supervising organization.
SUPERVISED_PROGRAMMES = frozenset({Track.TITP, Track.ESD})
# SSW orders name a field of the SSW list, ESD orders one of ESD's own list.
FIELD_PROGRAMMES = frozenset({Track.SSW, Track.ESD})

Problems = dict[str, list[str]]


def list_in_force(kind: ListKind, day: datetime.date) -> ListVersion | None:
    return ListVersion.objects.in_force(kind, on=day)


# A note in the list, not part of a name: "自動車整備 (+車体整備 planned)", "印刷・製本 ...".
_LIST_NOTE = re.compile(r"\s*\([^)]*\)|\s*(\.\.\.|…)\s*$")


def business_categories(field: SSWField | ESDField) -> list[str]:
    """The field's business categories as the list names them, one by one,
    without the list's own notes."""
    parts = (_LIST_NOTE.sub("", part).strip() for part in field.business_categories.replace("；", ";").split(";"))
    return [part for part in parts if part]


def job_order_problems(
    details: JobOrderDetails, *, decided: bool = False, today: datetime.date | None = None
) -> Problems:
    """Every problem, by the field it is about, on ``today`` (the local date
    by default). ``decided``: the order is past draft, so the fields its
    opening was decided on are not checked again (a list or rule version
    loaded since must not undo that decision)."""
    not_whole = numbers.problems(details)
    if not_whole:
        # The other checks compare these numbers: first they must be numbers.
        return not_whole
    problems: Problems = defaultdict(list)
    try:
        rules = decisions.rules_on(details.start_date)
    except RuleInputError as error:
        return {"start_date": [str(error)]}
    if not decided:
        _check_programme(details, rules, problems, today=today or timezone.localdate())
    # Not a decided field: an open order's minimum age may change, never below the law's.
    _check_minimum_age(details, rules, problems)
    _check_wage(details, rules, problems)
    _check_terms(details, problems)
    _check_workplace(details, problems)
    return {field: messages for field, messages in problems.items() if messages}


# What each programme must name, and what is said while it is missing.
CHOICES_NEEDED: dict[Track, dict[str, StrOrPromise]] = {
    Track.TITP: {
        "titp_stage": gettext_lazy("Choose the TITP stage the trainees will be in."),
        "job_category": gettext_lazy("Choose the TITP job category."),
        "operation": gettext_lazy("Choose the operation within the job category."),
    },
    Track.SSW: {"ssw_field": gettext_lazy("Choose the SSW field.")},
    Track.ESD: {"esd_field": gettext_lazy("Choose the ESD field.")},
}


def choices_missing(programme: Track | str | None, chosen: Mapping[str, object]) -> dict[str, StrOrPromise]:
    """The choices ``programme`` needs that ``chosen`` (a form's cleaned data)
    lacks: said beside a form's other errors, before the whole order can be checked."""
    needed = CHOICES_NEEDED.get(Track(programme), {}) if programme in Track.values else {}
    return {name: message for name, message in needed.items() if chosen.get(name) is None}


def _refusals(asked: decisions.Asked) -> list[str]:
    return [str(refusal.message) for refusal in asked.answer.refusals]


def _check_programme(
    details: JobOrderDetails, rules: RulesInForce, problems: Problems, *, today: datetime.date
) -> None:
    day = details.start_date
    problems["start_date"] += _refusals(decisions.start_date_question(starts_on=day, today=today))
    problems["start_date"] += _refusals(
        decisions.programme_question(programme=details.programme, starts_on=day, rules=rules)
    )
    if details.programme in SUPERVISED_PROGRAMMES and details.company.parent_id is None:
        problems["company"].append(
            _("%(company)s has no supervising organization: TITP and ESD job orders go through one.")
            % {"company": details.company.name}
        )
    if details.programme == Track.TITP:
        _check_titp(details, rules, problems)
    if details.programme == Track.SSW:
        _check_ssw_field(details, problems)
    if details.programme == Track.ESD:
        _check_esd_field(details, problems)
    if details.ssw_field is not None and details.programme != Track.SSW:
        problems["ssw_field"].append(_("Only SSW job orders name an SSW field; ESD job orders name an ESD field."))
    if details.esd_field is not None and details.programme != Track.ESD:
        problems["esd_field"].append(_("Only ESD job orders name an ESD field."))


def _check_minimum_age(details: JobOrderDetails, rules: RulesInForce, problems: Problems) -> None:
    asked = decisions.minimum_age_question(
        programme=details.programme, min_age=details.min_age, starts_on=details.start_date, rules=rules
    )
    problems["min_age"] += _refusals(asked)


def _check_titp(details: JobOrderDetails, rules: RulesInForce, problems: Problems) -> None:
    if details.titp_stage is None:
        problems["titp_stage"].append(str(CHOICES_NEEDED[Track.TITP]["titp_stage"]))
    else:
        stage = decisions.titp_stage_question(stage=details.titp_stage, starts_on=details.start_date, rules=rules)
        problems["titp_stage"] += _refusals(stage)
    category, operation = details.job_category, details.operation
    if category is None:
        problems["job_category"].append(str(CHOICES_NEEDED[Track.TITP]["job_category"]))
        return
    version = list_in_force(ListKind.TITP_JOB_CATEGORIES, details.start_date)
    if version is None:
        problems["job_category"].append(
            _("No TITP job category list is in force on %(date)s.") % {"date": date_format(details.start_date)}
        )
        return
    if category.version_id != version.pk:
        problems["job_category"].append(_not_in_list(category, version, details.start_date))
        return
    if operation is None:
        problems["operation"].append(str(CHOICES_NEEDED[Track.TITP]["operation"]))
    elif operation.job_category_id != category.pk:
        problems["operation"].append(
            _("Operation %(operation)s is not part of job category %(category)s.")
            % {"operation": operation.code, "category": category.code}
        )
    elif details.titp_stage is not None and details.titp_stage > operation.max_stage:
        problems["titp_stage"].append(
            _("Operation %(operation)s goes up to %(max)s only, not %(stage)s.")
            % {
                "operation": operation.code,
                "max": TitpStage(operation.max_stage).named,
                "stage": TitpStage(details.titp_stage).named,
            }
        )
    if details.titp_stage == TitpStage.III:
        _check_stage_iii_supervision(details, problems)


def _not_in_list(category: JobCategory, version: ListVersion, day: datetime.date) -> str:
    return _(
        "Job category %(code)s is not in the TITP job category list in force on %(date)s (version %(label)s). "
        "Choose one from that list."
    ) % {"code": category.code, "date": date_format(day), "label": version.label}


def _check_stage_iii_supervision(details: JobOrderDetails, problems: Problems) -> None:
    parent = details.company.parent_id
    supervising = SupervisingOrganizationProfile.objects.filter(organization_id=parent).first() if parent else None
    if supervising is None or supervising.category != SupervisingCategory.GENERAL:
        problems["titp_stage"].append(
            _("Stage iii needs a supervising organization with a general licence; %(company)s's has none on record.")
            % {"company": details.company.name}
        )


def _check_ssw_field(details: JobOrderDetails, problems: Problems) -> None:
    field = details.ssw_field
    if field is None:
        problems["ssw_field"].append(str(CHOICES_NEEDED[Track.SSW]["ssw_field"]))
        return
    version = list_in_force(ListKind.SSW_FIELDS, details.start_date)
    if version is None or field.version_id != version.pk:
        problems["ssw_field"].append(
            _("%(field)s is not in the SSW field list in force on %(date)s. Choose one from that list.")
            % {"field": str(field), "date": date_format(details.start_date)}
        )
        return
    problems["ssw_field"] += _refusals(decisions.ssw_field_question(field=field, starts_on=details.start_date))
    _check_business_category(details, field, problems)


def _check_esd_field(details: JobOrderDetails, problems: Problems) -> None:
    """ESD orders name a field of ESD's own list, which is not SSW's."""
    field = details.esd_field
    if field is None:
        problems["esd_field"].append(str(CHOICES_NEEDED[Track.ESD]["esd_field"]))
        return
    version = list_in_force(ListKind.ESD_FIELDS, details.start_date)
    if version is None or field.version_id != version.pk:
        problems["esd_field"].append(
            _("%(field)s is not in the ESD field list in force on %(date)s. Choose one from that list.")
            % {"field": str(field), "date": date_format(details.start_date)}
        )
        return
    problems["esd_field"] += _refusals(decisions.esd_field_question(field=field, starts_on=details.start_date))
    _check_business_category(details, field, problems)


def _check_business_category(details: JobOrderDetails, field: SSWField | ESDField, problems: Problems) -> None:
    if details.business_category and details.business_category not in business_categories(field):
        problems["business_category"].append(
            _("“%(category)s” is not a business category of %(field)s.")
            % {"category": details.business_category, "field": str(field)}
        )


def _check_wage(details: JobOrderDetails, rules: RulesInForce, problems: Problems) -> None:
    try:
        decisions.wage_question(
            amount=details.monthly_wage_jpy, currency="JPY", starts_on=details.start_date, rules=rules
        )
    except RuleInputError as error:
        problems["monthly_wage_jpy"].append(str(error))
        return
    if details.housing_cost_jpy + details.other_deductions_jpy >= details.monthly_wage_jpy:
        problems["other_deductions_jpy"].append(
            _("Housing and other deductions (%(deductions)s) take the whole wage of %(wage)s.")
            % {
                "deductions": money.yen(details.housing_cost_jpy + details.other_deductions_jpy),
                "wage": money.yen(details.monthly_wage_jpy),
            }
        )


def _check_workplace(details: JobOrderDetails, problems: Problems) -> None:
    """The city in both scripts: Japanese pages and contracts read 仙台市, the others Sendai."""
    if writes_japanese(details.workplace_city):
        problems["workplace_city"].append(str(CITY_NOT_LATIN))
    if not details.workplace_city_ja.strip():
        problems["workplace_city_ja"].append(_("Give the city in Japanese too, e.g. 仙台市."))
    elif not writes_japanese(details.workplace_city_ja):
        problems["workplace_city_ja"].append(str(CITY_JA_NOT_JAPANESE))


def _check_terms(details: JobOrderDetails, problems: Problems) -> None:
    if details.positions < 1:
        problems["positions"].append(_("A job order has at least one position."))
    if details.min_age is not None and details.max_age is not None and details.max_age < details.min_age:
        problems["max_age"].append(
            _("The maximum age (%(max)s) is below the minimum age (%(min)s).")
            % {"max": details.max_age, "min": details.min_age}
        )
    if details.interview_date is not None and details.interview_date > details.start_date:
        problems["interview_date"].append(_("The interview must come before the start date."))
    if details.interview_mode and details.interview_date is None:
        problems["interview_date"].append(_("Give the interview date too."))
    if details.company.kind != OrganizationKind.COMPANY:
        problems["company"].append(_("Job orders are placed by implementing companies."))
    if any(org.kind != OrganizationKind.SENDING_ORGANIZATION for org in details.sending_organizations):
        problems["sending_organizations"].append(_("Only LPK/SOs serve job orders."))
    support = details.support_organization
    if support is not None and (
        details.programme != Track.SSW or support.kind != OrganizationKind.SUPPORT_ORGANIZATION
    ):
        problems["support_organization"].append(_("Only SSW job orders have a registered support organization."))
