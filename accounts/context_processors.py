"""What the navigation shows: links by what the user may do, not by job title."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TypedDict

from django.http import HttpRequest

from accounts import access, two_factor
from accounts.models import OrganizationKind, User
from participants.models import Participant, Status
from placements.models import Placement, PlacementStatus
from reference.models import ExchangeRate
from spreadsheets.models import ImportKind

_SELECTION_STATUSES = frozenset({Status.SHORTLISTED, Status.SELECTED, Status.PRE_DEPARTURE})


class Navigation(TypedDict):
    participants: bool
    register: bool
    imports: bool
    training: bool
    duplicates: bool
    job_orders: bool
    shortlists: bool
    departures: bool
    # Work in Japan: the list of placements, and a prefecture's counts.
    placements: bool
    prefecture_placements: bool
    # "My work in Japan": the participant's placement once in Japan.
    own_placement: int | None
    japan_organizations: bool
    reference: bool
    audit: bool
    admin: bool
    two_factor: bool
    # The account's API tokens (staff only: participants cannot hold one).
    api_tokens: bool
    own_record: int | None
    # "Jobs for me" only while the participant can still be matched.
    own_jobs: bool
    selection: bool
    # "My interview and offer" from the shortlist until departure.
    own_selection: bool
    ledgers: bool
    subsidies: bool
    paid_by_us: bool
    ledger_reports: bool
    # The supervising duties and the to-do list of deadlines in Japan.
    duties: bool
    todo: bool
    # Coming home: whose return to record; returnees to follow up; a returnee's own follow-ups.
    coming_home: bool
    returnees: bool
    own_follow_ups: int | None
    # Monthly check-ins: the response rates per company and supervising organization.
    checkin_rates: bool
    # Protection: staff who record a worker's call or visit as a case.
    record_cases: bool
    # Disaster safety checks: the list, for those who open them or whose workers they ask.
    safety_checks: bool
    # Counts of protection cases and check-ins: never for the Japanese side.
    protection_dashboards: bool
    # Protection: the handlers' case list.
    protection_cases: bool
    # The partner scorecards: the ministry's.
    scorecards: bool
    # The dashboards of figures (reports), for the organizations with a scope of them.
    reports: bool
    # Webhooks: an organization's administrators manage its endpoints.
    webhooks: bool
    # The register of data breaches (the ministry's), and the form to report one (anyone who writes).
    breaches: bool
    report_breach: bool
    # The participants' privacy requests (corrections, erasures) for the staff who decide them.
    privacy_requests: bool


def navigation(request: HttpRequest) -> dict[str, Navigation | None]:
    # No user when the error pages render for a request refused before the
    # authentication middleware ran (a disallowed host, for one).
    user = getattr(request, "user", None)
    if not isinstance(user, User) or not user.is_authenticated:
        return {"nav": None}
    own = access.own_participant_record(user)
    return {
        "nav": Navigation(
            participants=access.may_see_participant_list(user),
            register=access.may_register_participants(user),
            imports=any(access.may_import(user, kind) for kind in ImportKind),
            training=access.may_see_training(user),
            duplicates=access.may_review_duplicates(user),
            job_orders=access.may_see_job_orders(user),
            shortlists=access.may_see_shortlists(user),
            departures=access.may_see_departures(user),
            placements=access.may_see_placement_list(user),
            prefecture_placements=access.may_see_prefecture_figures(user),
            own_placement=_own_placement(own),
            japan_organizations=access.may_see_japan_organizations(user),
            reference=bool(access.memberships_of(user)),
            audit=access.may_view_audit(user),
            admin=access.may_edit_reference_data(user),
            two_factor=two_factor.may_enrol(user),
            api_tokens=access.may_hold_api_tokens(user),
            own_record=own.pk if own else None,
            own_jobs=own is not None and own.is_before_departure,
            selection=access.may_see_selection(user),
            own_selection=own is not None and own.status in _SELECTION_STATUSES,
            ledgers=access.may_see_ledgers(user),
            subsidies=access.may_see_subsidies(user),
            paid_by_us=access.may_see_paid_by_us(user),
            ledger_reports=access.may_see_ledger_reports(user),
            duties=access.may_see_duties(user),
            todo=access.obligation_scope_of(user) is not None,
            coming_home=access.may_record_returns(user),
            returnees=access.may_see_returnees(user),
            own_follow_ups=access.own_return_placement(user) if own is not None else None,
            checkin_rates=access.may_see_checkin_rates(user),
            record_cases=access.may_record_cases(user),
            safety_checks=access.may_see_safety_checks(user),
            protection_dashboards=access.may_see_protection_dashboards(user),
            protection_cases=access.may_see_case_list(user),
            scorecards=access.may_see_scorecards(user),
            reports=access.may_see_reports(user),
            webhooks=access.may_manage_webhooks(user),
            breaches=access.may_see_breaches(user),
            report_breach=access.may_report_breach(user),
            privacy_requests=access.may_see_privacy_requests(user),
        )
    }


def _own_placement(own: Participant | None) -> int | None:
    if own is None or own.is_before_departure:
        return None
    return (
        Placement.objects.filter(participant=own)
        .exclude(status=PlacementStatus.CANCELLED)
        .latest_first()
        .values_list("pk", flat=True)
        .first()
    )


def rupiah_rate(request: HttpRequest) -> dict[str, Callable[[], ExchangeRate | None]]:
    """The yen rate in force today for a reader who thinks in rupiah: workers
    and Indonesia's organizations, not the Japanese side, which pays in yen.
    Looked up once, and only when a page shows a wage
    (``{% rupiah_equivalent %}``)."""

    @functools.cache
    def in_force() -> ExchangeRate | None:
        user = getattr(request, "user", None)
        if not isinstance(user, User) or not _reads_rupiah(user):
            return None
        return ExchangeRate.objects.in_force()

    return {"rupiah_rate": in_force}


def _reads_rupiah(user: User) -> bool:
    memberships = access.memberships_of(user)
    if not memberships:
        return access.own_participant_record(user) is not None
    return any(not OrganizationKind(membership.organization.kind).is_japanese for membership in memberships)
