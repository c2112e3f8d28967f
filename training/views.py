"""Training pages: authorize through accounts.access, validate with a form,
call one action, render. Out-of-scope courses, classes and enrolments answer 404."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import access
from accounts.access import routes
from accounts.models import OrganizationKind as Kind
from accounts.models import User
from accounts.requests import AuthenticatedRequest
from lib.query import query_ids, query_text
from participants.actions import ParticipantError
from participants.models import Participant, too_short_to_search
from training import actions
from training.forms import (
    AssessmentForm,
    AttendanceForm,
    ClassForm,
    CompletionForm,
    CourseFilterForm,
    CourseForm,
    EnrolForm,
    SessionForm,
    WithdrawForm,
)
from training.models import ENROLLABLE_STATUSES, AssessmentKind, ClassSession, Enrolment, EnrolmentStatus, TrainingClass

CANDIDATES_SHOWN = 25
REFUSALS = (actions.TrainingError, ParticipantError)


def _posted(request: AuthenticatedRequest) -> Any:
    """The submitted data, also when empty: an empty POST is a form to validate, not a GET."""
    return request.POST if request.method == "POST" else None


def _status(form: Any) -> int:
    return 400 if form.is_bound else 200


# --- courses ------------------------------------------------------------------


@routes.declare(get=routes.members(Kind.MINISTRY, Kind.TRAINING_CENTRE, Kind.SENDING_ORGANIZATION))
@login_required
@require_GET
def course_list(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    if not access.may_see_training(user):
        raise Http404
    form = CourseFilterForm(request.GET)
    courses = form.filter(access.courses_visible_to(user)).select_related("provider", "vocational_programme")
    context = {
        "form": form,
        "courses": courses.annotate(class_count=Count("classes")),
        "may_create": access.course_providers_for(user).exists(),
    }
    return render(request, "training/course_list.html", context)


@routes.declare(get=routes.members(Kind.MINISTRY, Kind.TRAINING_CENTRE, Kind.SENDING_ORGANIZATION), scope="course")
@login_required
@require_GET
def course_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    user = request.user
    course = get_object_or_404(
        access.courses_visible_to(user).select_related("provider", "vocational_programme"), pk=pk
    )
    today = timezone.localdate()
    classes = (
        TrainingClass.objects.filter(course=course)
        .with_places_taken()
        .select_related("instructor")
        .in_calendar_order(today)
    )
    context = {
        "course": course,
        "classes": [(training_class, training_class.phase_on(today)) for training_class in classes],
        "may_write": access.courses_writable_by(user).filter(pk=course.pk).exists(),
    }
    return render(request, "training/course_detail.html", context)


@routes.declare(
    get=routes.writers(Kind.MINISTRY, Kind.TRAINING_CENTRE, Kind.SENDING_ORGANIZATION),
    post=routes.writers(Kind.MINISTRY, Kind.TRAINING_CENTRE, Kind.SENDING_ORGANIZATION),
)
@login_required
@require_http_methods(["GET", "POST"])
def course_create(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    providers = access.course_providers_for(user)
    if not providers.exists():
        raise Http404
    form = CourseForm(_posted(request), providers=providers)
    if request.method == "GET" and providers.count() == 1:
        form.initial["provider"] = providers.get().pk
    if request.method == "POST" and form.is_valid():
        try:
            course = actions.create_course(provider=form.cleaned_data["provider"], details=form.details(), by=user)
        except REFUSALS as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Course “%(name)s” created.") % {"name": course.name})
            return redirect("course_detail", pk=course.pk)
    return render(request, "training/course_form.html", {"form": form, "course": None}, status=_status(form))


@routes.declare(
    get=routes.writers(Kind.MINISTRY, Kind.TRAINING_CENTRE, Kind.SENDING_ORGANIZATION),
    post=routes.writers(Kind.MINISTRY, Kind.TRAINING_CENTRE, Kind.SENDING_ORGANIZATION),
    scope="course",
)
@login_required
@require_http_methods(["GET", "POST"])
def course_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    user = request.user
    course = get_object_or_404(access.courses_writable_by(user).select_related("provider"), pk=pk)
    loaded_version = course.version
    form = CourseForm(_posted(request), instance=course, providers=access.course_providers_for(user))
    if request.method == "GET":
        form.initial["version"] = loaded_version
    elif form.is_valid():
        try:
            actions.update_course(
                course_id=course.pk,
                details=form.details(),
                expected_version=form.cleaned_data["version"] or 0,
                by=user,
            )
        except REFUSALS as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Changes saved."))
            return redirect("course_detail", pk=course.pk)
    return render(request, "training/course_form.html", {"form": form, "course": course}, status=_status(form))


# --- classes ------------------------------------------------------------------


def _visible_class(user: User, pk: int) -> TrainingClass:
    return get_object_or_404(access.classes_visible_to(user).select_related("course__provider", "instructor"), pk=pk)


@routes.declare(
    get=routes.writers(Kind.MINISTRY, Kind.TRAINING_CENTRE, Kind.SENDING_ORGANIZATION),
    post=routes.writers(Kind.MINISTRY, Kind.TRAINING_CENTRE, Kind.SENDING_ORGANIZATION),
    scope="course",
)
@login_required
@require_http_methods(["GET", "POST"])
def class_create(request: AuthenticatedRequest, course_pk: int) -> HttpResponse:
    user = request.user
    course = get_object_or_404(access.courses_writable_by(user).select_related("provider"), pk=course_pk)
    form = ClassForm(_posted(request), course=course)
    if request.method == "GET":
        form.initial["code"] = TrainingClass.objects.suggest_code(course, timezone.localdate())
    elif form.is_valid():
        try:
            training_class = actions.create_class(course_id=course.pk, details=form.details(), by=user)
        except REFUSALS as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Class “%(title)s” created.") % {"title": training_class.title})
            return redirect("class_detail", pk=training_class.pk)
    context = {"form": form, "course": course, "training_class": None}
    return render(request, "training/class_form.html", context, status=_status(form))


@routes.declare(
    get=routes.writers(Kind.MINISTRY, Kind.TRAINING_CENTRE, Kind.SENDING_ORGANIZATION),
    post=routes.writers(Kind.MINISTRY, Kind.TRAINING_CENTRE, Kind.SENDING_ORGANIZATION),
    scope="course",
)
@login_required
@require_http_methods(["GET", "POST"])
def class_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    user = request.user
    training_class = get_object_or_404(access.classes_writable_by(user).select_related("course__provider"), pk=pk)
    loaded_version = training_class.version
    form = ClassForm(_posted(request), instance=training_class, course=training_class.course)
    if request.method == "GET":
        form.initial["version"] = loaded_version
    elif form.is_valid():
        try:
            actions.update_class(
                class_id=training_class.pk,
                details=form.details(),
                expected_version=form.cleaned_data["version"] or 0,
                by=user,
            )
        except REFUSALS as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Changes saved."))
            return redirect("class_detail", pk=training_class.pk)
    context = {"form": form, "course": training_class.course, "training_class": training_class}
    return render(request, "training/class_form.html", context, status=_status(form))


@routes.declare(get=routes.members(Kind.MINISTRY, Kind.TRAINING_CENTRE, Kind.SENDING_ORGANIZATION), scope="course")
@login_required
@require_GET
def class_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    user = request.user
    training_class = _visible_class(user, pk)
    enrolments = list(
        Enrolment.objects.filter(training_class=training_class)
        .with_attendance()
        .select_related("participant", "training_class__course")
        .order_by("participant__full_name", "pk")
    )
    sessions = training_class.sessions.annotate(marks=Count("attendance"))
    may_write = access.classes_writable_by(user).filter(pk=training_class.pk).exists()
    context = {
        "training_class": training_class,
        "course": training_class.course,
        "phase": training_class.phase_on(timezone.localdate()),
        "enrolments": enrolments,
        "places_taken": sum(1 for e in enrolments if e.status != EnrolmentStatus.WITHDRAWN),
        "sessions": sessions,
        "may_write": may_write,
        "may_mark": may_write or access.may_mark_attendance(user, training_class),
    }
    return render(request, "training/class_detail.html", context)


# --- enrolment ----------------------------------------------------------------


def _candidates(user: User, training_class: TrainingClass, text: str, ticked: list[int]) -> list[Participant]:
    """Participants the user may change who could join this class: those
    already ticked (so that a new search keeps them), then the best matches."""
    on_list = Enrolment.objects.filter(training_class=training_class).active().values("participant_id")
    could_join = (
        access.participants_writable_by(user)
        .filter(status__in=ENROLLABLE_STATUSES)
        .exclude(pk__in=on_list)
        .select_related("training_centre", "sending_organization")
        .order_by("full_name", "pk")
    )
    kept = list(could_join.filter(pk__in=ticked)) if ticked else []
    matches = could_join.search(text).exclude(pk__in=[p.pk for p in kept])[:CANDIDATES_SHOWN]
    return [*kept, *matches]


@routes.declare(
    get=routes.writers(Kind.MINISTRY, Kind.TRAINING_CENTRE, Kind.SENDING_ORGANIZATION),
    post=routes.writers(Kind.MINISTRY, Kind.TRAINING_CENTRE, Kind.SENDING_ORGANIZATION),
    scope="course",
)
@login_required
@require_http_methods(["GET", "POST"])
def class_enrol(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    user = request.user
    training_class = get_object_or_404(access.classes_writable_by(user).select_related("course__provider"), pk=pk)
    text = query_text(request.POST if request.method == "POST" else request.GET, "q")
    # Validation takes any participant the user may change: someone enrolled
    # meanwhile gets the action's clear refusal instead of "not a valid choice".
    form = EnrolForm(_posted(request), candidates=access.participants_writable_by(user))
    if request.method == "POST" and form.is_valid():
        try:
            enrolled = actions.enrol_participants(
                training_class_id=training_class.pk, participant_ids=form.participant_ids(), by=user
            )
        except REFUSALS as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                ngettext("%(count)s participant enrolled.", "%(count)s participants enrolled.", len(enrolled))
                % {"count": number_format(len(enrolled))},
            )
            return redirect("class_detail", pk=training_class.pk)
    ticked = query_ids(request.POST if request.method == "POST" else request.GET, "participants")
    context = {
        "training_class": training_class,
        "course": training_class.course,
        "form": form,
        "q": text,
        "search_too_short": too_short_to_search(text),
        "candidates": _candidates(user, training_class, text, ticked),
        "ticked": ticked,
    }
    # htmx asks for the candidates alone as the search is typed; a refused
    # enrolment, however sent, comes back as the page with its error.
    searching = request.htmx and request.method == "GET"
    template = "training/class_enrol.html#candidates" if searching else "training/class_enrol.html"
    return render(request, template, context, status=_status(form))


# --- sessions and attendance --------------------------------------------------


def _markable_class(user: User, pk: int) -> TrainingClass:
    training_class = _visible_class(user, pk)
    if not access.may_mark_attendance(user, training_class):
        raise Http404
    return training_class


@routes.declare(
    get=routes.writers(Kind.MINISTRY, Kind.TRAINING_CENTRE, Kind.SENDING_ORGANIZATION),
    post=routes.writers(Kind.MINISTRY, Kind.TRAINING_CENTRE, Kind.SENDING_ORGANIZATION),
    scope="course",
)
@login_required
@require_http_methods(["GET", "POST"])
def session_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    user = request.user
    training_class = _markable_class(user, pk)
    form = SessionForm(_posted(request), training_class=training_class)
    if request.method == "POST" and form.is_valid():
        try:
            session = actions.add_session(
                training_class_id=training_class.pk,
                held_on=form.cleaned_data["held_on"],
                hours=form.cleaned_data["hours"],
                topic=form.cleaned_data["topic"],
                by=user,
            )
        except REFUSALS as error:
            form.add_error(None, str(error))
        else:
            return redirect("class_attendance", pk=session.pk)
    context = {"form": form, "training_class": training_class, "course": training_class.course}
    return render(request, "training/session_form.html", context, status=_status(form))


@routes.declare(
    get=routes.writers(Kind.MINISTRY, Kind.TRAINING_CENTRE, Kind.SENDING_ORGANIZATION),
    post=routes.writers(Kind.MINISTRY, Kind.TRAINING_CENTRE, Kind.SENDING_ORGANIZATION),
    scope="course",
)
@login_required
@require_http_methods(["GET", "POST"])
def class_attendance(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The whole class on one screen: one row per participant, one submit."""
    user = request.user
    session = get_object_or_404(ClassSession.objects.select_related("training_class"), pk=pk)
    training_class = _markable_class(user, session.training_class_id)
    enrolments = list(
        Enrolment.objects.filter(training_class=training_class)
        .active()
        .select_related("participant")
        .order_by("participant__full_name", "pk")
    )
    saved = dict(session.attendance.values_list("enrolment_id", "presence"))
    form = AttendanceForm(_posted(request), enrolments=enrolments, saved=saved)
    if request.method == "POST" and form.is_valid():
        try:
            result = actions.mark_attendance(session_id=session.pk, marks=form.marks(), by=user)
        except REFUSALS as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Attendance saved: %(present)s present, %(late)s late, %(excused)s excused, %(absent)s absent.")
                % result.counts,
            )
            return redirect("class_attendance", pk=session.pk)
    context = {
        "session": session,
        "training_class": training_class,
        "course": training_class.course,
        "form": form,
        "already_marked": bool(saved),
        "other_sessions": training_class.sessions.exclude(pk=session.pk).order_by("-held_on", "-pk")[:10],
    }
    return render(request, "training/attendance.html", context, status=_status(form))


