"""Disaster safety checks: who opens one, whose answers each organization
reads, who answers for a worker and who records the follow-up calls.

| organization kind          | questions it reads and follows up                 | opens, closes |
|----------------------------|---------------------------------------------------|---------------|
| ministry                   | all                                               | officers      |
| embassy                    | all (protection of every worker in Japan)         | officers      |
| LPK/SO                     | its own workers'                                  | -             |
| supervising org, company,  | the workers of its own placements; it may also    | -             |
| support org                | answer for them                                   |               |
| BLK, association,          | none                                              | -             |
| prefecture                 |                                                   |               |
| participant                | their own, answered on their home page            | -             |

Reading a question is reading the worker's answer, message and whereabouts;
writing is answering for them or recording a call. Viewers only read.
"""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404

from accounts.access.memberships import NOTHING, organizations_of
from accounts.access.participants import own_participant_record
from accounts.models import OrganizationKind, User
from protection.models import AnsweredVia, SafetyCheck, SafetyCheckQuerySet, SafetyQuestion, SafetyQuestionQuerySet

_OPENERS = (OrganizationKind.MINISTRY, OrganizationKind.EMBASSY)
# The organization kinds whose own placements' workers they read, and the question's field naming them.
_BY_FIELD = {
    OrganizationKind.SENDING_ORGANIZATION: "sending_organization",
    OrganizationKind.SUPERVISING_ORGANIZATION: "supervising_organization",
    OrganizationKind.COMPANY: "company",
    OrganizationKind.SUPPORT_ORGANIZATION: "support_organization",
}
# The Japanese side answering for its worker, by the field that names it.
_ANSWERS_FOR = {
    "company": AnsweredVia.COMPANY,
    "supervising_organization": AnsweredVia.SUPERVISING_ORGANIZATION,
    "support_organization": AnsweredVia.SUPPORT_ORGANIZATION,
}


def _scope(user: User, *, write: bool) -> Q | None:
    """The questions a user reads (or follows up, with ``write``); None means all."""
    if any(organizations_of(user, kind=kind, write=write) for kind in _OPENERS):
        return None
    scope = NOTHING
    for kind, field in _BY_FIELD.items():
        mine = [org.pk for org in organizations_of(user, kind=kind, write=write)]
        if mine:
            scope |= Q(**{f"{field}__in": mine})
    return scope


def safety_questions_visible_to(user: User) -> SafetyQuestionQuerySet:
    scope = _scope(user, write=False)
    questions: SafetyQuestionQuerySet = SafetyQuestion.objects.all()
    return questions if scope is None else questions.filter(scope)


def safety_questions_handled_by(user: User) -> SafetyQuestionQuerySet:
    scope = _scope(user, write=True)
    questions: SafetyQuestionQuerySet = SafetyQuestion.objects.all()
    return questions if scope is None else questions.filter(scope)


def may_see_safety_checks(user: User) -> bool:
    """The list of checks: the openers, and the organizations whose workers a check may ask."""
    return any(organizations_of(user, kind=kind) for kind in (*_OPENERS, *_BY_FIELD))


def may_open_safety_checks(user: User) -> bool:
    return any(organizations_of(user, kind=kind, write=True) for kind in _OPENERS)


def safety_checks_visible_to(user: User) -> SafetyCheckQuerySet:
    """Every check for the openers; for the others, the checks that asked one of their workers."""
    checks: SafetyCheckQuerySet = SafetyCheck.objects.all()
    if not may_see_safety_checks(user):
        return checks.none()
    scope = _scope(user, write=False)
    if scope is None:
        return checks
    return checks.filter(pk__in=SafetyQuestion.objects.filter(scope).values("safety_check"))


def safety_check_for_user(user: User, pk: int) -> SafetyCheck:
    found = safety_checks_visible_to(user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def safety_question_for_user(user: User, pk: int, *, write: bool = False) -> SafetyQuestion:
    questions = safety_questions_handled_by(user) if write else safety_questions_visible_to(user)
    related = ("safety_check", "participant", "prefecture", "company", "supervising_organization")
    found = questions.select_related(*related).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def answers_for_worker_as(user: User, question: SafetyQuestion) -> AnsweredVia | None:
    """How the user answers for this worker: as the company, supervising or
    support organization of their placement (with write access); None if they
    may not answer for them (they may still record a call)."""
    for kind, field in _BY_FIELD.items():
        if field in _ANSWERS_FOR:
            mine = {org.pk for org in organizations_of(user, kind=kind, write=True)}
            if getattr(question, f"{field}_id") in mine:
                return _ANSWERS_FOR[field]
    return None


def own_safety_questions(user: User) -> SafetyQuestionQuerySet:
    """The participant's own questions of open checks, the newest first."""
    own = own_participant_record(user)
    questions: SafetyQuestionQuerySet = SafetyQuestion.objects.none()
    if own is None:
        return questions
    return (
        SafetyQuestion.objects.filter(participant=own, safety_check__closed_at__isnull=True)
        .select_related("safety_check", "prefecture")
        .order_by("-asked_at", "-pk")
    )
