"""Job orders: which orders a user sees and changes, and for which companies they place them."""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404

from accounts.access.memberships import NOTHING, is_ministry, is_ministry_admin, organizations_of
from accounts.models import Organization, OrganizationKind, OrganizationQuerySet, User
from joborders.models import JobOrder, JobOrderQuerySet

# | organization kind        | job orders                           | profiles (organizations in Japan)         |
# |--------------------------|--------------------------------------|-------------------------------------------|
# | ministry                 | all; administrators change them      | all; administrators edit them             |
# | supervising organization | its member companies'; changes them  | itself and its member companies; edits    |
# |                          |                                      | them (and records their trainees)         |
# | company                  | its own; changes them                | itself and its supervising organization;  |
# |                          |                                      | edits itself (not its trainee numbers)    |
# | LPK/SO                   | those it serves, read only           | none                                      |
# | support organization     | those naming it, read only           | itself; edits itself                      |
# | prefectural government   | none                                 | those in its prefecture, read only        |
# | everyone else            | none                                 | none                                      |
#
# Writing needs the admin or officer role there, as everywhere else.


def job_order_filter(user: User, *, write: bool) -> Q | None:
    """The job orders a user sees (or changes); None means all."""
    if is_ministry_admin(user) or (not write and is_ministry(user)):
        return None
    scope = NOTHING
    for supervising in organizations_of(user, kind=OrganizationKind.SUPERVISING_ORGANIZATION, write=write):
        scope |= Q(company__parent=supervising) | Q(supervising_organization=supervising)
    companies = organizations_of(user, kind=OrganizationKind.COMPANY, write=write)
    if companies:
        scope |= Q(company__in=companies)
    served_by = organizations_of(user, kind=OrganizationKind.SENDING_ORGANIZATION) if not write else []
    if served_by:
        # A subquery, not a join: a join would list an order once per LPK/SO serving it.
        served = JobOrder.sending_organizations.through.objects.filter(organization__in=served_by)
        scope |= Q(pk__in=served.values("joborder_id"))
    # A registered support organization reads the SSW orders that name it: the
    # wage, housing and start date its support plan for the workers rests on.
    supporting = organizations_of(user, kind=OrganizationKind.SUPPORT_ORGANIZATION) if not write else []
    if supporting:
        scope |= Q(support_organization__in=supporting)
    return scope


def job_orders_visible_to(user: User) -> JobOrderQuerySet:
    scope = job_order_filter(user, write=False)
    return JobOrder.objects.all() if scope is None else JobOrder.objects.filter(scope)


def job_orders_writable_by(user: User) -> JobOrderQuerySet:
    scope = job_order_filter(user, write=True)
    return JobOrder.objects.all() if scope is None else JobOrder.objects.filter(scope)


def job_order_for_user(user: User, pk: int, *, write: bool = False) -> JobOrder:
    """The job order if the user may see it (or change it); 404 otherwise."""
    queryset = job_orders_writable_by(user) if write else job_orders_visible_to(user)
    job_order = (
        queryset.select_related(
            "company__parent",
            "company__prefecture",
            "supervising_organization",
            "support_organization",
            "job_category",
            "operation",
            "ssw_field",
            "esd_field__version",
            "workplace_prefecture",
            "min_japanese_level",
            "trade",
        )
        .filter(pk=pk)
        .first()
    )
    if job_order is None:
        raise Http404
    return job_order


def may_see_job_orders(user: User) -> bool:
    """The job order pages are for the ministry, the Japanese partners who
    place orders and the LPK/SOs who serve them, with or without orders yet."""
    return job_order_filter(user, write=False) != NOTHING


def may_change_job_order(user: User, job_order: JobOrder) -> bool:
    return job_orders_writable_by(user).filter(pk=job_order.pk).exists()


def may_open_job_order(user: User, job_order: JobOrder) -> bool:
    """Opening commits the company to the positions: whoever may change the order."""
    return may_change_job_order(user, job_order)


def job_order_companies_for(user: User) -> OrganizationQuerySet:
    """Companies a user may place job orders for."""
    companies = Organization.objects.of_kind(OrganizationKind.COMPANY)
    if is_ministry_admin(user):
        return companies
    supervising = organizations_of(user, kind=OrganizationKind.SUPERVISING_ORGANIZATION, write=True)
    own = organizations_of(user, kind=OrganizationKind.COMPANY, write=True)
    return companies.filter(Q(parent__in=supervising) | Q(pk__in=[org.pk for org in own]))


def may_create_job_orders(user: User) -> bool:
    return job_order_companies_for(user).exists()