# --- one enrolment: assessments, completion, withdrawal -----------------------


def _visible_enrolment(user: User, pk: int) -> Enrolment:
    return get_object_or_404(
        Enrolment.objects.filter(training_class__in=access.classes_visible_to(user))
        .with_attendance()
        .select_related("participant", "training_class__course__provider"),
        pk=pk,
    )


def _enrolment_page(
    request: AuthenticatedRequest, enrolment: Enrolment, *, status: int = 200, **forms: Any
) -> HttpResponse:
    user = request.user
    training_class = enrolment.training_class
    may_write = access.classes_writable_by(user).filter(pk=training_class.pk).exists()
    may_assess = may_write or access.may_mark_attendance(user, training_class)
    # A refused form is shown again whatever changed meanwhile, so its message is seen.
    may_assess = may_assess and enrolment.is_open
    may_close = may_write and enrolment.is_open
    context = {
        "enrolment": enrolment,
        "training_class": training_class,
        "course": training_class.course,
        "participant": enrolment.participant,
        "rate": enrolment.attendance_rate(),
        "hours": enrolment.hours(),
        "marks": enrolment.attendance.select_related("session").order_by("session__held_on", "session__pk"),
        "assessments": enrolment.assessments.all(),
        "assessment_form": forms.get("assessment_form") or (AssessmentForm() if may_assess else None),
        "completion_form": forms.get("completion_form") or (CompletionForm(enrolment=enrolment) if may_close else None),
        "withdraw_form": forms.get("withdraw_form") or (WithdrawForm(enrolment=enrolment) if may_close else None),
    }
    return render(request, "training/enrolment_detail.html", context, status=status)


