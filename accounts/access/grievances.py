"""A worker's own grievances: the cases they reported through their login.

A worker reads the cases that name them and did not come in anonymously (an
anonymous case is reached only with its tracking code and PIN, so that an
account never leads to it). Staff who record hotline calls and visits are
``may_record_cases`` in ``accounts.access.protection``.
"""

from __future__ import annotations

from django.http import Http404

from accounts.access.participants import own_participant_record
from accounts.models import User
from protection.models import Case, CaseQuerySet, Door


def may_report_grievance(user: User) -> bool:
    """A worker with their own login may report a problem through it."""
    return own_participant_record(user) is not None


def own_cases(user: User) -> CaseQuerySet:
    """The worker's own named cases, newest first; none for anyone else."""
    own = own_participant_record(user)
    cases: CaseQuerySet = Case.objects.all()
    if own is None:
        return cases.none()
    return cases.filter(participant=own).exclude(door=Door.ANONYMOUS).newest_first()


def own_case(user: User, pk: int) -> Case:
    """One of the worker's own cases; 404 for any other, as for none at all."""
    found = own_cases(user).select_related("assigned_organization").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found
