"""The obligations that placements, stage periods, passports and the duty
records give rise to, each a queryset the database computes (see
``registry`` for the columns).

| kind              | about            | due                                         | clock   | warned      |
|-------------------|------------------|---------------------------------------------|---------|-------------|
| stage_end         | stage period     | the stage's planned end                     | Tokyo   | 90, 30 days |
| skill_test        | stage period     | stage i/ii end: the next stage's test       | Tokyo   | 120, 60     |
| residence_card    | placement        | the card's expiry                           | Tokyo   | 90, 30      |
| passport          | passport         | its expiry (an Indonesian document)         | Jakarta | 180, 30     |
| monthly_visit     | company          | end of the month after the last visit       | Tokyo   | 7           |
| audit             | company          | three months after the last audit           | Tokyo   | 14          |
| regular_interview | SSW i placement  | three months after the last interview       | Tokyo   | 14          |
| quarterly_report  | company          | 14 days after the next unreported quarter   | Tokyo   | 14          |

Every kind is also sent once when overdue. Only placements in Japan count.
"""

from __future__ import annotations

from typing import Any

from django.db.models import BigIntegerField, F, Max, Min, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Cast, Coalesce
from django.utils.translation import gettext_lazy as _

from participants.models import Document
from placements.deadlines.dates import EVERY_THREE_MONTHS, REPORT_DAYS_AFTER_QUARTER
from placements.deadlines.registry import JAKARTA, TOKYO, Source, register
from placements.deadlines.sql import AddDays, AddMonths, MonthEnd, QuarterStart
from placements.models import (
    FollowUp,
    Placement,
    PlacementStatus,
    RegularInterview,
    StagePeriod,
    StayStage,
    missing_move_test,
)
from reference.models import DocumentKind

# A values() queryset with the registry's COLUMNS.
Rows = QuerySet[Any, Any]
TITP = (StayStage.TITP_I, StayStage.TITP_II, StayStage.TITP_III)
# Stages that end in a skill test the next stage needs (基礎級 before ii, 随時3級 before iii).
TESTED_STAGES = (StayStage.TITP_I, StayStage.TITP_II)


def _no_id() -> Cast:
    # Typed, so that PostgreSQL takes the NULL for a bigint column of the notice.
    return Cast(Value(None), output_field=BigIntegerField())


def _current_periods() -> QuerySet[StagePeriod]:
    return StagePeriod.objects.filter(ended_on__isnull=True, placement__status=PlacementStatus.IN_JAPAN)


def _responsible() -> Coalesce:
    """Who acts for a worker: the supervising organization (TITP), else the
    registered support organization, else the employer itself."""
    return Coalesce("placement__supervising_organization", "placement__support_organization", "placement__company")


def stage_ends() -> Rows:
    return _current_periods().filter(planned_end_on__isnull=False).values(**_period_columns())


def skill_tests() -> Rows:
    # Only the periods whose placement has no passed test of the kind the next stage needs.
    periods = _current_periods().filter(missing_move_test(), planned_end_on__isnull=False, stage__in=TESTED_STAGES)
    return periods.values(**_period_columns())


def _period_columns() -> dict[str, Any]:
    return {
        "ob_subject": F("pk"),
        "ob_due": F("planned_end_on"),
        "ob_organization": _responsible(),
        "ob_company": F("placement__company"),
        "ob_placement": F("placement"),
        "ob_participant": F("placement__participant"),
    }


def residence_cards() -> Rows:
    return (
        Placement.objects.in_japan()
        .filter(residence_card_expires_on__isnull=False)
        .values(
            ob_subject=F("pk"),
            ob_due=F("residence_card_expires_on"),
            ob_organization=Coalesce("supervising_organization", "support_organization", "company"),
            ob_company=F("company"),
            ob_placement=F("pk"),
            ob_participant=F("participant"),
        )
    )


def passports() -> Rows:
    # One filter() call: the conditions and the columns share one join to the
    # person's placement in Japan (there is at most one open placement).
    return Document.objects.filter(
        kind=DocumentKind.PASSPORT,
        superseded_at__isnull=True,
        expires_on__isnull=False,
        participant__placements__status=PlacementStatus.IN_JAPAN,
    ).values(
        ob_subject=F("pk"),
        ob_due=F("expires_on"),
        ob_organization=Coalesce(
            "participant__placements__supervising_organization",
            "participant__placements__support_organization",
            "participant__placements__company",
        ),
        ob_company=F("participant__placements__company"),
        ob_placement=F("participant__placements__pk"),
        ob_participant=F("participant"),
    )


