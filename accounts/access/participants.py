"""Participants: whose records a user sees, changes, registers and counts."""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404

from accounts.access import per_user
from accounts.access.memberships import NOTHING, association_members_of, is_ministry, memberships_of, organizations_of
from accounts.models import Membership, Organization, OrganizationKind, OrganizationQuerySet, User
from lib import short_lists
from participants.models import (
    IN_JAPAN,
    Document,
    Participant,
    ParticipantQuerySet,
    PossibleDuplicate,
    PossibleDuplicateQuerySet,
)


def own_participant_record(user: User) -> Participant | None:
    """The participant record of a user who is a participant. A signed-in
    user's comes with the user (accounts.backends.ModelBackend); another
    user object's is read once."""
    if not user.is_authenticated:
        return None
    try:
        return user.participant
    except Participant.DoesNotExist:
        return None


def _membership_scope(membership: Membership, *, write: bool) -> Q | None:
    """The participants one membership opens; None means every participant."""
    if write and not membership.may_write:
        return NOTHING
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
            return NOTHING


def _participant_filter(user: User, *, write: bool) -> Q | None:
    scope = NOTHING
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
            "province",
            "vocational_programme",
            # The readiness checklist compares with the programme's minimum level.
            "sending_programme__min_language_level",
            "training_centre",
            "sending_organization",
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
    return _in_scope(user, participant, write=False)


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
    return _in_scope(user, participant, write=True)


def _in_scope(user: User, participant: Participant, *, write: bool) -> bool:
    scope = _participant_filter(user, write=write)
    # A nationwide scope holds everyone: a record page asks this for each of its actions.
    return scope is None or Participant.objects.filter(scope, pk=participant.pk).exists()


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


def may_register_participants(user: User) -> bool:
    """Asked up to three times a page (the menu, the page, the import kinds): answered once per user object."""
    return per_user.remembered(
        user, per_user.MAY_REGISTER_PARTICIPANTS, lambda: short_lists.has_any(*_registration_centres_named(user))
    )


def registration_training_centres(user: User) -> OrganizationQuerySet:
    """Training centres a user may register participants under."""
    return _registration_centres_named(user)[0]


def _registration_centres_named(user: User) -> tuple[OrganizationQuerySet, str]:
    """The training centres a user may register under, and a name that stands
    for that query alone: lib.short_lists keeps whether there is one under it."""
    if is_ministry(user, write=True) or organizations_of(user, kind=OrganizationKind.SENDING_ORGANIZATION, write=True):
        # An LPK/SO records the BLK its candidates trained at.
        return Organization.objects.training_centres(), "training-centres"
    own = sorted(org.pk for org in organizations_of(user, kind=OrganizationKind.TRAINING_CENTRE, write=True))
    return Organization.objects.training_centres().filter(pk__in=own), f"training-centres {own}"


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


def counts_every_participant(user: User) -> bool:
    """Whether the user's counts are nationwide (the ministry): the costliest to count."""
    return _participant_filter(user, write=False) is None


def participants_counted_for(user: User) -> ParticipantQuerySet:
    """Participants a user may see *counted* (never listed): their own scope,
    plus the members' participants for an association."""
    scope = _participant_filter(user, write=False)
    if scope is None:
        return Participant.objects.all()
    members = association_members_of(user)
    if members:
        scope |= Q(sending_organization__in=members)
    return Participant.objects.filter(scope)


def may_see_participant_list(user: User) -> bool:
    return any(_membership_scope(m, write=False) != NOTHING for m in memberships_of(user))
