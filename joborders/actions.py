"""Workflows that change the Japanese side: profiles of organizations in Japan
and job orders. Pages, the demo seeder and (later) the API call these; none of
them writes a profile or a job order any other way.

Each action runs in one transaction, locks the row whose state it checks,
refuses an edit based on an outdated copy (the version), writes the audit rows
with the change and saves only its own fields.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Sequence
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import Organization, OrganizationKind, User
from audit import actions as audit
from audit.models import AuditAction
from joborders import checks, decisions, numbers
from joborders.details import JobOrderDetails
from joborders.models import (
    DECIDED_FIELDS,
    REASON_REQUIRED,
    CompanyProfile,
    JobOrder,
    JobOrderStatus,
    JobOrderStatusChange,
    SupervisingCategory,
    SupervisingOrganizationProfile,
    SupportOrganizationProfile,
)
from reference.models import Prefecture
from rules import RuleInputError

# --- refusals -----------------------------------------------------------------


class JobOrderError(Exception):
    """A refusal with a message for the person who asked."""


class EditConflict(JobOrderError):
    def __init__(self) -> None:
        super().__init__(
            _("Someone else changed this record while you were editing. Reload the page to see their change.")
        )


class WrongKind(JobOrderError):
    def __init__(self, organization: Organization) -> None:
        super().__init__(
            _("%(name)s is a “%(kind)s”: this profile is for another kind of organization.")
            % {"name": organization.name, "kind": OrganizationKind(organization.kind).label}
        )


class TransitionNotAllowed(JobOrderError):
    def __init__(self, current: JobOrderStatus, wanted: JobOrderStatus) -> None:
        super().__init__(
            _("A job order that is “%(current)s” cannot become “%(wanted)s”.")
            % {"current": current.label, "wanted": wanted.label}
        )


class LiveOffers(JobOrderError):
    def __init__(self) -> None:
        super().__init__(_("Candidates hold offers for this order: withdraw each one, with its reason, first."))


class ReasonRequired(JobOrderError):
    def __init__(self, wanted: JobOrderStatus) -> None:
        super().__init__(_("Give a reason for “%(wanted)s”.") % {"wanted": wanted.label})


class NotEditable(JobOrderError):
    def __init__(self, status: JobOrderStatus) -> None:
        super().__init__(_("A job order that is “%(status)s” can no longer be changed.") % {"status": status.label})


class DecidedFieldsChanged(JobOrderError):
    """Past draft, the fields the opening decision rests on are fixed."""

    def __init__(self, labels: Sequence[str]) -> None:
        super().__init__(
            _(
                "This job order is open: %(fields)s can no longer change, because its opening was decided on them. "
                "Cancel it and make a new one instead."
            )
            % {"fields": ", ".join(labels)}
        )


class CannotDecide(JobOrderError):
    """The rules cannot answer: no rules for the start date, a company without a profile."""


class OpeningRefused(JobOrderError):
    """The rules said no; each refusal names its rule and what would fit."""

    def __init__(self, refusals: Sequence[decisions.Refused]) -> None:
        self.refusals = tuple(refusals)
        super().__init__(" ".join(str(refusal) for refusal in self.refusals))


# --- profiles of organizations in Japan ---------------------------------------


@dataclasses.dataclass(frozen=True, kw_only=True)
class OrganizationDetails:
    """What partners keep up to date on the organization itself; its name and
    code are the ministry's, in the administration."""

    name_ja: str
    prefecture: Prefecture | None
    city: str
    city_ja: str


ORGANIZATION_FIELDS = tuple(field.name for field in dataclasses.fields(OrganizationDetails))


@dataclasses.dataclass(frozen=True, kw_only=True)
class Contact:
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""


@dataclasses.dataclass(frozen=True, kw_only=True)
class SupervisingDetails(Contact):
    licence_number: str
    category: SupervisingCategory
    excellent_since: datetime.date | None = None
    excellent_until: datetime.date | None = None


@dataclasses.dataclass(frozen=True, kw_only=True)
class CompanyDetails(Contact):
    industry: str
    is_construction: bool
    full_time_staff: int = numbers.whole(1)
    excellent_since: datetime.date | None = None
    excellent_until: datetime.date | None = None


