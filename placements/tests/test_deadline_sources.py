"""What each kind of obligation is due on (placements.deadlines.sources),
computed by the database from the placements, stage periods, passports and
duty records."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from joborders.tests.world import Japan
from participants.models import Document
from placements.actions import duties
from placements.deadlines import sources
from placements.models import (
    AuditOutcome,
    MonthlyVisit,
    Placement,
    PlacementStatus,
    SkillTest,
    SkillTestResult,
    StagePeriod,
    Upskilling,
    UpskillingKind,
)
from placements.tests.builders import departed
from placements.tests.duty_world import WORK_STARTS_ON, passport, ssw_worker, working
from placements.tests.return_world import arrive, fly_home
from tests.cast import Cast

pytestmark = pytest.mark.django_db
DAY = datetime.date


def due(rows: Any) -> dict[int, datetime.date]:
    return {row["ob_subject"]: row["ob_due"] for row in rows}


@pytest.fixture
def trainee(cast: Cast, japan: Japan) -> Placement:
    """Budi, TITP stage i at Sendai Steel from 22 June 2026, card valid to 21 June 2027."""
    return working(cast, japan, cast.budi)


def test_it_warns_of_the_stage_end_and_its_skill_test(trainee: Placement) -> None:
    period = StagePeriod.objects.get(placement=trainee)

    assert due(sources.stage_ends()) == {period.pk: DAY(2027, 6, 21)}
    assert due(sources.skill_tests()) == {period.pk: DAY(2027, 6, 21)}


def test_it_leaves_out_the_skill_test_once_passed(cast: Cast, trainee: Placement) -> None:
    def taken(result: SkillTestResult) -> None:
        Upskilling.objects.create(
            placement=trainee,
            kind=UpskillingKind.SKILL_TEST,
            skill_test=SkillTest.BASIC,
            result=result,
            taken_on=DAY(2027, 3, 1),
            recorded_by=cast.supervising_officer,
        )

    taken(SkillTestResult.FAILED)
    assert due(sources.skill_tests()) != {}

    taken(SkillTestResult.PASSED)
    assert due(sources.skill_tests()) == {}


def test_it_warns_of_the_residence_card_and_the_passport(cast: Cast, trainee: Placement, media: object) -> None:
    document = passport(cast.budi, expires_on=DAY(2027, 3, 1))

    assert due(sources.residence_cards()) == {trainee.pk: DAY(2027, 6, 21)}
    assert due(sources.passports()) == {document.pk: DAY(2027, 3, 1)}
    row = sources.passports().get()
    assert (row["ob_placement"], row["ob_participant"], row["ob_organization"]) == (
        trainee.pk,
        cast.budi.pk,
        cast.supervising.pk,
    )


def test_it_forgets_a_replaced_passport_and_anyone_not_in_japan(cast: Cast, trainee: Placement, media: object) -> None:
    old = passport(cast.budi, expires_on=DAY(2027, 3, 1))
    Document.objects.filter(pk=old.pk).update(superseded_at=datetime.datetime(2026, 6, 1, tzinfo=datetime.UTC))
    new = passport(cast.budi, expires_on=DAY(2031, 3, 1))
    passport(cast.siti, expires_on=DAY(2026, 7, 1))  # placed long ago, no placement in Japan here

    assert due(sources.passports()) == {new.pk: DAY(2031, 3, 1)}
    Placement.objects.filter(pk=trainee.pk).update(status=PlacementStatus.ENDED)
    assert due(sources.passports()) == {}
    assert due(sources.residence_cards()) == {}


def test_it_dates_the_monthly_visit_by_calendar_month(cast: Cast, trainee: Placement) -> None:
    # Before any visit: by the end of the month stage i work started.
    assert due(sources.monthly_visits()) == {cast.company.pk: DAY(2026, 6, 30)}

    visit = duties.VisitDetails(visited_on=DAY(2026, 7, 31), visitor="佐藤花子", checked="実習日誌")
    with_visit(cast, visit)
    assert due(sources.monthly_visits()) == {cast.company.pk: DAY(2026, 8, 31)}
    row = sources.monthly_visits().get()
    assert row["ob_organization"] == cast.supervising.pk


def with_visit(cast: Cast, details: duties.VisitDetails) -> MonthlyVisit:
    import time_machine  # noqa: PLC0415

    with time_machine.travel(datetime.datetime(2026, 12, 1, tzinfo=datetime.UTC), tick=False):
        return duties.record_monthly_visit(company_id=cast.company.pk, details=details, by=cast.supervising_officer)


def test_it_asks_for_the_visit_only_in_stage_i(cast: Cast, trainee: Placement) -> None:
    StagePeriod.objects.filter(placement=trainee).update(stage="titp_ii")

    assert due(sources.monthly_visits()) == {}
    assert due(sources.audits()) == {cast.company.pk: DAY(2026, 9, 22)}


def test_it_dates_the_audit_three_months_after_the_last(cast: Cast, trainee: Placement) -> None:
    assert due(sources.audits()) == {cast.company.pk: DAY(2026, 9, 22)}

    import time_machine  # noqa: PLC0415

    details = duties.AuditDetails(audited_on=DAY(2026, 8, 31), auditor="鈴木一郎", outcome=AuditOutcome.NO_FINDINGS)
    with time_machine.travel(datetime.datetime(2026, 9, 1, tzinfo=datetime.UTC), tick=False):
        duties.record_audit(company_id=cast.company.pk, details=details, by=cast.supervising_officer)
    # 31 August + 3 months: the last day of November.
    assert due(sources.audits()) == {cast.company.pk: DAY(2026, 11, 30)}


def test_it_dates_the_interview_per_worker_and_the_report_per_company(cast: Cast, japan: Japan) -> None:
    worker = ssw_worker(cast, japan)

    assert due(sources.regular_interviews()) == {worker.pk: DAY(2026, 9, 22)}
    # Work started in the quarter from 1 April: its report is due 14 July.
    assert due(sources.quarterly_reports()) == {cast.company.pk: DAY(2026, 7, 14)}
    report = sources.quarterly_reports().get()
    assert report["ob_organization"] == cast.support_organization.pk
    assert due(sources.monthly_visits()) == {}
    assert due(sources.audits()) == {}

    import time_machine  # noqa: PLC0415

    with time_machine.travel(datetime.datetime(2026, 9, 1, tzinfo=datetime.UTC), tick=False):
        duties.record_regular_interview(
            placement_id=worker.pk,
            details=duties.InterviewDetails(interviewed_on=DAY(2026, 8, 31), interviewer="山田", supervisor="田中"),
            by=cast.support_officer,
        )
        duties.record_quarterly_report(
            company_id=cast.company.pk,
            details=duties.ReportDetails(quarter_start=DAY(2026, 4, 1), filed_on=DAY(2026, 7, 10)),
            by=cast.support_officer,
        )
    assert due(sources.regular_interviews()) == {worker.pk: DAY(2026, 11, 30)}
    assert due(sources.quarterly_reports()) == {cast.company.pk: DAY(2026, 10, 14)}


def test_a_later_stage_starts_its_own_end(trainee: Placement) -> None:
    first = StagePeriod.objects.get(placement=trainee)
    StagePeriod.objects.filter(pk=first.pk).update(ended_on=DAY(2027, 6, 21))
    second = StagePeriod.objects.create(
        placement=trainee,
        stage="titp_ii",
        started_on=DAY(2027, 6, 22),
        planned_end_on=DAY(2029, 6, 21),
        created_by=first.created_by,
    )

    assert due(sources.stage_ends()) == {second.pk: DAY(2029, 6, 21)}
    assert second.started_on > WORK_STARTS_ON


def test_it_asks_the_lpk_for_each_follow_up_not_yet_entered(cast: Cast, japan: Japan) -> None:
    placement = arrive(departed(cast, japan, cast.budi), by=cast.supervising_officer)
    home = fly_home(placement, by=cast.supervising_officer)

    rows = list(sources.follow_ups())

    assert sorted(row["ob_due"] for row in rows) == sorted(home.follow_ups.values_list("due_on", flat=True))
    assert {row["ob_organization"] for row in rows} == {cast.lpk.pk}
    assert {row["ob_participant"] for row in rows} == {cast.budi.pk}