@routes.declare(get=routes.members(Kind.MINISTRY, Kind.TRAINING_CENTRE, Kind.SENDING_ORGANIZATION), scope="course")
@login_required
@require_GET
def enrolment_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _enrolment_page(request, _visible_enrolment(request.user, pk))


@routes.declare(post=routes.writers(Kind.MINISTRY, Kind.TRAINING_CENTRE, Kind.SENDING_ORGANIZATION), scope="course")
@login_required
@require_POST
def assessment_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    user = request.user
    enrolment = _visible_enrolment(user, pk)
    if not access.may_mark_attendance(user, enrolment.training_class):
        raise Http404
    form = AssessmentForm(request.POST)
    if form.is_valid():
        try:
            actions.record_assessment(
                enrolment_id=enrolment.pk,
                kind=AssessmentKind(form.cleaned_data["kind"]),
                taken_on=form.cleaned_data["taken_on"],
                score=form.cleaned_data["score"],
                passed=form.passed(),
                note=form.cleaned_data["note"],
                by=user,
            )
        except REFUSALS as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Assessment recorded."))
            return redirect("enrolment_detail", pk=enrolment.pk)
    return _enrolment_page(request, enrolment, status=400, assessment_form=form)


def _writable_enrolment(user: User, pk: int) -> Enrolment:
    enrolment = _visible_enrolment(user, pk)
    if not access.classes_writable_by(user).filter(pk=enrolment.training_class_id).exists():
        raise Http404
    return enrolment


