"""Protection cases: who learns that a case exists, who handles it, and who
may know who reported it.

| organization kind          | cases it sees                               | who reported it     |
|----------------------------|---------------------------------------------|---------------------|
| ministry                   | all; officers handle                        | yes                 |
| embassy                    | those escalated to it or referred to it     | yes                 |
| LPK/SO                     | those routed to it and its own workers'     | yes                 |
| supervising org, company,  | only those referred to it, with the         | only if the reporter|
| support org, prefecture    | reporter's consent                          | consented           |
| BLK, association           | none                                        | -                   |
| participant                | their own named cases (an anonymous one     | -                   |
|                            | only through its code and PIN)              |                     |

The organizations a case names (its company and supervising organization)
are never told of it by being named: only a referral, made with the
reporter's recorded consent, opens it to them.
"""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404

from accounts.access.memberships import NOTHING, is_ministry, organizations_of
from accounts.access.participants import own_participant_record
from accounts.models import OrganizationKind, User
from protection.models import Case, CaseQuerySet, Door, Level, Note, NoteQuerySet

_RECORDERS = (OrganizationKind.MINISTRY, OrganizationKind.EMBASSY, OrganizationKind.SENDING_ORGANIZATION)


def _case_scope(user: User, *, write: bool) -> Q | None:
    """The cases a user sees (or handles, with ``write``); None means all."""
    if is_ministry(user, write=write):
        return None
    scope = NOTHING
    sending = [org.pk for org in organizations_of(user, kind=OrganizationKind.SENDING_ORGANIZATION, write=write)]
    if sending:
        scope |= Q(assigned_organization__in=sending)
        if not write:
            scope |= Q(participant__sending_organization__in=sending)
    if organizations_of(user, kind=OrganizationKind.EMBASSY, write=write):
        scope |= Q(level=Level.MINISTRY_AND_EMBASSY)
    referred = [org.pk for org in organizations_of(user, write=write)]
    if referred:
        scope |= Q(referrals__organization__in=referred)
    own = own_participant_record(user) if not write else None
    if own is not None:
        scope |= Q(participant=own) & ~Q(door=Door.ANONYMOUS)
    return scope


def cases_visible_to(user: User) -> CaseQuerySet:
    scope = _case_scope(user, write=False)
    cases: CaseQuerySet = Case.objects.all()
    # A case referred twice to the same organization must not list twice.
    return cases if scope is None else cases.filter(pk__in=Case.objects.filter(scope).values("pk"))


def cases_handled_by(user: User) -> CaseQuerySet:
    scope = _case_scope(user, write=True)
    cases: CaseQuerySet = Case.objects.all()
    return cases if scope is None else cases.filter(pk__in=Case.objects.filter(scope).values("pk"))


def case_for_user(user: User, pk: int, *, write: bool = False) -> Case:
    """The case if the user sees it (or handles it); 404 otherwise, so a case
    outside one's scope is indistinguishable from none at all."""
    cases = cases_handled_by(user) if write else cases_visible_to(user)
    found = cases.select_related("assigned_organization", "company", "supervising_organization").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def may_handle_case(user: User, case: Case) -> bool:
    return cases_handled_by(user).filter(pk=case.pk).exists()


def may_record_cases(user: User) -> bool:
    """Staff who record a hotline call or a visit: the ministry, the embassy and LPK/SOs."""
    return any(organizations_of(user, kind=kind, write=True) for kind in _RECORDERS)


def may_see_case_list(user: User) -> bool:
    """The case list: those who record and handle cases, and an organization
    in Japan once a case has been referred to it."""
    if may_record_cases(user) or is_ministry(user) or organizations_of(user, kind=OrganizationKind.EMBASSY):
        return True
    return bool(organizations_of(user)) and cases_visible_to(user).exists()


def may_know_reporter(user: User, case: Case) -> bool:
    """Whether the user may read who reported the case: everyone on the
    worker's side; on the Japanese side only an organization the case was
    referred to with the reporter's consent to tell it who they are."""
    if is_ministry(user) or organizations_of(user, kind=OrganizationKind.EMBASSY):
        return True
    sending = [org.pk for org in organizations_of(user, kind=OrganizationKind.SENDING_ORGANIZATION)]
    if sending and (case.assigned_organization_id in sending or _sends_worker(case, sending)):
        return True
    own = [org.pk for org in organizations_of(user)]
    return case.referrals.filter(organization__in=own, identity_shared=True).exists()


def _sends_worker(case: Case, sending: list[int]) -> bool:
    return case.participant is not None and case.participant.sending_organization_id in sending


def notes_visible_to(user: User, case: Case) -> NoteQuerySet:
    """A case's notes a handler reads: all but other organizations' internal ones.
    The ministry reads every note, internal ones included."""
    notes: NoteQuerySet = Note.objects.filter(case=case)
    if is_ministry(user):
        return notes
    return notes.for_handlers_of([org.pk for org in organizations_of(user)])
