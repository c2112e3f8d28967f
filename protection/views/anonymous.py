"""Reporting without login, and following the report with its tracking code
and PIN.

These pages need no account: they are the only protection pages without
``login_required``. Nothing that identifies the reporter is kept: no
account, no address (the throttle counts a keyed hash of it in the cache and
forgets it with its window), no session. Coming back with the code and PIN
gives a signed cookie holding the case's number, valid for half an hour
after the last page and only under these pages' path; it lives on the
reporter's phone, and nothing on the server ties a device to the case.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access import routes
from lib import answers
from protection import throttle
from protection.actions.cases import CaseError
from protection.actions.intake import report_anonymously
from protection.forms.intake import AnonymousReportForm, CodeAndPinForm
from protection.models import Case, Door, case_for_code_and_pin, normalized_tracking_code
from protection.views import reporter

TEMPLATE = "protection/anonymous_case.html"
CASE_COOKIE = "jembatan_case"
NEW_CODE_COOKIE = "jembatan_new_code"
SALT = "protection.anonymous"
# Half an hour after the last page: long enough to write an answer on a slow
# phone, short enough that a phone left behind does not stay open on the case.
CASE_COOKIE_AGE = 30 * 60
# The code is shown once, right after the report: the cookie carrying it to
# that page is deleted there, and expires by itself if the page is never reached.
NEW_CODE_AGE = 10 * 60


def _cookie_path() -> str:
    return reverse("protection:anonymous_report")


def _set_cookie(response: HttpResponse, name: str, value: str, max_age: int) -> None:
    response.set_signed_cookie(
        name,
        value,
        salt=SALT,
        max_age=max_age,
        path=_cookie_path(),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Strict",
    )


def _case_from_cookie(request: HttpRequest) -> Case | None:
    value = request.get_signed_cookie(CASE_COOKIE, default=None, salt=SALT, max_age=CASE_COOKIE_AGE)
    if value is None or not str(value).isdigit():
        return None
    return Case.objects.filter(pk=int(value), door=Door.ANONYMOUS).select_related("assigned_organization").first()


def _opened(case: Case, response: HttpResponse) -> HttpResponse:
    _set_cookie(response, CASE_COOKIE, str(case.pk), CASE_COOKIE_AGE)
    return response


def _urls() -> reporter.Urls:
    return reporter.Urls(
        page=reverse("protection:anonymous_case"),
        reply=reverse("protection:anonymous_reply"),
        attachment=reverse("protection:anonymous_attachment"),
        consent=reverse("protection:anonymous_consent"),
        withdraw=lambda consent_pk: reverse("protection:anonymous_withdraw", args=[consent_pk]),
    )


def _too_many(limit: throttle.Limit) -> str:
    return _("Too many attempts from this connection. Please wait %(minutes)s minutes and try again.") % {
        "minutes": limit.window_minutes
    }


@routes.declare(get=routes.ANYONE, post=routes.ANYONE)
@never_cache
@require_http_methods(["GET", "POST"])
def anonymous_report(request: HttpRequest) -> HttpResponse:
    form = AnonymousReportForm(request.POST or None, request.FILES or None)
    status = 400 if form.is_bound else 200
    if request.method == "POST":
        address = throttle.address_of(request)
        if throttle.is_exhausted(throttle.ANONYMOUS_REPORTS, address):
            form.is_valid()
            form.add_error(None, _too_many(throttle.ANONYMOUS_REPORTS))
            return render(request, "protection/anonymous_report.html", {"form": form}, status=429)
        if form.is_valid():
            try:
                case = report_anonymously(details=form.details(), pin=form.cleaned_data["pin"], file=form.upload())
            except CaseError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                throttle.count_attempt(throttle.ANONYMOUS_REPORTS, address)
                response = redirect(reverse("protection:anonymous_code"))
                _set_cookie(response, NEW_CODE_COOKIE, case.tracking_code, NEW_CODE_AGE)
                return _opened(case, response)
    answers.focus_first_error(form)
    return render(request, "protection/anonymous_report.html", {"form": form}, status=status)


@routes.declare(get=routes.ANYONE, ok=302)
@never_cache
@require_GET
def anonymous_code(request: HttpRequest) -> HttpResponse:
    code = request.get_signed_cookie(NEW_CODE_COOKIE, default=None, salt=SALT, max_age=NEW_CODE_AGE)
    if not code:
        return redirect(reverse("protection:anonymous_follow"))
    response = render(request, "protection/anonymous_code.html", {"code": code})
    response.delete_cookie(NEW_CODE_COOKIE, path=_cookie_path(), samesite="Strict")
    return response


@routes.declare(get=routes.ANYONE, post=routes.ANYONE)
@never_cache
@require_http_methods(["GET", "POST"])
def anonymous_follow(request: HttpRequest) -> HttpResponse:
    form = CodeAndPinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # Counted against the address and the code alike, whether the code
        # exists or not: the answer and the limit never tell which was wrong.
        subjects = [(throttle.PIN_TRIES_FROM_ADDRESS, throttle.address_of(request))]
        code = normalized_tracking_code(form.cleaned_data["code"])
        if code:
            subjects.append((throttle.PIN_TRIES_FOR_CODE, code))
        exhausted = [limit for limit, subject in subjects if throttle.is_exhausted(limit, subject)]
        if exhausted:
            form.add_error(None, _too_many(exhausted[0]))
            return render(request, "protection/anonymous_follow.html", {"form": form}, status=429)
        case = case_for_code_and_pin(form.cleaned_data["code"], form.cleaned_data["pin"])
        if case is not None:
            return _opened(case, redirect(f"{reverse('protection:anonymous_case')}#top"))
        for limit, subject in subjects:
            throttle.count_attempt(limit, subject)
        form.add_error(None, _("This tracking code and PIN do not open a report. Check both and try again."))
    answers.focus_first_error(form)
    return render(request, "protection/anonymous_follow.html", {"form": form}, status=400 if form.is_bound else 200)


@routes.declare(get=routes.ANYONE, ok=302)
@never_cache
@require_GET
def anonymous_case(request: HttpRequest) -> HttpResponse:
    case = _case_from_cookie(request)
    if case is None:
        messages.info(request, _("Enter your tracking code and PIN to open your report."))
        return redirect(reverse("protection:anonymous_follow"))
    # Each page read restarts the half hour.
    return _opened(case, reporter.render_case(request, case, _urls(), template=TEMPLATE))


def _posted_case(request: HttpRequest) -> Case:
    """The case a form on the case page posts to; 404 without a valid cookie,
    as for a case that does not exist."""
    case = _case_from_cookie(request)
    if case is None:
        raise Http404
    return case


@routes.declare(post=routes.ANYONE, scope="anonymous_report")
@never_cache
@require_POST
def anonymous_reply(request: HttpRequest) -> HttpResponse:
    return reporter.reply(request, _posted_case(request), _urls(), by=None, template=TEMPLATE)


@routes.declare(post=routes.ANYONE, scope="anonymous_report")
@never_cache
@require_POST
def anonymous_attachment(request: HttpRequest) -> HttpResponse:
    return reporter.attach(request, _posted_case(request), _urls(), by=None, template=TEMPLATE)


@routes.declare(post=routes.ANYONE, scope="anonymous_report")
@never_cache
@require_POST
def anonymous_consent(request: HttpRequest) -> HttpResponse:
    return reporter.consent(request, _posted_case(request), _urls(), by=None, template=TEMPLATE)


@routes.declare(post=routes.ANYONE, scope="anonymous_report")
@never_cache
@require_POST
def anonymous_withdraw(request: HttpRequest, consent_pk: int) -> HttpResponse:
    return reporter.withdraw(request, _posted_case(request), _urls(), consent_pk, by=None)


@routes.declare(post=routes.ANYONE)
@require_POST
def anonymous_leave(request: HttpRequest) -> HttpResponse:
    """Close the report on this phone: the cookie goes, the code and PIN open it again."""
    response = redirect(reverse("protection:anonymous_follow"))
    response.delete_cookie(CASE_COOKIE, path=_cookie_path(), samesite="Strict")
    messages.info(request, _("Your report is closed on this phone. Your tracking code and PIN open it again."))
    return response
