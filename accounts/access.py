"""Who may see and change what: the only place that scopes data to a user.

Every view, export, command and task reads participants through these
functions. Anything outside a user's scope answers 404, the same as a record
that does not exist, so its existence is not revealed.

| organization kind        | participants it sees individually                 |
|--------------------------|---------------------------------------------------|
| ministry                 | all                                               |
| training centre (BLK)    | those it trained                                  |
| LPK/SO                   | those enrolled with it                            |
| embassy                  | those in Japan (protection), read only            |
| association              | none; aggregates of its member LPK/SOs            |
| prefecture               | none; aggregates of placements in its prefecture  |
| supervising org, company | none; limited profiles on published shortlists    |
| participant              | their own record, read only                       |

Write access needs the admin or officer role in an organization that sees the
record; viewers and the embassy only read.
"""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404

from accounts.models import Membership, Organization, OrganizationKind, OrganizationQuerySet, Role, User
from joborders.models import JAPANESE_KINDS, JobOrder, JobOrderQuerySet
from matching.models import PlanningRun, PlanningRunQuerySet, Shortlist, ShortlistQuerySet, ShortlistStatus
from participants.models import (
    IN_JAPAN,
    Document,
    Participant,
    ParticipantQuerySet,
    PossibleDuplicate,
    PossibleDuplicateQuerySet,
)
from spreadsheets.models import ImportJob, ImportJobQuerySet, ImportKind
from training.models import Course, CourseQuerySet, TrainingClass, TrainingClassQuerySet

_CACHE_ATTRIBUTE = "_jembatan_memberships"
_NOTHING = Q(pk__in=[])


def memberships_of(user: User) -> list[Membership]:
    """The user's memberships in active organizations, loaded once per user object."""
    if not user.is_authenticated or not user.is_active:
        return []
    cached: list[Membership] | None = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is None:
        cached = list(user.memberships.select_related("organization").filter(organization__is_active=True))
        setattr(user, _CACHE_ATTRIBUTE, cached)
    return cached


def organizations_of(user: User, *, kind: OrganizationKind | None = None, write: bool = False) -> list[Organization]:
    return [
        membership.organization
        for membership in memberships_of(user)
        if (kind is None or membership.organization.kind == kind) and (membership.may_write or not write)
    ]


def is_ministry(user: User, *, write: bool = False) -> bool:
    return bool(organizations_of(user, kind=OrganizationKind.MINISTRY, write=write))


def is_ministry_admin(user: User) -> bool:
    return any(m.organization.kind == OrganizationKind.MINISTRY and m.role == Role.ADMIN for m in memberships_of(user))


_OWN_RECORD_ATTRIBUTE = "_jembatan_own_participant"


def own_participant_record(user: User) -> Participant | None:
    """The participant record of a user who is a participant, loaded once per user object."""
    if not user.is_authenticated:
        return None
    if not hasattr(user, _OWN_RECORD_ATTRIBUTE):
        setattr(user, _OWN_RECORD_ATTRIBUTE, Participant.objects.filter(user=user).first())
    own: Participant | None = getattr(user, _OWN_RECORD_ATTRIBUTE)
    return own


# --- participants, one by one -------------------------------------------------


def _membership_scope(membership: Membership, *, write: bool) -> Q | None:
    """The participants one membership opens; None means every participant."""
    if write and not membership.may_write:
        return _NOTHING
    organization = membership.organization
    match organization.kind:
        case OrganizationKind.MINISTRY:
            return None
        case OrganizationKind.TRAINING_CENTRE:
            return Q(training_centre=organization)
        case OrganizationKind.SENDING_ORGANIZATION:
            return Q(sending_organization=organization)
        case OrganizationKind.EMBASSY if not write:
            return Q(status__in=IN_JAPAN)
        case _:
            return _NOTHING


def _participant_filter(user: User, *, write: bool) -> Q | None:
    scope = _NOTHING
    for membership in memberships_of(user):
        opened = _membership_scope(membership, write=write)
        if opened is None:
            return None
        scope |= opened
    # Only for participants: an "OR user = me" on every staff query would stop
    # the databases from reading the list's index in order.
    own = own_participant_record(user) if not write else None
    if own is not None:
        scope |= Q(pk=own.pk)
    return scope


