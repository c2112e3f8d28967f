"""The ledger: whose costs, subsidies and statements a user sees or books.

| organization kind        | ledger lines                          | other                          |
|--------------------------|---------------------------------------|--------------------------------|
| ministry                 | all; officers book and reverse        | violations, subsidies, reports |
| LPK/SO                   | its participants'; officers book      | its violations and subsidies   |
| supervising org, company | only the lines it paid itself         | its own subsidy agreements     |
| BLK                      | none                                  | its budgets                    |
| association              | none individually                     | reports on its members         |
| participant              | their own statement; disputes a line  |                                |
| embassy, prefecture      | none                                  |                                |
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.access.memberships import NOTHING, association_members_of, is_ministry, organizations_of
from accounts.access.participants import own_participant_record
from accounts.models import Organization, OrganizationKind, User
from ledger.models import Budget, Dispute, DisputeQuerySet, EntryQuerySet, LedgerEntry, SubsidyAgreement
from participants.models import Participant, ParticipantQuerySet

_PAYERS_IN_JAPAN = (
    OrganizationKind.SUPERVISING_ORGANIZATION,
    OrganizationKind.COMPANY,
    OrganizationKind.SUPPORT_ORGANIZATION,
)


def _sending_organizations(user: User, *, write: bool = False) -> list[Organization]:
    return organizations_of(user, kind=OrganizationKind.SENDING_ORGANIZATION, write=write)


def _entry_filter(user: User, *, write: bool) -> Q | None:
    """The lines a user sees (or books for); None means all."""
    if is_ministry(user, write=write):
        return None
    scope = NOTHING
    for organization in _sending_organizations(user, write=write):
        scope |= Q(participant__sending_organization=organization)
    if not write:
        # The Japanese side sees what it paid, never what others paid for the same person.
        paying = [org.pk for kind in _PAYERS_IN_JAPAN for org in organizations_of(user, kind=kind)]
        if paying:
            scope |= Q(payer_organization__in=paying)
        own = own_participant_record(user)
        if own is not None:
            scope |= Q(participant=own)
    return scope


def ledger_entries_visible_to(user: User) -> EntryQuerySet:
    scope = _entry_filter(user, write=False)
    entries: EntryQuerySet = LedgerEntry.objects.all()
    return entries if scope is None else entries.filter(scope)


def ledger_entry_for_user(user: User, pk: int, *, write: bool = False) -> LedgerEntry:
    """The line if the user sees it (or may book a reversal of it); 404 otherwise."""
    scope = _entry_filter(user, write=write)
    entries = LedgerEntry.objects.select_related("participant", "cost_class")
    found = (entries if scope is None else entries.filter(scope)).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def _ledger_participant_filter(user: User, *, write: bool) -> Q | None:
    if is_ministry(user, write=write):
        return None
    scope = NOTHING
    for organization in _sending_organizations(user, write=write):
        scope |= Q(sending_organization=organization)
    own = own_participant_record(user) if not write else None
    if own is not None:
        scope |= Q(pk=own.pk)
    return scope


def ledger_participants_visible_to(user: User, *, write: bool = False) -> ParticipantQuerySet:
    """The participants whose whole ledger the user reads (or books in)."""
    scope = _ledger_participant_filter(user, write=write)
    return Participant.objects.all() if scope is None else Participant.objects.filter(scope)


def ledger_participant_for_user(user: User, pk: int, *, write: bool = False) -> Participant:
    found = ledger_participants_visible_to(user, write=write).select_related("sending_organization").filter(pk=pk)
    participant = found.first()
    if participant is None:
        raise Http404
    return participant


def may_see_ledgers(user: User) -> bool:
    """The list of participants' ledgers: the ministry and LPK/SOs."""
    return is_ministry(user) or bool(_sending_organizations(user))


def may_book_entries(user: User, participant: Participant) -> bool:
    return ledger_participants_visible_to(user, write=True).filter(pk=participant.pk).exists()


def may_dispute(user: User, participant: Participant) -> bool:
    """Only the participant disputes a line of their own statement."""
    own = own_participant_record(user)
    return own is not None and own.pk == participant.pk


def may_see_violations(user: User) -> bool:
    return is_ministry(user) or bool(_sending_organizations(user))


def violations_visible_to(user: User) -> EntryQuerySet:
    """Lines that broke the fee policy: the ministry all, an LPK/SO its participants'."""
    if not may_see_violations(user):
        return LedgerEntry.objects.none()
    return ledger_entries_visible_to(user).violations()


def disputes_visible_to(user: User) -> DisputeQuerySet:
    scope = _entry_filter(user, write=False)
    disputes: DisputeQuerySet = Dispute.objects.all()
    return disputes if scope is None else disputes.filter(entry__in=LedgerEntry.objects.filter(scope).values("pk"))


def may_see_paid_by_us(user: User) -> bool:
    """The Japanese side's page of the lines it paid."""
    return any(organizations_of(user, kind=kind) for kind in _PAYERS_IN_JAPAN)


def ledger_entries_counted_for(user: User) -> EntryQuerySet:
    """Lines counted in the reports: the ministry all; an association its
    member LPK/SOs' participants' (figures only, no names)."""
    if is_ministry(user):
        return LedgerEntry.objects.all()
    members = association_members_of(user)
    if members:
        return LedgerEntry.objects.filter(participant__sending_organization__in=members)
    return LedgerEntry.objects.none()


def may_see_ledger_reports(user: User) -> bool:
    return is_ministry(user) or bool(organizations_of(user, kind=OrganizationKind.ASSOCIATION))


def _agreement_filter(user: User) -> Q | None:
    if is_ministry(user):
        return None
    own = [org.pk for org in organizations_of(user)]
    members = [org.pk for org in association_members_of(user)]
    return Q(cooperative__in=own) | Q(sending_organization__in=own + members)


def subsidies_visible_to(user: User) -> QuerySet[SubsidyAgreement]:
    scope = _agreement_filter(user)
    return SubsidyAgreement.objects.all() if scope is None else SubsidyAgreement.objects.filter(scope)


def budgets_visible_to(user: User) -> QuerySet[Budget]:
    if is_ministry(user):
        return Budget.objects.all()
    return Budget.objects.filter(training_centre__in=organizations_of(user, kind=OrganizationKind.TRAINING_CENTRE))


def may_see_subsidies(user: User) -> bool:
    """Subsidies and budgets, planned against actual: the ministry, and the
    organizations that give, receive or oversee them."""
    kinds = (
        OrganizationKind.SENDING_ORGANIZATION,
        OrganizationKind.SUPERVISING_ORGANIZATION,
        OrganizationKind.TRAINING_CENTRE,
        OrganizationKind.ASSOCIATION,
    )
    return is_ministry(user) or any(organizations_of(user, kind=kind) for kind in kinds)
