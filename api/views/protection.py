"""Grievances (protection cases) and ledger lines: the reads the pages guard
most, through the same functions. Who reported a case is given only to a
reader the case page would show it to; a read of people's costs is logged as
the ledger pages log it."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db.models import Model, QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view

from accounts import access
from accounts.access import routes
from accounts.models import OrganizationKind as Kind
from accounts.models import User
from api import filters
from api.serializers import GrievanceSerializer, LedgerEntrySerializer
from api.views.base import ScopedDetail, ScopedList, reader
from audit import actions as audit
from audit.models import AuditAction
from ledger.models import LedgerEntry
from participants.models import Participant


@routes.declare(
    get=routes.members(
        Kind.MINISTRY, Kind.SENDING_ORGANIZATION, Kind.SUPERVISING_ORGANIZATION, Kind.COMPANY, Kind.EMBASSY
    ),
    scope="referral",
)
@extend_schema_view(get=extend_schema(tags=["grievances"], parameters=[filters.GrievanceFilters]))
class GrievanceList(ScopedList):
    serializer_class = GrievanceSerializer
    filters: ClassVar[type[filters.Filters]] = filters.GrievanceFilters

    def may_list(self, user: User) -> bool:
        return access.may_see_case_list(user)

    def visible(self, user: User) -> QuerySet[Any]:
        return access.cases_visible_to(user).select_related("participant")


@routes.declare(
    get=routes.members(
        Kind.MINISTRY, Kind.SENDING_ORGANIZATION, Kind.SUPERVISING_ORGANIZATION, Kind.COMPANY, Kind.EMBASSY
    ),
    scope="case",
)
@extend_schema_view(get=extend_schema(tags=["grievances"]))
class GrievanceDetail(ScopedDetail):
    serializer_class = GrievanceSerializer

    def found(self, user: User, pk: int) -> Model:
        return access.case_page_for(user, pk)


def may_list_ledger_lines(user: User) -> bool:
    """The ledger pages' readers: those who keep ledgers, and the Japanese side's "costs we paid"."""
    return access.may_see_ledgers(user) or access.may_see_paid_by_us(user)


def log_ledger_read(user: User, entries: list[LedgerEntry]) -> None:
    """What a person paid is their personal data: one audit row per person
    whose lines were read, as the ledger page writes one per page read."""
    participants = {entry.participant_id for entry in entries}
    if participants:
        people = Participant.objects.filter(pk__in=participants).only("pk")
        audit.record_many(
            audit.entry(actor=user, action=AuditAction.VIEWED_SENSITIVE, target=person, changes={"ledger": None})
            for person in people
        )


@extend_schema_view(get=extend_schema(tags=["ledger entries"], parameters=[filters.LedgerEntryFilters]))
class LedgerEntryList(ScopedList):
    serializer_class = LedgerEntrySerializer
    filters: ClassVar[type[filters.Filters]] = filters.LedgerEntryFilters

    def may_list(self, user: User) -> bool:
        return may_list_ledger_lines(user)

    def visible(self, user: User) -> QuerySet[Any]:
        return access.ledger_entries_visible_to(user).select_related("cost_class")

    def get_serializer(self, *args: Any, **kwargs: Any) -> Any:
        if args:
            log_ledger_read(reader(self.request), list(args[0]))
        return super().get_serializer(*args, **kwargs)


@routes.declare(
    get=routes.members(
        Kind.MINISTRY, Kind.SENDING_ORGANIZATION, Kind.SUPERVISING_ORGANIZATION, Kind.COMPANY, Kind.SUPPORT_ORGANIZATION
    ),
    scope="ledger",
)
@extend_schema_view(get=extend_schema(tags=["ledger entries"]))
class LedgerEntryDetail(ScopedDetail):
    serializer_class = LedgerEntrySerializer

    def found(self, user: User, pk: int) -> Model:
        entry = access.ledger_entry_for_user(user, pk)
        log_ledger_read(user, [entry])
        return entry