def participants_visible_to(user: User) -> ParticipantQuerySet:
    scope = _participant_filter(user, write=False)
    return Participant.objects.all() if scope is None else Participant.objects.filter(scope)


def participants_writable_by(user: User) -> ParticipantQuerySet:
    scope = _participant_filter(user, write=True)
    return Participant.objects.all() if scope is None else Participant.objects.filter(scope)


def participant_for_user(user: User, pk: int, *, write: bool = False) -> Participant:
    """The participant if the user may see it (or change it); 404 otherwise."""
    queryset = participants_writable_by(user) if write else participants_visible_to(user)
    participant = (
        queryset.select_related(
            "province", "vocational_programme", "sending_programme", "training_centre", "sending_organization"
        )
        .filter(pk=pk)
        .first()
    )
    if participant is None:
        raise Http404
    return participant


def may_view_sensitive(user: User, participant: Participant) -> bool:
    """NIK and address: the organizations responsible for the person, the
    embassy protecting them, and the person themselves. Limited profiles for
    Japanese partners (a later issue) never reach this far."""
    return participants_visible_to(user).filter(pk=participant.pk).exists()


def may_view_health(user: User, participant: Participant) -> bool:
    """Health data is specific personal data (UU 27/2022): the ministry, the
    participant's own LPK/SO and the participant; not the BLK, not the embassy."""
    if is_ministry(user):
        return True
    if participant.sending_organization_id is not None and any(
        org.pk == participant.sending_organization_id
        for org in organizations_of(user, kind=OrganizationKind.SENDING_ORGANIZATION)
    ):
        return True
    own = own_participant_record(user)
    return own is not None and own.pk == participant.pk


def may_record_health(user: User, participant: Participant) -> bool:
    if is_ministry(user, write=True):
        return True
    return participant.sending_organization_id is not None and any(
        org.pk == participant.sending_organization_id
        for org in organizations_of(user, kind=OrganizationKind.SENDING_ORGANIZATION, write=True)
    )


def may_upload_documents(user: User, participant: Participant) -> bool:
    """Staff who may change the record, and the participant for their own
    papers (from a phone, say); only staff verify them."""
    own = own_participant_record(user)
    return (own is not None and own.pk == participant.pk) or may_change_participant(user, participant)


def may_change_participant(user: User, participant: Participant) -> bool:
    return participants_writable_by(user).filter(pk=participant.pk).exists()


def may_review_duplicates(user: User) -> bool:
    return is_ministry(user, write=True)


def duplicates_to_review_by(user: User) -> PossibleDuplicateQuerySet:
    """Open possible-duplicate flags whose two records the user may see, for a
    reviewer; nobody else has a queue."""
    if not may_review_duplicates(user):
        return PossibleDuplicate.objects.none()
    visible = participants_visible_to(user)
    return PossibleDuplicate.objects.open().filter(participant__in=visible, other__in=visible)


def may_verify_documents(user: User, participant: Participant) -> bool:
    """Staff who may change the record; never the person whose papers they
    are, even one who also holds a staff login."""
    own = own_participant_record(user)
    if own is not None and own.pk == participant.pk:
        return False
    return may_change_participant(user, participant)


def document_for_user(user: User, participant_pk: int, pk: int) -> Document:
    """A document (current or replaced) of a participant the user may see;
    404 otherwise. Documents are open to whoever sees the participant."""
    participant = participant_for_user(user, participant_pk)
    document = Document.objects.filter(participant=participant, pk=pk).first()
    if document is None:
        raise Http404
    document.participant = participant
    return document


# --- training -----------------------------------------------------------------


def _provider_filter(user: User, *, write: bool) -> Q | None:
    """The training providers (BLK, LPK/SO) whose courses a user sees; None means all."""
    if is_ministry(user, write=write):
        return None
    providers = [
        org
        for kind in (OrganizationKind.TRAINING_CENTRE, OrganizationKind.SENDING_ORGANIZATION)
        for org in organizations_of(user, kind=kind, write=write)
    ]
    return Q(provider__in=providers) if providers else _NOTHING