@dataclasses.dataclass(frozen=True, kw_only=True)
class TraineeCounts:
    """A company's current TITP trainees by stage, as its supervising organization records them."""

    trainees_stage_i: int = numbers.whole(0)
    trainees_stage_ii: int = numbers.whole(0)
    trainees_stage_iii: int = numbers.whole(0)
    trainees_recorded_on: datetime.date


@dataclasses.dataclass(frozen=True, kw_only=True)
class SupportDetails(Contact):
    registration_number: str
    registered_on: datetime.date | None = None


ProfileT = TypeVar("ProfileT", SupervisingOrganizationProfile, CompanyProfile, SupportOrganizationProfile)
Details = SupervisingDetails | CompanyDetails | SupportDetails | TraineeCounts


def _fields_of(details: Details) -> tuple[str, ...]:
    return tuple(field.name for field in dataclasses.fields(details))


def _locked_organization(organization_id: int, kind: OrganizationKind) -> Organization:
    organization = Organization.objects.select_for_update().get(pk=organization_id)
    if organization.kind != kind:
        raise WrongKind(organization)
    return organization


def _update_organization(organization: Organization, details: OrganizationDetails, *, by: User) -> None:
    before = audit.snapshot(organization, ORGANIZATION_FIELDS)
    for name in ORGANIZATION_FIELDS:
        value = getattr(details, name)
        setattr(organization, name, value.strip() if isinstance(value, str) else value)
    organization.clean()  # the forms check the same; this refuses any other caller
    changes = audit.changed_fields(before, audit.snapshot(organization, ORGANIZATION_FIELDS))
    if changes:
        organization.save(update_fields=list(ORGANIZATION_FIELDS))
        audit.record(actor=by, action=AuditAction.UPDATED, target=organization, changes=changes)


def _save_profile(
    model: type[ProfileT],
    *,
    organization: Organization,
    parts: Sequence[Details],
    expected_version: int,
    by: User,
) -> ProfileT:
    """Create or update the organization's profile of ``model`` with ``parts``.
    An organization without a profile yet is at version 0."""
    refused = {name: messages for part in parts for name, messages in numbers.problems(part).items()}
    if refused:
        raise ValidationError(refused)
    profile = model._default_manager.select_for_update().filter(organization=organization).first()
    if (profile.version if profile else 0) != expected_version:
        raise EditConflict
    names: tuple[str, ...] = tuple(name for part in parts for name in _fields_of(part))
    before = audit.snapshot(profile, names) if profile else {}
    if profile is None:
        profile = model(organization=organization)
    for part in parts:
        for name in _fields_of(part):
            value = getattr(part, name)
            setattr(profile, name, value.strip() if isinstance(value, str) else value)
    profile.full_clean(exclude=["organization"])
    changes = audit.changed_fields(before, audit.snapshot(profile, names))
    if profile.pk is None:
        profile.save()
        audit.record(actor=by, action=AuditAction.CREATED, target=profile, changes=changes)
    elif changes:
        profile.version += 1
        profile.save(update_fields=[*names, "version", "updated_at"])
        audit.record(actor=by, action=AuditAction.UPDATED, target=profile, changes=changes)
    return profile


@transaction.atomic
def save_supervising_profile(
    *,
    organization_id: int,
    organization: OrganizationDetails,
    details: SupervisingDetails,
    expected_version: int,
    by: User,
) -> SupervisingOrganizationProfile:
    locked = _locked_organization(organization_id, OrganizationKind.SUPERVISING_ORGANIZATION)
    _update_organization(locked, organization, by=by)
    return _save_profile(
        SupervisingOrganizationProfile, organization=locked, parts=[details], expected_version=expected_version, by=by
    )


@transaction.atomic
def save_company_profile(
    *,
    organization_id: int,
    organization: OrganizationDetails,
    details: CompanyDetails,
    trainees: TraineeCounts | None,
    expected_version: int,
    by: User,
) -> CompanyProfile:
    """``trainees`` None leaves the trainee numbers as they are: only the
    supervising organization records them (the page decides who may)."""
    locked = _locked_organization(organization_id, OrganizationKind.COMPANY)
    _update_organization(locked, organization, by=by)
    parts: list[Details] = [details] if trainees is None else [details, trainees]
    return _save_profile(CompanyProfile, organization=locked, parts=parts, expected_version=expected_version, by=by)


