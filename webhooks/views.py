"""The webhook pages of an organization's administrators (ministry
administrators see every organization's): endpoints, their secrets and
their delivery logs."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import access
from accounts.access import routes
from accounts.models import OrganizationKind as Kind
from accounts.requests import AuthenticatedRequest
from lib import answers
from webhooks import actions
from webhooks.forms import EndpointForm
from webhooks.models import DeliveryStatus

# The new secret travels from the POST that made it to the page that shows it
# in a short-lived signed cookie, deleted by that page: a reload of the page
# shows nothing, and the secret is never stored on the server in clear.
SECRET_COOKIE = "jembatan_webhook_secret"  # noqa: S105 - the cookie's name
SECRET_COOKIE_SALT = "webhooks.secret"  # noqa: S105 - a signing namespace, not a key
SECRET_COOKIE_AGE = 300
# Deliveries shown on an endpoint's page, newest first.
LOG_SIZE = 50


def _require_manager(request: AuthenticatedRequest) -> None:
    if not access.may_manage_webhooks(request.user):
        raise Http404


def _list_page(request: AuthenticatedRequest, form: EndpointForm | None, *, status: int = 200) -> HttpResponse:
    user = request.user
    organizations = access.webhook_organizations_for(user)
    context = {
        "endpoints": access.endpoints_visible_to(user),
        "form": form if form is not None else EndpointForm(organizations=organizations),
    }
    return render(request, "webhooks/list.html", context, status=status)


@routes.declare(get=routes.admins(*Kind), post=routes.admins(*Kind))
@login_required
@require_http_methods(["GET", "POST"])
def endpoint_list(request: AuthenticatedRequest) -> HttpResponse:
    _require_manager(request)
    if request.method != "POST":
        return _list_page(request, None)
    form = EndpointForm(request.POST, organizations=access.webhook_organizations_for(request.user))
    if form.is_valid():
        try:
            endpoint, secret = actions.create_endpoint(
                organization=form.cleaned_data["organization"],
                url=form.cleaned_data["url"],
                event_kinds=form.cleaned_data["event_kinds"],
                by=request.user,
            )
        except actions.WebhookError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            return _to_secret_page(endpoint.pk, secret)
    answers.focus_first_error(form)
    return _list_page(request, form, status=answers.refused_status(request))


def _to_secret_page(endpoint_id: int, secret: str) -> HttpResponse:
    response = redirect("webhooks:endpoint_secret", endpoint_id)
    response.set_signed_cookie(
        SECRET_COOKIE,
        f"{endpoint_id}:{secret}",
        salt=SECRET_COOKIE_SALT,
        max_age=SECRET_COOKIE_AGE,
        path=reverse("webhooks:endpoint_list"),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Strict",
    )
    return response


@routes.declare(get=routes.admins(*Kind), scope="endpoint")
@never_cache
@login_required
@require_GET
def endpoint_secret(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The secret, once: right after the endpoint was added or its secret rotated."""
    endpoint = access.endpoint_for_user(request.user, pk)
    value = request.get_signed_cookie(SECRET_COOKIE, default="", salt=SECRET_COOKIE_SALT, max_age=SECRET_COOKIE_AGE)
    endpoint_id, _sep, secret = str(value).partition(":")
    if endpoint_id != str(endpoint.pk) or not secret:
        return redirect("webhooks:endpoint_detail", endpoint.pk)
    response = render(request, "webhooks/secret.html", {"endpoint": endpoint, "secret": secret})
    response.delete_cookie(SECRET_COOKIE, path=reverse("webhooks:endpoint_list"), samesite="Strict")
    return response


def _detail_page(request: AuthenticatedRequest, pk: int, *, delete_error: str = "", status: int = 200) -> HttpResponse:
    endpoint = access.endpoint_for_user(request.user, pk)
    context = {
        "endpoint": endpoint,
        "deliveries": endpoint.deliveries.order_by("-created_at", "-pk")[:LOG_SIZE],
        "log_size": LOG_SIZE,
        "delete_error": delete_error,
    }
    return render(request, "webhooks/detail.html", context, status=status)


@routes.declare(get=routes.admins(*Kind), scope="endpoint")
@login_required
@require_GET
def endpoint_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _detail_page(request, pk)


@routes.declare(post=routes.admins(*Kind), scope="endpoint")
@login_required
@require_POST
def endpoint_active(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    endpoint = access.endpoint_for_user(request.user, pk)
    active = request.POST.get("active") == "1"
    actions.set_endpoint_active(endpoint_id=endpoint.pk, active=active, by=request.user)
    messages.success(request, _("Enabled: events are sent again.") if active else _("Disabled: nothing is sent."))
    return answers.done(request, reverse("webhooks:endpoint_detail", args=[endpoint.pk]))


@routes.declare(post=routes.admins(*Kind), scope="endpoint")
@login_required
@require_POST
def endpoint_rotate(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    endpoint = access.endpoint_for_user(request.user, pk)
    endpoint, secret = actions.rotate_secret(endpoint_id=endpoint.pk, by=request.user)
    return _to_secret_page(endpoint.pk, secret)


@routes.declare(post=routes.admins(*Kind), scope="endpoint")
@login_required
@require_POST
def endpoint_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    endpoint = access.endpoint_for_user(request.user, pk)
    if request.POST.get("confirm") != "yes":
        error = _("Tick the box to confirm: the endpoint and its delivery log are deleted.")
        return _detail_page(request, endpoint.pk, delete_error=error, status=answers.refused_status(request))
    actions.delete_endpoint(endpoint_id=endpoint.pk, by=request.user)
    messages.success(request, _("The endpoint was deleted."))
    return answers.done(request, reverse("webhooks:endpoint_list"))


@routes.declare(post=routes.admins(*Kind), scope="endpoint")
@login_required
@require_POST
def endpoint_test(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    endpoint = access.endpoint_for_user(request.user, pk)
    delivery = actions.send_test_event(endpoint_id=endpoint.pk, by=request.user)
    _tell_outcome(request, delivery.pk)
    return answers.done(request, reverse("webhooks:endpoint_detail", args=[endpoint.pk]))


@routes.declare(post=routes.admins(*Kind), scope="endpoint")
@login_required
@require_POST
def delivery_resend(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    delivery = access.delivery_for_user(request.user, pk)
    try:
        actions.send_again(delivery_id=delivery.pk, by=request.user)
    except actions.WebhookError as error:
        messages.error(request, error.message)
    else:
        _tell_outcome(request, delivery.pk)
    return answers.done(request, reverse("webhooks:endpoint_detail", args=[delivery.endpoint_id]))


def _tell_outcome(request: AuthenticatedRequest, delivery_id: int) -> None:
    """Where the delivery stands now: sent already when tasks run in the
    request, queued for a worker otherwise."""
    delivery = access.delivery_for_user(request.user, delivery_id)
    if delivery.status == DeliveryStatus.DELIVERED:
        messages.success(request, _("Sent: the receiver answered %(code)s.") % {"code": delivery.last_response_code})
    elif delivery.attempts and delivery.status in (DeliveryStatus.FAILED, DeliveryStatus.GIVEN_UP):
        messages.warning(request, _("The receiver did not accept it: %(error)s") % {"error": delivery.last_error})
    else:
        messages.success(request, _("Queued: it is sent in a moment; the log below shows the answer."))
