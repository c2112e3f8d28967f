"""Disaster safety checks: the list and the form that opens one (ministry and
embassy officers), the board, the workers behind a board cell, one worker's
question (answer for them, record a call), the worker's own answer page and
the e-mail's signed link that answers without login. Authorize through
accounts.access, validate with a form, call one action, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import access
from accounts.access import routes
from accounts.models import OrganizationKind as Kind
from accounts.models import User
from accounts.requests import AuthenticatedRequest
from lib import answers
from protection.actions import safety as actions
from protection.forms.safety import AnswerForm, FollowUpForm, OpenCheckForm
from protection.models import AnsweredVia, SafetyQuestion
from protection.safety_board import SHOWN, board_of, is_key, people_of
from protection.safety_links import question_id_of

PAGE_SIZE = 50

# Every member of the ministry, LPK/SOs, the Japanese side and the embassy: who reads safety checks.
SAFETY_READERS = routes.members(*routes.PLACEMENT_FOLLOWERS)
# Administrators and officers of the ministry and the embassy: who opens and closes a safety check.
SAFETY_OPENERS = routes.writers(Kind.MINISTRY, Kind.EMBASSY)


@routes.declare(get=SAFETY_READERS)
@login_required
@require_GET
def safety_list(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    if not access.may_see_safety_checks(user):
        raise Http404
    page = Paginator(access.safety_checks_visible_to(user).newest_first(), PAGE_SIZE).get_page(request.GET.get("page"))
    tallies = access.safety_questions_visible_to(user).filter(safety_check__in=list(page.object_list))
    by_check = {row["safety_check"]: row for row in tallies.tallied_by("safety_check")}
    rows = [(check, by_check.get(check.pk)) for check in page]
    context = {"page": page, "rows": rows, "may_open": access.may_open_safety_checks(user)}
    return render(request, "protection/safety_list.html", context)


@routes.declare(get=SAFETY_OPENERS, post=SAFETY_OPENERS)
@login_required
@require_http_methods(["GET", "POST"])
def safety_open(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    if not access.may_open_safety_checks(user):
        raise Http404
    form = OpenCheckForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        prefectures = [prefecture.pk for prefecture in form.cleaned_data["prefectures"]]
        try:
            opened = actions.open_safety_check(event=form.cleaned_data["event"], prefecture_ids=prefectures, by=user)
        except actions.SafetyError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _asked_message(opened))
            return answers.done(request, reverse("protection:safety_board", args=[opened.check.pk]))
    answers.focus_first_error(form)
    status = answers.refused_status(request) if form.is_bound else 200
    return render(request, "protection/safety_open.html", {"form": form}, status=status)


def _asked_message(opened: actions.Opened) -> str:
    if not opened.created:
        return ngettext(
            "This safety check was open already; %(count)s worker placed there since was asked.",
            "This safety check was open already; %(count)s workers placed there since were asked.",
            opened.asked,
        ) % {"count": opened.asked}
    return ngettext(
        "The safety check is open: %(count)s worker was asked.",
        "The safety check is open: %(count)s workers were asked.",
        opened.asked,
    ) % {"count": opened.asked}


@routes.declare(
    get=SAFETY_READERS,
    scope="safety_check",
)
@login_required
@require_GET
def safety_board(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    user = request.user
    check = access.safety_check_for_user(user, pk)
    questions = access.safety_questions_visible_to(user).filter(safety_check=check)
    context = {
        "check": check,
        "board": board_of(questions, page_number=request.GET.get("page")),
        "prefectures": check.prefectures.all(),
        "may_close": check.is_open and access.may_open_safety_checks(user),
    }
    return render(request, "protection/safety_board.html", context)


@routes.declare(
    get=SAFETY_READERS,
    scope="safety_check",
)
@login_required
@require_GET
def safety_people(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    user = request.user
    check = access.safety_check_for_user(user, pk)
    shown, company = request.GET.get("answer", ""), request.GET.get("company", "")
    questions = access.safety_questions_visible_to(user).filter(safety_check=check)
    people = people_of(questions, shown=shown, company=company)
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    query = {"answer": shown if shown in SHOWN else "", "company": company if is_key(company) else ""}
    context = {"check": check, "page": page, "shown": query["answer"], "query": query}
    return render(request, "protection/safety_people.html", context)


@routes.declare(post=SAFETY_OPENERS)
@login_required
@require_POST
def safety_close(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    user = request.user
    check = access.safety_check_for_user(user, pk)
    if not access.may_open_safety_checks(user):
        raise Http404
    try:
        actions.close_safety_check(check_id=check.pk, by=user)
    except actions.SafetyError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The safety check is closed."))
    return answers.done(request, reverse("protection:safety_board", args=[check.pk]))


@routes.declare(
    get=SAFETY_READERS,
    post=routes.writers(*routes.PLACEMENT_FOLLOWERS),
    scope="safety_check",
)
@login_required
@require_http_methods(["GET", "POST"])
def safety_question(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """One worker: their answer and the calls; answer for them, record a call."""
    user = request.user
    question = access.safety_question_for_user(user, pk)
    writes = access.safety_questions_handled_by(user).filter(pk=question.pk).exists()
    answers_as = access.answers_for_worker_as(user, question)
    sent = request.POST.get("form", "") if request.method == "POST" else None
    answer_form = AnswerForm(request.POST if sent == "answer" else None, prefix="answer")
    call_form = FollowUpForm(request.POST if sent == "call" else None, prefix="call")
    if sent == "answer":
        if answers_as is None:
            raise Http404
        if answer_form.is_valid() and _answer_or_refuse(
            answer_form, question, via=answers_as, by=user, request=request
        ):
            return answers.done(request, reverse("protection:safety_question", args=[question.pk]))
    elif sent == "call":
        if not writes:
            raise Http404
        if call_form.is_valid() and _call_or_refuse(call_form, question, request=request):
            return answers.done(request, reverse("protection:safety_question", args=[question.pk]))
    elif sent is not None:
        raise Http404  # no form, or one the page does not have: nothing to change
    for form in (answer_form, call_form):
        answers.focus_first_error(form)
    context = {
        "question": question,
        "calls": question.calls.select_related("called_by", "organization"),
        "answer_form": answer_form if answers_as is not None and question.safety_check.is_open else None,
        "call_form": call_form if writes and question.safety_check.is_open else None,
    }
    status = answers.refused_status(request) if sent is not None else 200
    return render(request, "protection/safety_question.html", context, status=status)


def _answer_or_refuse(
    form: AnswerForm, question: SafetyQuestion, *, via: AnsweredVia, by: User | None, request: HttpRequest
) -> bool:
    try:
        actions.answer_safety(question_id=question.pk, answer=form.details(), via=via, by=by)
    except actions.SafetyError as error:
        form.add_error(error.field, error.message)
        return False
    messages.success(request, _("Thank you: the answer is recorded."))
    return True


def _call_or_refuse(form: FollowUpForm, question: SafetyQuestion, *, request: AuthenticatedRequest) -> bool:
    user = request.user
    mine = access.organizations_of(user, write=True)
    try:
        actions.record_follow_up(
            question_id=question.pk,
            reached=form.reached_worker,
            note=form.cleaned_data["note"],
            answer=form.answer(),
            by=user,
            organization=mine[0] if mine else None,
        )
    except actions.SafetyError as error:
        form.add_error("learned" if error.field == "answer" else error.field, error.message)
        return False
    messages.success(request, _("The call is recorded."))
    return True


@routes.declare(get=routes.PARTICIPANT, post=routes.PARTICIPANT, scope="own")
@login_required
@require_http_methods(["GET", "POST"])
def safety_mine(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The worker's own answer: the home's two buttons post here; the page adds the optional words."""
    question = access.own_safety_questions(request.user).filter(pk=pk).first()
    if question is None:
        raise Http404
    form = AnswerForm(request.POST or None)
    answered = request.method == "POST" and form.is_valid()
    if answered and _answer_or_refuse(form, question, via=AnsweredVia.PARTICIPANT, by=request.user, request=request):
        return answers.done(request, reverse("home"))
    answers.focus_first_error(form)
    status = answers.refused_status(request) if form.is_bound else 200
    return render(request, "protection/safety_mine.html", {"question": question, "form": form}, status=status)


@routes.declare(get=routes.ANYONE, post=routes.ANYONE, scope="signed_link")
@require_http_methods(["GET", "POST"])
def safety_reply(request: HttpRequest, token: str) -> HttpResponse:
    """The e-mail's link: answers one question without login while it is
    valid. A forged, altered or expired link answers 404 with a way to log in."""
    question_id = question_id_of(token)
    question = (
        SafetyQuestion.objects.select_related("safety_check", "participant", "prefecture")
        .filter(pk=question_id)
        .first()
        if question_id is not None
        else None
    )
    if question is None:
        return render(request, "protection/safety_reply_expired.html", status=404)
    form = AnswerForm(request.POST or None)
    answered = request.method == "POST" and form.is_valid()
    if answered and _answer_or_refuse(form, question, via=AnsweredVia.EMAIL_LINK, by=None, request=request):
        return answers.done(request, request.path)
    answers.focus_first_error(form)
    status = answers.refused_status(request) if form.is_bound else 200
    return render(request, "protection/safety_reply.html", {"question": question, "form": form}, status=status)
