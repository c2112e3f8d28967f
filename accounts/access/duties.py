"""The supervising duties and the deadlines: who reads and records the duty
records, and whose to-do list a user sees.

| organization kind        | reads duty records              | records                          | to-do list       |
|--------------------------|---------------------------------|----------------------------------|------------------|
| ministry                 | all                             | all (officers)                   | everything       |
| embassy                  | all                             | none                             | everything       |
| supervising organization | visits and audits it made or of | visits and audits of the         | its own          |
|                          | its member companies            | companies it supervises          |                  |
| company                  | those about itself and its      | interviews and reports of the    | its own          |
|                          | workers                         | workers it supports itself       |                  |
| support organization     | its interviews and reports      | interviews and reports of the    | its own          |
|                          |                                 | workers it supports              |                  |
| participant              | none                            | none                             | their own        |
| BLK, LPK/SO, association,| none                            | none                             | none (404)       |
| prefecture               |                                 |                                  |                  |
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from accounts.access.memberships import NOTHING, is_ministry, organizations_of
from accounts.access.participants import own_participant_record
from accounts.models import Organization, OrganizationKind, User
from placements.deadlines.todo import Scope
from placements.models import (
    Audit,
    MonthlyVisit,
    Placement,
    PlacementQuerySet,
    QuarterlyReport,
    RegularInterview,
    StayStage,
)

_TITP = (StayStage.TITP_I, StayStage.TITP_II, StayStage.TITP_III)
_DUTY_SIDE = (
    OrganizationKind.SUPERVISING_ORGANIZATION,
    OrganizationKind.COMPANY,
    OrganizationKind.SUPPORT_ORGANIZATION,
)


def _reads_all(user: User) -> bool:
    return is_ministry(user) or bool(organizations_of(user, kind=OrganizationKind.EMBASSY))


def _own(user: User, kind: OrganizationKind, *, write: bool = False) -> list[Organization]:
    return organizations_of(user, kind=kind, write=write)


def may_see_duties(user: User) -> bool:
    return _reads_all(user) or any(_own(user, kind) for kind in _DUTY_SIDE)


def _company_duty_filter(user: User) -> Q | None:
    """Visits and audits: the supervising organization's and the company's own."""
    if _reads_all(user):
        return None
    supervising = _own(user, OrganizationKind.SUPERVISING_ORGANIZATION)
    scope = NOTHING
    if supervising:
        scope |= Q(supervising_organization__in=supervising) | Q(company__parent__in=supervising)
    companies = _own(user, OrganizationKind.COMPANY)
    if companies:
        scope |= Q(company__in=companies)
    return scope


def _support_duty_filter(user: User, *, company_field: str) -> Q | None:
    """Interviews and reports: the filer's own, and those about the company's workers."""
    if _reads_all(user):
        return None
    scope = NOTHING
    supporting = _own(user, OrganizationKind.SUPPORT_ORGANIZATION)
    if supporting:
        scope |= Q(organization__in=supporting)
    companies = _own(user, OrganizationKind.COMPANY)
    if companies:
        scope |= Q(**{f"{company_field}__in": companies})
    return scope


def monthly_visits_visible_to(user: User) -> QuerySet[MonthlyVisit]:
    scope = _company_duty_filter(user)
    return MonthlyVisit.objects.all() if scope is None else MonthlyVisit.objects.filter(scope)


def audits_visible_to(user: User) -> QuerySet[Audit]:
    scope = _company_duty_filter(user)
    return Audit.objects.all() if scope is None else Audit.objects.filter(scope)


def regular_interviews_visible_to(user: User) -> QuerySet[RegularInterview]:
    scope = _support_duty_filter(user, company_field="placement__company")
    return RegularInterview.objects.all() if scope is None else RegularInterview.objects.filter(scope)


def quarterly_reports_visible_to(user: User) -> QuerySet[QuarterlyReport]:
    scope = _support_duty_filter(user, company_field="company")
    return QuarterlyReport.objects.all() if scope is None else QuarterlyReport.objects.filter(scope)


def visit_companies_for(user: User) -> QuerySet[Organization]:
    """The companies whose monthly visits and audits the user may record: those
    with technical interns in Japan that the user's supervising organization
    supervises (the ministry's officers: all)."""
    placements = Placement.objects.in_japan().filter(stage__in=_TITP, supervising_organization__isnull=False)
    if not is_ministry(user, write=True):
        supervising = _own(user, OrganizationKind.SUPERVISING_ORGANIZATION, write=True)
        if not supervising:
            return Organization.objects.none()
        placements = placements.filter(Q(supervising_organization__in=supervising) | Q(company__parent__in=supervising))
    return Organization.objects.filter(pk__in=placements.values("company")).order_by("name")


def interview_placements_for(user: User) -> PlacementQuerySet:
    """The specified skilled workers (i) in Japan whose regular interviews the
    user may record: those its support organization supports, or those its
    company supports itself (no support organization)."""
    placements = Placement.objects.in_japan().filter(stage=StayStage.SSW_I)
    if is_ministry(user, write=True):
        return placements
    scope = NOTHING
    supporting = _own(user, OrganizationKind.SUPPORT_ORGANIZATION, write=True)
    if supporting:
        scope |= Q(support_organization__in=supporting)
    companies = _own(user, OrganizationKind.COMPANY, write=True)
    if companies:
        scope |= Q(company__in=companies, support_organization__isnull=True)
    return placements.filter(scope)


def report_companies_for(user: User) -> QuerySet[Organization]:
    """The employers whose quarterly reports the user may record (the same
    workers as ``interview_placements_for``)."""
    return Organization.objects.filter(pk__in=interview_placements_for(user).values("company")).order_by("name")


def obligation_scope_of(user: User) -> Scope | None:
    """Whose deadlines the user's to-do list shows; None: the user has none."""
    if _reads_all(user):
        return Scope(everything=True)
    organizations = tuple(org.pk for kind in _DUTY_SIDE for org in _own(user, kind))
    own = own_participant_record(user)
    if not organizations and own is None:
        return None
    return Scope(organization_ids=organizations, participant_id=own.pk if own else None)