@transaction.atomic
def save_support_profile(
    *,
    organization_id: int,
    organization: OrganizationDetails,
    details: SupportDetails,
    expected_version: int,
    by: User,
) -> SupportOrganizationProfile:
    locked = _locked_organization(organization_id, OrganizationKind.SUPPORT_ORGANIZATION)
    _update_organization(locked, organization, by=by)
    return _save_profile(
        SupportOrganizationProfile, organization=locked, parts=[details], expected_version=expected_version, by=by
    )


@transaction.atomic
def add_member_company(
    *,
    supervising_id: int,
    name: str,
    organization: OrganizationDetails,
    details: CompanyDetails,
    trainees: TraineeCounts,
    by: User,
) -> Organization:
    """A new implementing company under a supervising organization, with its profile."""
    supervising = _locked_organization(supervising_id, OrganizationKind.SUPERVISING_ORGANIZATION)
    company = Organization(
        kind=OrganizationKind.COMPANY,
        code=_free_code(name),
        name=name.strip(),
        name_ja=organization.name_ja.strip(),
        parent=supervising,
        prefecture=organization.prefecture,
        city=organization.city.strip(),
        city_ja=organization.city_ja.strip(),
    )
    company.clean()  # the form checks the same; this refuses any other caller
    company.save()
    fields = ("kind", "code", "name", "parent", *ORGANIZATION_FIELDS)
    audit.record(
        actor=by,
        action=AuditAction.CREATED,
        target=company,
        changes=audit.changed_fields({}, audit.snapshot(company, fields)),
    )
    _save_profile(CompanyProfile, organization=company, parts=[details, trainees], expected_version=0, by=by)
    return company


def _free_code(name: str) -> str:
    """An organization code from the name, numbered on when taken."""
    base = slugify(name)[:36].strip("-") or "company"
    taken = set(Organization.objects.filter(code__startswith=base).values_list("code", flat=True))
    code, number = base, 2
    while code in taken:
        code, number = f"{base}-{number}", number + 1
    return code


# --- job orders ---------------------------------------------------------------


# Saved on the job order row; the LPK/SOs serving it are a many-to-many of their own.
JOB_ORDER_FIELDS = tuple(
    field.name for field in dataclasses.fields(JobOrderDetails) if field.name != "sending_organizations"
)
AUDITED_FIELDS = (*JOB_ORDER_FIELDS, "supervising_organization")


def _checked(details: JobOrderDetails, *, decided: bool = False) -> None:
    """The same checks as the form's, for every caller: nothing invalid is saved."""
    problems = checks.job_order_problems(details, decided=decided)
    if problems:
        raise ValidationError(problems)


def _apply(job_order: JobOrder, details: JobOrderDetails) -> None:
    for name in JOB_ORDER_FIELDS:
        value = getattr(details, name)
        setattr(job_order, name, value.strip() if isinstance(value, str) else value)
    # TITP and ESD orders go through the company's supervising organization.
    job_order.supervising_organization = (
        details.company.parent if details.programme in checks.SUPERVISED_PROGRAMMES else None
    )


def _label(name: str) -> str:
    return str(getattr(JobOrder._meta.get_field(name), "verbose_name", name))


def _served_by(job_order: JobOrder) -> str:
    codes = sorted(job_order.sending_organizations.values_list("code", flat=True))
    return ", ".join(codes)


@transaction.atomic
def create_job_order(*, details: JobOrderDetails, by: User) -> JobOrder:
    """A new job order, in draft: nothing is decided until it opens."""
    _checked(details)
    job_order = JobOrder(created_by=by)
    _apply(job_order, details)
    job_order.save()
    job_order.sending_organizations.set(details.sending_organizations)
    JobOrderStatusChange.objects.create(
        job_order=job_order, to_status=JobOrderStatus.DRAFT, changed_by=by, changed_at=job_order.created_at
    )
    after = {**audit.snapshot(job_order, AUDITED_FIELDS), "sending_organizations": _served_by(job_order)}
    audit.record(actor=by, action=AuditAction.CREATED, target=job_order, changes=audit.changed_fields({}, after))
    return job_order


