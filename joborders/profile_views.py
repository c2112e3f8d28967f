"""Pages for the profiles of organizations in Japan: authorize through
accounts.access, validate with a form, call one action, render. Organizations
out of scope answer 404."""

from __future__ import annotations

import dataclasses
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts import access
from accounts.access import routes
from accounts.models import Organization, OrganizationKind, User
from accounts.models import OrganizationKind as Kind
from accounts.requests import AuthenticatedRequest
from joborders import actions, decisions, trainees
from joborders.models import PROFILE_RELATIONS, AnyProfile, CompanyProfile, ExcellentStatus, TitpStage, profile_of
from joborders.profile_forms import (
    CompanyProfileForm,
    MemberCompanyForm,
    ProfileForm,
    SupervisingProfileForm,
    SupportProfileForm,
)

RECENT_JOB_ORDERS = 20


@dataclasses.dataclass(frozen=True)
class OrganizationRow:
    organization: Organization
    profile: AnyProfile | None
    excellent: bool
    members: list[OrganizationRow] = dataclasses.field(default_factory=list)


def _row(organization: Organization) -> OrganizationRow:
    profile = profile_of(organization)
    excellent = isinstance(profile, ExcellentStatus) and profile.is_excellent_on(timezone.localdate())
    return OrganizationRow(organization=organization, profile=profile, excellent=excellent)


@routes.declare(
    get=routes.members(
        Kind.MINISTRY, Kind.SUPERVISING_ORGANIZATION, Kind.COMPANY, Kind.SUPPORT_ORGANIZATION, Kind.PREFECTURE
    )
)
@login_required
@require_GET
def organization_list(request: AuthenticatedRequest) -> HttpResponse:
    """Supervising organizations with their member companies under them, then
    companies whose supervising organization is not shown, then support organizations."""
    user = request.user
    if not access.may_see_japan_organizations(user):
        raise Http404
    organizations = (
        access.japan_organizations_visible_to(user)
        .select_related("prefecture", *PROFILE_RELATIONS.values())
        .order_by("name")
    )
    rows = {organization.pk: _row(organization) for organization in organizations}
    supervising, loose, support = [], [], []
    for row in rows.values():
        organization = row.organization
        if organization.kind == OrganizationKind.SUPERVISING_ORGANIZATION:
            supervising.append(row)
        elif organization.kind == OrganizationKind.SUPPORT_ORGANIZATION:
            support.append(row)
        elif organization.parent_id in rows:
            rows[organization.parent_id].members.append(row)
        else:
            loose.append(row)
    context = {"supervising": supervising, "companies": loose, "support": support}
    return render(request, "joborders/organization_list.html", context)


@routes.declare(
    get=routes.members(
        Kind.MINISTRY, Kind.SUPERVISING_ORGANIZATION, Kind.COMPANY, Kind.SUPPORT_ORGANIZATION, Kind.PREFECTURE
    ),
    scope="japan_organization",
)
@login_required
@require_GET
def organization_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    user = request.user
    organization = access.japan_organization_for_user(user, pk)
    row = _row(organization)
    members = (
        access.japan_organizations_visible_to(user)
        .filter(parent=organization, kind=OrganizationKind.COMPANY)
        .select_related("prefecture", "company_profile")
        .order_by("name")
    )
    job_orders = access.job_orders_visible_to(user).filter(company=organization)
    profile = row.profile
    context = {
        "trainees": _trainees_today(profile) if isinstance(profile, CompanyProfile) else [],
        "organization": organization,
        "row": row,
        "profile": row.profile,
        "members": [_row(member) for member in members],
        "job_orders": job_orders.select_related("workplace_prefecture")[:RECENT_JOB_ORDERS],
        "may_edit": access.may_edit_japan_organization(user, organization),
        "may_add_member": access.may_add_member_company(user, organization),
        "may_see_job_orders": access.may_see_job_orders(user),
    }
    return render(request, "joborders/organization_detail.html", context)


def _trainees_today(profile: CompanyProfile) -> list[tuple[str, trainees.Peak]]:
    """The company's trainees today by stage, as the quota check counts them."""
    held = trainees.company_trainees(profile, excluding=None, versions=decisions.rule_book().titp_stages)
    today = timezone.localdate()
    return [(stage.named, held.peak(today, today, stage=stage)) for stage in TitpStage]


def _profile_form(user: User, organization: Organization, data: Any) -> ProfileForm:
    profile = profile_of(organization)
    match organization.kind:
        case OrganizationKind.SUPERVISING_ORGANIZATION:
            return SupervisingProfileForm(data, instance=profile, organization=organization)
        case OrganizationKind.COMPANY:
            return CompanyProfileForm(
                data,
                instance=profile,
                organization=organization,
                may_record_trainees=access.may_record_trainees(user, organization),
            )
        case _:
            return SupportProfileForm(data, instance=profile, organization=organization)


def _save(user: User, organization: Organization, form: ProfileForm) -> None:
    organization_details, version = form.organization_details(), form.expected_version()
    if isinstance(form, SupervisingProfileForm):
        actions.save_supervising_profile(
            organization_id=organization.pk,
            organization=organization_details,
            details=form.details(),
            expected_version=version,
            by=user,
        )
    elif isinstance(form, CompanyProfileForm):
        actions.save_company_profile(
            organization_id=organization.pk,
            organization=organization_details,
            details=form.details(),
            trainees=form.trainees(),
            expected_version=version,
            by=user,
        )
    elif isinstance(form, SupportProfileForm):
        actions.save_support_profile(
            organization_id=organization.pk,
            organization=organization_details,
            details=form.details(),
            expected_version=version,
            by=user,
        )


@routes.declare(
    get=routes.admins(Kind.MINISTRY) | routes.writers(Kind.SUPERVISING_ORGANIZATION, Kind.COMPANY),
    post=routes.admins(Kind.MINISTRY) | routes.writers(Kind.SUPERVISING_ORGANIZATION, Kind.COMPANY),
    scope="japan_organization",
)
@login_required
@require_http_methods(["GET", "POST"])
def organization_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    user = request.user
    organization = access.japan_organization_for_user(user, pk, write=True)
    form = _profile_form(user, organization, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            _save(user, organization, form)
        except actions.JobOrderError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Profile saved."))
            return redirect("organization_detail", pk=organization.pk)
    context = {"form": form, "organization": organization, "supervising": None}
    return render(request, "joborders/organization_form.html", context, status=400 if form.is_bound else 200)


@routes.declare(
    get=routes.admins(Kind.MINISTRY) | routes.writers(Kind.SUPERVISING_ORGANIZATION),
    post=routes.admins(Kind.MINISTRY) | routes.writers(Kind.SUPERVISING_ORGANIZATION),
    scope="japan_organization",
)
@login_required
@require_http_methods(["GET", "POST"])
def member_company_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    user = request.user
    supervising = access.japan_organization_for_user(user, pk)
    if not access.may_add_member_company(user, supervising):
        raise Http404
    form = MemberCompanyForm(request.POST if request.method == "POST" else None, supervising=supervising)
    if request.method == "POST" and form.is_valid():
        try:
            company = actions.add_member_company(
                supervising_id=supervising.pk,
                name=form.cleaned_data["name"],
                organization=form.organization_details(),
                details=form.details(),
                trainees=form.trainees(),
                by=user,
            )
        except actions.JobOrderError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("%(name)s added as a member company.") % {"name": company.name})
            return redirect("organization_detail", pk=company.pk)
    context = {"form": form, "organization": None, "supervising": supervising}
    return render(request, "joborders/organization_form.html", context, status=400 if form.is_bound else 200)
