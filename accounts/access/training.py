"""Training: the courses and classes of the providers (BLK, LPK/SO) a user works for."""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404

from accounts.access.memberships import NOTHING, is_ministry, organizations_of
from accounts.models import Organization, OrganizationKind, OrganizationQuerySet, User
from training.models import Course, CourseQuerySet, Enrolment, EnrolmentQuerySet, TrainingClass, TrainingClassQuerySet


def _provider_filter(user: User, *, write: bool) -> Q | None:
    """The training providers (BLK, LPK/SO) whose courses a user sees; None means all."""
    if is_ministry(user, write=write):
        return None
    providers = [
        org
        for kind in (OrganizationKind.TRAINING_CENTRE, OrganizationKind.SENDING_ORGANIZATION)
        for org in organizations_of(user, kind=kind, write=write)
    ]
    return Q(provider__in=providers) if providers else NOTHING


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
    return _provider_filter(user, write=False) != NOTHING


def enrolments_visible_to(user: User) -> EnrolmentQuerySet:
    """Training records (a participant in a class) as the class and enrolment
    pages show them: those of the classes the user sees."""
    scope = _provider_filter(user, write=False)
    enrolments: EnrolmentQuerySet = Enrolment.objects.all()
    return enrolments if scope is None else enrolments.filter(training_class__in=classes_visible_to(user))


def enrolment_for_user(user: User, pk: int) -> Enrolment:
    enrolment = enrolments_visible_to(user).filter(pk=pk).first()
    if enrolment is None:
        raise Http404
    return enrolment