def courses_visible_to(user: User) -> CourseQuerySet:
    scope = _provider_filter(user, write=False)
    return Course.objects.all() if scope is None else Course.objects.filter(scope)


def courses_writable_by(user: User) -> CourseQuerySet:
    scope = _provider_filter(user, write=True)
    return Course.objects.all() if scope is None else Course.objects.filter(scope)


def course_providers_for(user: User) -> OrganizationQuerySet:
    """Organizations a user may create courses for."""
    if is_ministry(user, write=True):
        return Organization.objects.filter(
            kind__in=[OrganizationKind.TRAINING_CENTRE, OrganizationKind.SENDING_ORGANIZATION], is_active=True
        )
    providers = [
        org.pk
        for kind in (OrganizationKind.TRAINING_CENTRE, OrganizationKind.SENDING_ORGANIZATION)
        for org in organizations_of(user, kind=kind, write=True)
    ]
    return Organization.objects.filter(pk__in=providers)


def classes_visible_to(user: User) -> TrainingClassQuerySet:
    scope = _provider_filter(user, write=False)
    classes = TrainingClass.objects.all()
    return classes if scope is None else classes.filter(course__in=Course.objects.filter(scope))


def classes_writable_by(user: User) -> TrainingClassQuerySet:
    scope = _provider_filter(user, write=True)
    classes = TrainingClass.objects.all()
    return classes if scope is None else classes.filter(course__in=Course.objects.filter(scope))


def may_mark_attendance(user: User, training_class: TrainingClass) -> bool:
    """Officers of the provider, and the class's own instructor even with a viewer role."""
    if training_class.instructor_id == user.pk:
        return True
    return classes_writable_by(user).filter(pk=training_class.pk).exists()


def may_see_training(user: User) -> bool:
    """Staff of the ministry, a BLK or an LPK/SO: the training pages are theirs, with or without courses yet."""
    return _provider_filter(user, write=False) != _NOTHING


# --- registering --------------------------------------------------------------


def may_register_participants(user: User) -> bool:
    return bool(registration_training_centres(user).exists())


def registration_training_centres(user: User) -> OrganizationQuerySet:
    """Training centres a user may register participants under."""
    if is_ministry(user, write=True) or organizations_of(user, kind=OrganizationKind.SENDING_ORGANIZATION, write=True):
        # An LPK/SO records the BLK its candidates trained at.
        return Organization.objects.training_centres()
    own = organizations_of(user, kind=OrganizationKind.TRAINING_CENTRE, write=True)
    return Organization.objects.training_centres().filter(pk__in=[org.pk for org in own])


def registration_sending_organizations(user: User) -> OrganizationQuerySet:
    """LPK/SOs a user may enrol participants with; an LPK/SO only with itself."""
    if is_ministry(user, write=True) or organizations_of(user, kind=OrganizationKind.TRAINING_CENTRE, write=True):
        return Organization.objects.sending_organizations()
    own = organizations_of(user, kind=OrganizationKind.SENDING_ORGANIZATION, write=True)
    return Organization.objects.sending_organizations().filter(pk__in=[org.pk for org in own])


def registration_requires_sending_organization(user: User) -> bool:
    """An LPK/SO officer's registrations always belong to their LPK/SO."""
    return not is_ministry(user, write=True) and not organizations_of(
        user, kind=OrganizationKind.TRAINING_CENTRE, write=True
    )


# --- aggregates ---------------------------------------------------------------


def participants_counted_for(user: User) -> ParticipantQuerySet:
    """Participants a user may see *counted* (never listed): their own scope,
    plus the members' participants for an association."""
    scope = _participant_filter(user, write=False)
    if scope is None:
        return Participant.objects.all()
    members = [
        member
        for association in organizations_of(user, kind=OrganizationKind.ASSOCIATION)
        for member in association.members.all()
    ]
    if members:
        scope |= Q(sending_organization__in=members)
    return Participant.objects.filter(scope)