@routes.declare(post=routes.writers(Kind.MINISTRY, Kind.TRAINING_CENTRE, Kind.SENDING_ORGANIZATION), scope="course")
@login_required
@require_POST
def enrolment_complete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    user = request.user
    enrolment = _writable_enrolment(user, pk)
    form = CompletionForm(request.POST, enrolment=enrolment)
    if form.is_valid():
        try:
            done = actions.complete_enrolment(
                enrolment_id=enrolment.pk,
                expected_version=form.cleaned_data["version"],
                completed_on=form.cleaned_data["completed_on"],
                final_score=form.cleaned_data["final_score"],
                certificate_number=form.cleaned_data["certificate_number"],
                by=user,
            )
        except REFUSALS as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Result recorded: %(status)s.") % {"status": done.get_status_display()})
            return redirect("enrolment_detail", pk=enrolment.pk)
    return _enrolment_page(request, enrolment, status=400, completion_form=form)


@routes.declare(post=routes.writers(Kind.MINISTRY, Kind.TRAINING_CENTRE, Kind.SENDING_ORGANIZATION), scope="course")
@login_required
@require_POST
def enrolment_withdraw(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    user = request.user
    enrolment = _writable_enrolment(user, pk)
    form = WithdrawForm(request.POST, enrolment=enrolment)
    if form.is_valid():
        try:
            actions.withdraw_enrolment(
                enrolment_id=enrolment.pk,
                expected_version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
                by=user,
            )
        except REFUSALS as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("%(name)s withdrawn from this class.") % {"name": enrolment.participant.full_name}
            )
            return redirect("class_detail", pk=enrolment.training_class_id)
    return _enrolment_page(request, enrolment, status=400, withdraw_form=form)
