"""The changes partners' systems make, each through the page's own form and
action (so the same checks, history and audit rows): an LPK/SO or BLK
registers participants and moves their status; an LPK/SO books the costs
its participants paid; a company or its supervising organization places job
orders, edits them and moves their status. Authorize, validate, call, respond."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import access
from accounts.access import routes
from accounts.models import Organization
from accounts.models import OrganizationKind as Kind
from api.errors import ErrorSerializer, Refused, Stale
from api.inputs import (
    JobOrderInput,
    JobOrderStatusInput,
    JobOrderUpdateInput,
    LedgerEntryInput,
    ParticipantInput,
    StatusChangeInput,
    checked_by,
    form_data,
    shaped,
)
from api.serializers import JobOrderSerializer, LedgerEntrySerializer, ParticipantSerializer
from api.views.base import reader
from api.views.protection import LedgerEntryList
from api.views.records import JobOrderDetail, JobOrderList, ParticipantList
from joborders import actions as job_order_actions
from joborders.forms import JobOrderForm, TransitionForm
from ledger import actions as ledger_actions
from ledger.forms import EntryForm
from participants import actions
from participants.forms import ParticipantForm
from participants.models import Status

_REFUSED = {
    400: OpenApiResponse(ErrorSerializer, description="validation, refused, transition_not_allowed or not_ready"),
    404: OpenApiResponse(ErrorSerializer, description="not_found: no such record, or outside your scope"),
}


def _created(data: Any, location: str) -> Response:
    return Response(data, status=status.HTTP_201_CREATED, headers={"Location": location})


@routes.declare(
    get=routes.members(Kind.MINISTRY, Kind.TRAINING_CENTRE, Kind.SENDING_ORGANIZATION, Kind.EMBASSY),
    post=routes.writers(Kind.MINISTRY, Kind.TRAINING_CENTRE, Kind.SENDING_ORGANIZATION),
)
class ParticipantListCreate(ParticipantList):
    @extend_schema(
        tags=["participants"],
        request=ParticipantInput,
        responses={201: ParticipantSerializer, **_REFUSED},
        description="Register a participant, as the registration form does (the same checks of the NIK).",
    )
    def post(self, request: Request) -> Response:
        user = reader(request)
        if not access.may_register_participants(user):
            raise Http404
        form = ParticipantForm(
            form_data(shaped(ParticipantInput, request.data)),
            training_centres=access.registration_training_centres(user),
            sending_organizations=access.registration_sending_organizations(user),
            require_sending_organization=access.registration_requires_sending_organization(user),
            by=user,
        )
        checked_by(form)
        try:
            participant = actions.register_participant(details=form.details(), by=user)
        except actions.ParticipantError as error:
            raise Refused(str(error), code="validation", fields={"nik": [str(error)]}) from None
        location = reverse("api:participant_detail", args=[participant.pk])
        return _created(ParticipantSerializer(participant).data, location)


@routes.declare(
    post=routes.writers(Kind.MINISTRY, Kind.TRAINING_CENTRE, Kind.SENDING_ORGANIZATION), scope="participant"
)
class ParticipantStatusChange(APIView):
    @extend_schema(
        tags=["participants"],
        request=StatusChangeInput,
        responses={
            200: ParticipantSerializer,
            **_REFUSED,
            409: OpenApiResponse(ErrorSerializer, description="stale: the participant changed since you read it"),
        },
        description="Move a participant to another status along the allowed transitions, as the record page does.",
    )
    def post(self, request: Request, pk: int) -> Response:
        user = reader(request)
        participant = access.participant_for_user(user, pk, write=True)
        body = shaped(StatusChangeInput, request.data)
        to = Status(body["to"])
        try:
            changed = actions.change_status(
                participant_id=participant.pk, to=to, by=user, reason=body["reason"], expected_version=body["version"]
            )
        except actions.EditConflict:
            raise Stale from None
        except actions.ParticipantError as error:
            raise _status_refusal(error, show_health=access.may_view_health(user, participant)) from None
        return Response(ParticipantSerializer(changed).data)


def _status_refusal(error: actions.ParticipantError, *, show_health: bool) -> Refused:
    if isinstance(error, actions.ReasonRequired):
        return Refused(str(error), code="validation", fields={"reason": [str(error)]})
    if isinstance(error, actions.NotReady):
        message = error.message_for(show_health=show_health)
        return Refused(message, code="not_ready", fields={"to": [message]})
    return Refused(str(error), code="transition_not_allowed", fields={"to": [str(error)]})


@routes.declare(
    get=routes.members(
        Kind.MINISTRY, Kind.SENDING_ORGANIZATION, Kind.SUPERVISING_ORGANIZATION, Kind.COMPANY, Kind.SUPPORT_ORGANIZATION
    ),
    post=routes.writers(Kind.MINISTRY, Kind.SENDING_ORGANIZATION),
)
class LedgerEntryListCreate(LedgerEntryList):
    @extend_schema(
        tags=["ledger entries"],
        request=LedgerEntryInput,
        responses={201: LedgerEntrySerializer, **_REFUSED},
        description=(
            "Book a payment on a participant's ledger, as the ledger page does: checked against the fee "
            "policy of its date (a line that breaks it is booked and flagged, and the ministry told). "
            "Receipts are attached on the page."
        ),
    )
    def post(self, request: Request) -> Response:
        user = reader(request)
        # Refused before the body is read, as the page refuses a post: a reader who books in no ledger must not
        # learn from a validation error what a line needs, nor tell a broken body from a forbidden one.
        if not access.ledger_participants_visible_to(user, write=True).exists():
            raise Http404
        body = shaped(LedgerEntryInput, request.data)
        participant = access.ledger_participant_for_user(user, body.pop("participant"), write=True)
        form = EntryForm(form_data(body))
        checked_by(form)
        try:
            entry = ledger_actions.book_entry(participant_id=participant.pk, details=form.details(), by=user)
        except ledger_actions.LedgerError as error:
            fields = {error.field or "non_field_errors": [error.message]}
            raise Refused(error.message, code="validation", fields=fields) from None
        return _created(LedgerEntrySerializer(entry).data, reverse("api:ledger_entry_detail", args=[entry.pk]))


@routes.declare(
    get=routes.members(
        Kind.MINISTRY, Kind.SENDING_ORGANIZATION, Kind.SUPERVISING_ORGANIZATION, Kind.COMPANY, Kind.SUPPORT_ORGANIZATION
    ),
    post=routes.admins(Kind.MINISTRY) | routes.writers(Kind.SUPERVISING_ORGANIZATION, Kind.COMPANY),
)
class JobOrderListCreate(JobOrderList):
    @extend_schema(
        tags=["job orders"],
        request=JobOrderInput,
        responses={201: JobOrderSerializer, **_REFUSED},
        description=(
            "Place a job order, in draft, as the job order form does (the same checks against the lists in "
            "force on the start date). A company places its own; a supervising organization its member companies'."
        ),
    )
    def post(self, request: Request) -> Response:
        user = reader(request)
        companies = access.job_order_companies_for(user)
        if not companies.exists():
            raise Http404
        form = JobOrderForm(form_data(shaped(JobOrderInput, request.data)), companies=companies)
        checked_by(form)
        try:
            job_order = job_order_actions.create_job_order(details=form.details(), by=user)
        except (job_order_actions.JobOrderError, ValidationError) as error:
            raise _job_order_refusal(error) from None
        return _created(JobOrderSerializer(job_order).data, reverse("api:job_order_detail", args=[job_order.pk]))


@routes.declare(
    get=routes.members(
        Kind.MINISTRY, Kind.SENDING_ORGANIZATION, Kind.SUPERVISING_ORGANIZATION, Kind.COMPANY, Kind.SUPPORT_ORGANIZATION
    ),
    post=routes.admins(Kind.MINISTRY) | routes.writers(Kind.SUPERVISING_ORGANIZATION, Kind.COMPANY),
    scope="job_order",
)
class JobOrderDetailUpdate(JobOrderDetail):
    @extend_schema(
        tags=["job orders"],
        # Both post: the edit is named apart from the creation.
        operation_id="job_orders_update",
        request=JobOrderUpdateInput,
        responses={
            200: JobOrderSerializer,
            **_REFUSED,
            409: OpenApiResponse(ErrorSerializer, description="stale: the job order changed since you read it"),
        },
        description=(
            "Save the whole job order again, with the version read, as the edit page does. Past draft, the "
            "fields its opening was decided on stay as they are. A filled or cancelled order answers 404, "
            "as its edit page does."
        ),
    )
    def post(self, request: Request, pk: int) -> Response:
        user = reader(request)
        job_order = access.job_order_for_user(user, pk, write=True)
        if not job_order.is_editable:
            raise Http404
        # The order's own company stays offered even if the user could not place a new order for it.
        companies = access.job_order_companies_for(user) | Organization.objects.filter(pk=job_order.company_id)
        body = shaped(JobOrderUpdateInput, request.data)
        form = JobOrderForm(form_data(body), instance=job_order, companies=companies)
        checked_by(form)
        try:
            changed = job_order_actions.update_job_order(
                job_order_id=job_order.pk, details=form.details(), expected_version=body["version"], by=user
            )
        except job_order_actions.EditConflict:
            raise Stale from None
        except (job_order_actions.JobOrderError, ValidationError) as error:
            raise _job_order_refusal(error) from None
        return Response(JobOrderSerializer(changed).data)


@routes.declare(
    post=routes.admins(Kind.MINISTRY) | routes.writers(Kind.SUPERVISING_ORGANIZATION, Kind.COMPANY), scope="job_order"
)
class JobOrderStatusChange(APIView):
    @extend_schema(
        tags=["job orders"],
        request=JobOrderStatusInput,
        responses={200: JobOrderSerializer, **_REFUSED},
        description=(
            "Move a job order to another status along the allowed transitions, as its page does. Opening "
            "applies the programme rules on the start date; a refusal names the rule and what would fit. "
            "A move to filled or cancelled is final: the request is the confirmation."
        ),
    )
    def post(self, request: Request, pk: int) -> Response:
        user = reader(request)
        job_order = access.job_order_for_user(user, pk, write=True)
        # Confirmed: the page asks twice before a final move; a program's request is its decision.
        form = TransitionForm(form_data({**shaped(JobOrderStatusInput, request.data), "confirmed": True}))
        checked_by(form)
        try:
            changed = job_order_actions.change_job_order_status(
                job_order_id=job_order.pk, to=form.wanted, reason=form.cleaned_data["reason"], by=user
            )
        except job_order_actions.JobOrderError as error:
            raise _job_order_status_refusal(error) from None
        return Response(JobOrderSerializer(changed).data)


def _job_order_refusal(error: job_order_actions.JobOrderError | ValidationError) -> Refused:
    """The action's own checks (they repeat the form's for every caller), field by field when they name one."""
    if isinstance(error, ValidationError):
        named = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
        fields = {name: [str(message) for message in messages] for name, messages in named.items()}
        fields = {"non_field_errors" if name == "__all__" else name: messages for name, messages in fields.items()}
        message = next(iter(next(iter(fields.values()), [])), "")
        return Refused(message, code="validation", fields=fields)
    return Refused(str(error), code="refused", fields={"non_field_errors": [str(error)]})


def _job_order_status_refusal(error: job_order_actions.JobOrderError) -> Refused:
    if isinstance(error, job_order_actions.ReasonRequired):
        return Refused(str(error), code="validation", fields={"reason": [str(error)]})
    if isinstance(error, job_order_actions.TransitionNotAllowed):
        return Refused(str(error), code="transition_not_allowed", fields={"to": [str(error)]})
    # The rules said no, or cannot answer, or offers are live: the move is refused, not malformed.
    return Refused(str(error), code="refused", fields={"to": [str(error)]})