def _locked_job_order(job_order_id: int) -> JobOrder:
    return JobOrder.objects.select_for_update(of=("self",)).select_related("company").get(pk=job_order_id)


@transaction.atomic
def update_job_order(*, job_order_id: int, details: JobOrderDetails, expected_version: int, by: User) -> JobOrder:
    """Edit a job order. Past draft, the fields its opening was decided on stay as they are."""
    job_order = _locked_job_order(job_order_id)
    if job_order.version != expected_version:
        raise EditConflict
    status = JobOrderStatus(job_order.status)
    if not job_order.is_editable:
        raise NotEditable(status)
    if not job_order.is_draft:
        changed = [_label(name) for name in DECIDED_FIELDS if getattr(job_order, name) != getattr(details, name)]
        if changed:
            raise DecidedFieldsChanged(changed)
    _checked(details, decided=not job_order.is_draft)
    before = {**audit.snapshot(job_order, AUDITED_FIELDS), "sending_organizations": _served_by(job_order)}
    _apply(job_order, details)
    job_order.sending_organizations.set(details.sending_organizations)
    after = {**audit.snapshot(job_order, AUDITED_FIELDS), "sending_organizations": _served_by(job_order)}
    changes = audit.changed_fields(before, after)
    if changes:
        job_order.version += 1
        job_order.save(update_fields=[*AUDITED_FIELDS, "version", "updated_at"])
        audit.record(actor=by, action=AuditAction.UPDATED, target=job_order, changes=changes)
    return job_order


@transaction.atomic
def change_job_order_status(*, job_order_id: int, to: JobOrderStatus, by: User, reason: str = "") -> JobOrder:
    """Move a job order along ALLOWED_TRANSITIONS. Opening applies the
    programme rules on the start date and stores their answers with it; a no
    refuses the move, naming the rule and what would fit."""
    # The row lock makes two clicks queue: the second is checked against the
    # first one's result.
    job_order = _locked_job_order(job_order_id)
    current = JobOrderStatus(job_order.status)
    if not job_order.can_move_to(to):
        raise TransitionNotAllowed(current, to)
    reason = reason.strip()
    if to in REASON_REQUIRED and not reason:
        raise ReasonRequired(to)
    # Offers (placements) hang off the order by their reverse relation: an order
    # someone has an offer from, or has accepted, is not cancelled under them.
    # Withdrawing each offer first returns the person to the pool and says why.
    if to == JobOrderStatus.CANCELLED and job_order.offers.live().exists():
        raise LiveOffers
    answers = _opening_answers(job_order) if to == JobOrderStatus.OPEN else []
    now = timezone.now()
    job_order.status = to
    job_order.status_changed_at = now
    job_order.version += 1
    job_order.save(update_fields=["status", "status_changed_at", "version", "updated_at"])
    change = JobOrderStatusChange.objects.create(
        job_order=job_order, from_status=current, to_status=to, reason=reason, changed_by=by, changed_at=now
    )
    decisions.store(job_order=job_order, status_change=change, asked=answers, at=now)
    audit.record(
        actor=by,
        action=AuditAction.STATUS_CHANGED,
        target=job_order,
        changes={
            "status": [str(current), str(to)],
            **({"reason": [None, reason]} if reason else {}),
            **({"rules": [None, decisions.summary(answers)]} if answers else {}),
        },
    )
    return job_order


def _opening_answers(job_order: JobOrder) -> list[decisions.Asked]:
    """The rules' answers for opening, each of which must be yes.

    The company's profile row is locked first: two of its orders opening at
    once queue, and the second counts the first one's positions."""
    company = CompanyProfile.objects.select_for_update().filter(organization_id=job_order.company_id).first()
    supervising = (
        SupervisingOrganizationProfile.objects.filter(organization_id=job_order.supervising_organization_id).first()
        if job_order.supervising_organization_id is not None
        else None
    )
    try:
        asked = decisions.opening(job_order, company=company, supervising=supervising, today=timezone.localdate())
    except RuleInputError as error:
        raise CannotDecide(str(error)) from None
    refused = [item for item in asked if not item.allowed]
    if refused:
        raise OpeningRefused([decisions.Refused.of(item) for item in refused])
    return asked