def may_see_participant_list(user: User) -> bool:
    return any(_membership_scope(m, write=False) != _NOTHING for m in memberships_of(user))


# --- the rest -----------------------------------------------------------------


def may_view_audit(user: User) -> bool:
    return is_ministry_admin(user)


def may_edit_reference_data(user: User) -> bool:
    return is_ministry_admin(user)


# --- spreadsheet imports --------------------------------------------------------


def import_organization(user: User) -> Organization | None:
    """The organization a user's imports belong to (and are seen by): the first
    in which they may write. One open import per organization at a time."""
    writable = organizations_of(user, write=True)
    return writable[0] if writable else None


def may_import(user: User, kind: ImportKind) -> bool:
    if import_organization(user) is None:
        return False
    if kind == ImportKind.PARTICIPANTS:
        return may_register_participants(user)
    return classes_writable_by(user).exists()


def import_jobs_visible_to(user: User) -> ImportJobQuerySet:
    """Imports of the user's organizations, whoever in them uploaded the file."""
    return ImportJob.objects.filter(organization__in=[org.pk for org in organizations_of(user)])


def may_change_import(user: User, job: ImportJob) -> bool:
    """Confirm or cancel: a writer in the job's organization who may import its kind."""
    writable = {org.pk for org in organizations_of(user, write=True)}
    return job.organization_id in writable and may_import(user, ImportKind(job.kind))


# --- job orders ---------------------------------------------------------------
#
# | organization kind        | job orders                           | profiles (organizations in Japan)         |
# |--------------------------|--------------------------------------|-------------------------------------------|
# | ministry                 | all; administrators change them      | all; administrators edit them             |
# | supervising organization | its member companies'; changes them  | itself and its member companies; edits    |
# |                          |                                      | them (and records their trainees)         |
# | company                  | its own; changes them                | itself and its supervising organization;  |
# |                          |                                      | edits itself (not its trainee numbers)    |
# | LPK/SO                   | those it serves, read only           | none                                      |
# | support organization     | none                                 | itself; edits itself                      |
# | everyone else            | none                                 | none                                      |
#
# Writing needs the admin or officer role there, as everywhere else.


def _job_order_filter(user: User, *, write: bool) -> Q | None:
    """The job orders a user sees (or changes); None means all."""
    if is_ministry_admin(user) or (not write and is_ministry(user)):
        return None
    scope = _NOTHING
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
    return scope


def job_orders_visible_to(user: User) -> JobOrderQuerySet:
    scope = _job_order_filter(user, write=False)
    return JobOrder.objects.all() if scope is None else JobOrder.objects.filter(scope)


def job_orders_writable_by(user: User) -> JobOrderQuerySet:
    scope = _job_order_filter(user, write=True)
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
    return _job_order_filter(user, write=False) != _NOTHING


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


def _japan_organization_filter(user: User, *, write: bool) -> Q | None:
    """The organizations in Japan whose profiles a user sees (or edits); None means all."""
    if is_ministry_admin(user) or (not write and is_ministry(user)):
        return None
    scope = _NOTHING
    for supervising in organizations_of(user, kind=OrganizationKind.SUPERVISING_ORGANIZATION, write=write):
        scope |= Q(pk=supervising.pk) | Q(parent=supervising, kind=OrganizationKind.COMPANY)
    for company in organizations_of(user, kind=OrganizationKind.COMPANY, write=write):
        scope |= Q(pk=company.pk)
        if not write and company.parent_id is not None:
            scope |= Q(pk=company.parent_id)
    for support in organizations_of(user, kind=OrganizationKind.SUPPORT_ORGANIZATION, write=write):
        scope |= Q(pk=support.pk)
    return scope


def _japan_organizations() -> OrganizationQuerySet:
    return Organization.objects.filter(kind__in=JAPANESE_KINDS)


def japan_organizations_visible_to(user: User) -> OrganizationQuerySet:
    scope = _japan_organization_filter(user, write=False)
    return _japan_organizations() if scope is None else _japan_organizations().filter(scope)


def japan_organizations_writable_by(user: User) -> OrganizationQuerySet:
    scope = _japan_organization_filter(user, write=True)
    return _japan_organizations() if scope is None else _japan_organizations().filter(scope)


