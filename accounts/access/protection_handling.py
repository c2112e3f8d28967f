"""Handling protection cases: who steers a case, what a handler reads on
it, and the work a case gives someone now.

Reading a case is ``accounts.access.protection``'s (who learns that it
exists). Steering it (assign, acknowledge, escalate, refer, record the
reporter's consent, write to the reporter, resolve, close, reopen) belongs to
the organization that holds it, the ministry's officers, and at the top of
the chain the embassy's officers. An organization in Japan a case was
referred to writes notes on it, nothing more: the reporter's channel stays
on the worker's side.

What the reporter wrote (their story, their messages) is read only by those
who may know who they are (``may_know_reporter``): it is the likeliest thing
to name them. Anyone else reads what the referral to them shared.
"""

from __future__ import annotations

import datetime

from django.db.models import QuerySet
from django.http import Http404

from accounts.access.memberships import is_ministry, organizations_of
from accounts.access.protection import case_for_user, cases_handled_by, may_know_reporter, notes_visible_to
from accounts.models import Organization, OrganizationKind, OrganizationQuerySet, Role, User
from protection.models import Case, CaseQuerySet, Level, NoteQuerySet, Referral, Status, Visibility

_HOLDERS = (OrganizationKind.MINISTRY, OrganizationKind.EMBASSY, OrganizationKind.SENDING_ORGANIZATION)


def case_page_for(user: User, pk: int, *, write: bool = False) -> Case:
    """The case for the handlers' page: staff only. A participant reads their
    own case on their own pages, never on the handlers' one (404 here)."""
    if not organizations_of(user):
        raise Http404
    return case_for_user(user, pk, write=write)


def may_steer_case(user: User, case: Case) -> bool:
    if is_ministry(user, write=True):
        return True
    if case.assigned_organization_id in {org.pk for org in organizations_of(user, write=True)}:
        return True
    return case.level == Level.MINISTRY_AND_EMBASSY and bool(
        organizations_of(user, kind=OrganizationKind.EMBASSY, write=True)
    )


def may_read_reporters_words(user: User, case: Case) -> bool:
    return may_know_reporter(user, case)


def case_notes_for(user: User, case: Case) -> NoteQuerySet:
    """The notes a user reads on the case page: ``notes_visible_to``, without
    the conversation with the reporter for those who may not know who they are."""
    notes = notes_visible_to(user, case)
    if not may_read_reporters_words(user, case):
        notes = notes.exclude(visibility=Visibility.REPORTER)
    return notes


def referrals_shown_to(user: User, case: Case) -> list[Referral]:
    """Every referral for the worker's side; an organization in Japan reads
    only the referrals made to it (another body's reference is not its business)."""
    referrals = case.referrals.select_related("organization", "referred_by")
    if may_read_reporters_words(user, case):
        return list(referrals)
    return list(referrals.filter(organization__in=[org.pk for org in organizations_of(user)]))


def case_holders_for(user: User) -> OrganizationQuerySet:
    """The organizations a user may give a case to: for the ministry's
    officers any LPK/SO, the ministry or the embassy; for anyone else the
    holding organizations they are an officer of."""
    holders = Organization.objects.filter(kind__in=_HOLDERS, is_active=True).order_by("kind", "name")
    if is_ministry(user, write=True):
        return holders
    return holders.filter(pk__in=[org.pk for org in organizations_of(user, write=True)])


def case_people_for(user: User, case: Case) -> QuerySet[User]:
    """Officers a case can be given to here: those of the organization holding
    it and of the user's own (the ministry passing a case to an LPK/SO leaves
    the person to that LPK/SO, so its officers are not all listed)."""
    organizations = {org.pk for org in organizations_of(user, write=True)} | {case.assigned_organization_id}
    writers = [Role.ADMIN, Role.OFFICER]
    people = User.objects.filter(
        is_active=True, memberships__organization__in=organizations, memberships__role__in=writers
    )
    return people.distinct().order_by("username")


def cases_to_acknowledge_by(user: User) -> CaseQuerySet:
    """New cases held by an organization the user is an officer of."""
    own = [org.pk for org in organizations_of(user, write=True) if org.kind in _HOLDERS]
    return Case.objects.filter(status=Status.NEW, assigned_organization__in=own)


def breached_clocks_for(user: User, *, now: datetime.datetime) -> CaseQuerySet:
    """Cases the user handles whose acknowledgement clock ran out: for the
    ministry every one (it answers for the chain), for others their own."""
    if not any(organizations_of(user, kind=kind, write=True) for kind in _HOLDERS):
        return Case.objects.none()
    return cases_handled_by(user).unacknowledged_past(now)
