"""Reading the records of the pipeline: participants, training records, job
orders, shortlists, interviews and placements. Each list and record is read
through the same ``accounts.access`` function as its page."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db.models import Model, QuerySet
from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.request import Request
from rest_framework.response import Response

from accounts import access
from accounts.access import routes
from accounts.models import OrganizationKind as Kind
from accounts.models import User
from api import filters
from api.serializers import (
    CandidateSerializer,
    InterviewSerializer,
    JobOrderSerializer,
    ParticipantSerializer,
    PlacementSerializer,
    ShortlistDetailSerializer,
    ShortlistSerializer,
    TrainingRecordSerializer,
)
from api.views.base import ScopedDetail, ScopedList, reader
from matching.models import Shortlist, ShortlistStatus
from matching.profiles import limited_profiles

# Every member of the ministry, training centres and LPK/SOs: who reads training records.
TRAINING_READERS = routes.members(Kind.MINISTRY, Kind.TRAINING_CENTRE, Kind.SENDING_ORGANIZATION)
# Every member of the ministry, supervising organizations and companies: who reads shortlists.
SHORTLIST_READERS = routes.members(Kind.MINISTRY, Kind.SUPERVISING_ORGANIZATION, Kind.COMPANY)
# Every member of the ministry, LPK/SOs, supervising organizations and companies: who reads interviews.
INTERVIEW_READERS = routes.members(
    Kind.MINISTRY, Kind.SENDING_ORGANIZATION, Kind.SUPERVISING_ORGANIZATION, Kind.COMPANY
)


@extend_schema_view(get=extend_schema(tags=["participants"], parameters=[filters.ParticipantFilters]))
class ParticipantList(ScopedList):
    serializer_class = ParticipantSerializer
    filters: ClassVar[type[filters.Filters]] = filters.ParticipantFilters

    def may_list(self, user: User) -> bool:
        return access.may_see_participant_list(user)

    def visible(self, user: User) -> QuerySet[Any]:
        return access.participants_visible_to(user)


@routes.declare(
    get=routes.members(Kind.MINISTRY, Kind.TRAINING_CENTRE, Kind.SENDING_ORGANIZATION, Kind.EMBASSY),
    scope="participant",
)
@extend_schema_view(get=extend_schema(tags=["participants"]))
class ParticipantDetail(ScopedDetail):
    serializer_class = ParticipantSerializer

    def found(self, user: User, pk: int) -> Model:
        return access.participant_for_user(user, pk)


@routes.declare(get=TRAINING_READERS)
@extend_schema_view(get=extend_schema(tags=["training records"], parameters=[filters.TrainingRecordFilters]))
class TrainingRecordList(ScopedList):
    serializer_class = TrainingRecordSerializer
    filters: ClassVar[type[filters.Filters]] = filters.TrainingRecordFilters

    def may_list(self, user: User) -> bool:
        return access.may_see_training(user)

    def visible(self, user: User) -> QuerySet[Any]:
        return access.enrolments_visible_to(user).select_related("training_class")


@routes.declare(get=TRAINING_READERS, scope="course")
@extend_schema_view(get=extend_schema(tags=["training records"]))
class TrainingRecordDetail(ScopedDetail):
    serializer_class = TrainingRecordSerializer

    def found(self, user: User, pk: int) -> Model:
        return access.enrolment_for_user(user, pk)


@extend_schema_view(get=extend_schema(tags=["job orders"], parameters=[filters.JobOrderFilters]))
class JobOrderList(ScopedList):
    serializer_class = JobOrderSerializer
    filters: ClassVar[type[filters.Filters]] = filters.JobOrderFilters

    def may_list(self, user: User) -> bool:
        return access.may_see_job_orders(user)

    def visible(self, user: User) -> QuerySet[Any]:
        return access.job_orders_visible_to(user)


@extend_schema_view(get=extend_schema(tags=["job orders"]))
class JobOrderDetail(ScopedDetail):
    serializer_class = JobOrderSerializer

    def found(self, user: User, pk: int) -> Model:
        return access.job_order_for_user(user, pk)


@routes.declare(get=SHORTLIST_READERS)
@extend_schema_view(get=extend_schema(tags=["shortlists"], parameters=[filters.ShortlistFilters]))
class ShortlistList(ScopedList):
    serializer_class = ShortlistSerializer
    filters: ClassVar[type[filters.Filters]] = filters.ShortlistFilters

    def may_list(self, user: User) -> bool:
        return access.may_see_shortlists(user)

    def visible(self, user: User) -> QuerySet[Any]:
        # As the shortlist list: a closed list is history, not work.
        return access.shortlists_visible_to(user).exclude(status=ShortlistStatus.CLOSED)


@routes.declare(get=SHORTLIST_READERS, scope="shortlist")
@extend_schema_view(get=extend_schema(tags=["shortlists"]))
class ShortlistDetail(ScopedDetail):
    """A shortlist with its kept candidates as the shortlist page shows them
    to the reader: limited profiles."""

    serializer_class = ShortlistDetailSerializer

    def found(self, user: User, pk: int) -> Shortlist:
        shortlist = access.shortlist_for_user(user, pk)
        if shortlist.status == ShortlistStatus.CLOSED:
            raise Http404
        return shortlist

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        shortlist = self.found(reader(request), int(self.kwargs["pk"]))
        kept = list(shortlist.entries.filter(excluded_at__isnull=True).order_by("rank"))
        data: dict[str, Any] = dict(ShortlistSerializer(shortlist).data)
        data["candidates"] = [CandidateSerializer(profile).data for profile in limited_profiles(shortlist, kept)]
        return Response(data)


@routes.declare(get=INTERVIEW_READERS)
@extend_schema_view(get=extend_schema(tags=["interviews"], parameters=[filters.InterviewFilters]))
class InterviewList(ScopedList):
    serializer_class = InterviewSerializer
    filters: ClassVar[type[filters.Filters]] = filters.InterviewFilters

    def may_list(self, user: User) -> bool:
        return access.may_see_selection(user)

    def visible(self, user: User) -> QuerySet[Any]:
        return access.interviews_visible_to(user)


@routes.declare(
    get=INTERVIEW_READERS,
    scope="selection",
)
@extend_schema_view(get=extend_schema(tags=["interviews"]))
class InterviewDetail(ScopedDetail):
    serializer_class = InterviewSerializer

    def found(self, user: User, pk: int) -> Model:
        return access.interview_for_user(user, pk)


@routes.declare(get=routes.members(*routes.PLACEMENT_FOLLOWERS))
@extend_schema_view(get=extend_schema(tags=["placements"], parameters=[filters.PlacementFilters]))
class PlacementList(ScopedList):
    serializer_class = PlacementSerializer
    filters: ClassVar[type[filters.Filters]] = filters.PlacementFilters

    def may_list(self, user: User) -> bool:
        return access.may_see_placement_list(user)

    def visible(self, user: User) -> QuerySet[Any]:
        return access.placements_visible_to(user)


@routes.declare(
    get=routes.members(
        Kind.MINISTRY,
        Kind.TRAINING_CENTRE,
        Kind.SENDING_ORGANIZATION,
        Kind.SUPERVISING_ORGANIZATION,
        Kind.COMPANY,
        Kind.EMBASSY,
    ),
    scope="placement",
)
@extend_schema_view(get=extend_schema(tags=["placements"]))
class PlacementDetail(ScopedDetail):
    serializer_class = PlacementSerializer

    def found(self, user: User, pk: int) -> Model:
        return access.placement_for_user(user, pk)