def japan_organization_for_user(user: User, pk: int, *, write: bool = False) -> Organization:
    """An organization in Japan whose profile the user may see (or edit); 404 otherwise."""
    queryset = japan_organizations_writable_by(user) if write else japan_organizations_visible_to(user)
    organization = queryset.select_related("parent", "prefecture").filter(pk=pk).first()
    if organization is None:
        raise Http404
    return organization


def may_see_japan_organizations(user: User) -> bool:
    return _japan_organization_filter(user, write=False) != _NOTHING


def may_edit_japan_organization(user: User, organization: Organization) -> bool:
    return japan_organizations_writable_by(user).filter(pk=organization.pk).exists()


def may_record_trainees(user: User, company: Organization) -> bool:
    """A company's current trainees are recorded by its supervising
    organization (and the ministry's administrators), not by the company."""
    if company.kind != OrganizationKind.COMPANY:
        return False
    if is_ministry_admin(user):
        return True
    return company.parent_id is not None and any(
        org.pk == company.parent_id
        for org in organizations_of(user, kind=OrganizationKind.SUPERVISING_ORGANIZATION, write=True)
    )


def may_add_member_company(user: User, supervising: Organization) -> bool:
    """A supervising organization takes on member companies; the ministry's administrators may add them too."""
    if supervising.kind != OrganizationKind.SUPERVISING_ORGANIZATION:
        return False
    return is_ministry_admin(user) or any(
        org.pk == supervising.pk
        for org in organizations_of(user, kind=OrganizationKind.SUPERVISING_ORGANIZATION, write=True)
    )


# --- matching -------------------------------------------------------------------
#
# | organization kind        | shortlists                                   | planning, weights          |
# |--------------------------|----------------------------------------------|----------------------------|
# | ministry                 | all; officers run, review and publish them   | officers run plans;        |
# |                          |                                              | administrators set weights |
# | supervising org, company | published ones of the orders they see, as    | none                       |
# |                          | limited profiles (no NIK, address or health) |                            |
# | everyone else            | none                                         | none                       |
#
# A participant's page lists the open orders they fit to whoever sees the
# participant, and to the participant.

_SHORTLIST_READERS = (OrganizationKind.SUPERVISING_ORGANIZATION, OrganizationKind.COMPANY)


def may_run_matching(user: User) -> bool:
    return is_ministry(user, write=True)


def may_set_weights(user: User) -> bool:
    return is_ministry_admin(user)


def shortlists_visible_to(user: User) -> ShortlistQuerySet:
    if is_ministry(user):
        return Shortlist.objects.all()
    if not any(organizations_of(user, kind=kind) for kind in _SHORTLIST_READERS):
        return Shortlist.objects.none()
    orders = _job_order_filter(user, write=False)
    published = Shortlist.objects.filter(status=ShortlistStatus.PUBLISHED)
    if orders is None:
        return published
    return published.filter(job_order__in=JobOrder.objects.filter(orders).values("pk"))


def shortlist_for_user(user: User, pk: int) -> Shortlist:
    shortlist = shortlists_visible_to(user).select_related("job_order__company").filter(pk=pk).first()
    if shortlist is None:
        raise Http404
    return shortlist


def may_see_shortlists(user: User) -> bool:
    return is_ministry(user) or any(organizations_of(user, kind=kind) for kind in _SHORTLIST_READERS)


def may_see_shortlist_of(user: User, job_order: JobOrder) -> bool:
    """The ministry works on any order's shortlist; the Japanese side sees a published one."""
    return may_run_matching(user) or shortlists_visible_to(user).filter(job_order=job_order).exists()


def planning_runs_visible_to(user: User) -> PlanningRunQuerySet:
    return PlanningRun.objects.all() if is_ministry(user) else PlanningRun.objects.none()


def may_see_matches_of(user: User, participant: Participant) -> bool:
    """Whoever sees the participant (staff of their organizations, the ministry, themselves)."""
    return participants_visible_to(user).filter(pk=participant.pk).exists()
