"""The data subject's rights (privacy app): the participant's own data page,
and who reviews their requests.

A participant reaches only their own data page. Correction requests are
reviewed by staff who may change the participant's record (its BLK, its
LPK/SO, the ministry's officers); erasure requests by the ministry's
officers alone, because an erasure reaches records of every organization.
Nobody reviews a request about their own record. Anything else answers 404.
"""

from __future__ import annotations

from django.http import Http404

from accounts.access.memberships import is_ministry, organizations_of
from accounts.access.participants import own_participant_record, participants_writable_by
from accounts.models import OrganizationKind, User
from participants.models import Participant
from privacy.models import CorrectionRequest, CorrectionRequestQuerySet, ErasureRequest, ErasureRequestQuerySet

_REVIEWING_KINDS = (OrganizationKind.MINISTRY, OrganizationKind.TRAINING_CENTRE, OrganizationKind.SENDING_ORGANIZATION)


def own_data_subject(user: User) -> Participant:
    """The participant whose data page this is: the user's own record; 404 for anyone else."""
    own = own_participant_record(user)
    if own is None:
        raise Http404
    return own


def may_review_corrections(user: User) -> bool:
    return any(organizations_of(user, kind=kind, write=True) for kind in _REVIEWING_KINDS)


def may_review_erasures(user: User) -> bool:
    return is_ministry(user, write=True)


def may_see_privacy_requests(user: User) -> bool:
    return may_review_corrections(user) or may_review_erasures(user)


def corrections_reviewable_by(user: User) -> CorrectionRequestQuerySet:
    requests: CorrectionRequestQuerySet = CorrectionRequest.objects.all()
    if not may_review_corrections(user):
        return requests.none()
    return requests.filter(participant__in=participants_writable_by(user)).exclude(participant__user=user)


def erasures_reviewable_by(user: User) -> ErasureRequestQuerySet:
    requests: ErasureRequestQuerySet = ErasureRequest.objects.all()
    if not may_review_erasures(user):
        return requests.none()
    return requests.exclude(participant__user=user)


def correction_for_reviewer(user: User, pk: int) -> CorrectionRequest:
    found = corrections_reviewable_by(user).select_related("participant").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def erasure_for_reviewer(user: User, pk: int) -> ErasureRequest:
    found = erasures_reviewable_by(user).select_related("participant").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found