def _by_company(periods: QuerySet[StagePeriod]) -> Rows:
    """One row per company and supervising organization of these periods' placements."""
    return periods.filter(placement__supervising_organization__isnull=False).values(
        ob_subject=F("placement__company"),
        ob_organization=F("placement__supervising_organization"),
        ob_company=F("placement__company"),
    )


def _last(relation: str, field: str, **same: Any) -> Max:
    """The latest ``field`` of the company's ``relation`` (its visits, audits,
    reports) made by the same organization. A join and an aggregate, not a
    subquery: Django would group by a subquery and PostgreSQL run it once per
    stage period instead of once per company."""
    path = f"placement__company__{relation}"
    return Max(f"{path}__{field}", filter=Q(**{f"{path}__{name}": value for name, value in same.items()}))


def monthly_visits() -> Rows:
    last_visit = _last(
        "monthly_visits", "visited_on", supervising_organization=F("placement__supervising_organization")
    )
    rows: Rows = _by_company(_current_periods().filter(stage=StayStage.TITP_I)).annotate(
        ob_due=Coalesce(MonthEnd(last_visit, months=1), MonthEnd(Min("started_on"))),
        ob_placement=_no_id(),
        ob_participant=_no_id(),
    )
    return rows


def audits() -> Rows:
    last_audit = _last("audits", "audited_on", supervising_organization=F("placement__supervising_organization"))
    rows: Rows = _by_company(_current_periods().filter(stage__in=TITP)).annotate(
        ob_due=AddMonths(Coalesce(last_audit, Min("placement__starts_on")), months=EVERY_THREE_MONTHS),
        ob_placement=_no_id(),
        ob_participant=_no_id(),
    )
    return rows


def regular_interviews() -> Rows:
    # Per placement, not grouped: the subquery runs once per SSW i worker.
    last_interview = Subquery(
        RegularInterview.objects.filter(placement=OuterRef("placement"))
        .order_by("-interviewed_on")
        .values("interviewed_on")[:1]
    )
    return (
        _current_periods()
        .filter(stage=StayStage.SSW_I)
        .values(
            ob_subject=F("placement"),
            ob_due=AddMonths(Coalesce(last_interview, "started_on"), months=EVERY_THREE_MONTHS),
            ob_organization=Coalesce("placement__support_organization", "placement__company"),
            ob_company=F("placement__company"),
            ob_placement=F("placement"),
            ob_participant=F("placement__participant"),
        )
    )


def quarterly_reports() -> Rows:
    filer = Coalesce("placement__support_organization", "placement__company")
    last_quarter = _last("quarterly_reports", "quarter_start", organization=filer)
    next_quarter = Coalesce(AddMonths(last_quarter, months=3), QuarterStart(Min("started_on")))
    return (
        _current_periods()
        .filter(stage=StayStage.SSW_I)
        .values(
            ob_subject=F("placement__company"),
            ob_organization=Coalesce("placement__support_organization", "placement__company"),
            ob_company=F("placement__company"),
        )
        .annotate(
            # The quarter's last day is three months on less a day; 14 days after it.
            ob_due=AddDays(AddMonths(next_quarter, months=3), days=REPORT_DAYS_AFTER_QUARTER - 1),
            ob_placement=_no_id(),
            ob_participant=_no_id(),
        )
    )


def follow_ups() -> Rows:
    """The follow-ups 3, 6 and 12 months after the return not yet entered, for
    the returnee's LPK/SO (or their BLK where they have none)."""
    return FollowUp.objects.pending().values(
        ob_subject=F("pk"),
        ob_due=F("due_on"),
        ob_organization=Coalesce(
            "placement__participant__sending_organization", "placement__participant__training_centre"
        ),
        ob_company=_no_id(),
        ob_placement=F("placement"),
        ob_participant=F("placement__participant"),
    )


BUILT_IN = (
    Source("stage_end", _("end of the stage"), TOKYO, (90, 30), stage_ends),
    Source("skill_test", _("skill test for the next stage"), TOKYO, (120, 60), skill_tests),
    Source("residence_card", _("residence card expiry"), TOKYO, (90, 30), residence_cards),
    Source("passport", _("passport expiry"), JAKARTA, (180, 30), passports),
    Source("monthly_visit", _("monthly visit"), TOKYO, (7,), monthly_visits),
    Source("audit", _("audit"), TOKYO, (14,), audits),
    Source("regular_interview", _("regular interview"), TOKYO, (14,), regular_interviews),
    Source("quarterly_report", _("quarterly report"), TOKYO, (14,), quarterly_reports),
    # An Indonesian office's duty, on Jakarta's calendar (placements.models.returns).
    Source("follow_up", _("follow-up after the return"), JAKARTA, (14,), follow_ups),
)

for _source in BUILT_IN:
    register(_source)
